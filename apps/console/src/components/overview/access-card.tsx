import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { roleDescriptions, roleLabels } from "@/lib/roles";
import type { ConsoleUser } from "@/types/next-auth";

const teamRoleLabels: Record<string, string> = { TEAM_ADMIN: "Team admin", MEMBER: "Member" };

/** Who the console thinks you are: straight from the control plane's answer at sign-in. */
export function AccessCard({ user }: { user: ConsoleUser }) {
  return (
    <Card>
      <CardHeader title="Your access" description="From your SSO sign-in, as the control plane resolved it." />
      <CardBody>
        <dl className="grid grid-cols-[7rem_1fr] gap-x-4 gap-y-3">
          <dt className="text-zinc-500">Name</dt>
          <dd className="font-medium">{user.name ?? "—"}</dd>
          <dt className="text-zinc-500">Email</dt>
          <dd className="break-all">{user.email}</dd>
          <dt className="text-zinc-500">Role</dt>
          <dd>
            <Badge>{roleLabels[user.role]}</Badge>
            <p className="mt-1.5 text-zinc-500">{roleDescriptions[user.role]}</p>
          </dd>
          <dt className="text-zinc-500">Teams</dt>
          <dd>
            {user.teams.length === 0 ? (
              <span className="text-zinc-500">Not a member of any team.</span>
            ) : (
              <ul className="flex flex-wrap gap-2" data-testid="user-teams">
                {user.teams.map((team) => (
                  <li key={team.id} className="rounded-md border border-zinc-200 px-2 py-1">
                    <span className="font-medium">{team.name}</span>
                    <span className="text-zinc-500"> · {teamRoleLabels[team.role] ?? team.role}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </CardBody>
    </Card>
  );
}
