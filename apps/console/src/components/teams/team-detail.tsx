"use client";

import { can } from "@switchyard/schemas";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { PublishBar } from "@/components/config/publish-bar";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState, Skeleton } from "@/components/ui/state";
import { canManageTeam, type Viewer } from "@/lib/access";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { TeamActions } from "./team-actions";
import { TeamBudgetCard } from "./team-budget-card";
import { TeamLimitsCard } from "./team-limits-card";
import { TeamMembersCard } from "./team-members-card";

function BackLink() {
  return (
    <Link href="/teams" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900">
      <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M12 5l-5 5 5 5" />
      </svg>
      Teams
    </Link>
  );
}

export function TeamDetail({ teamId, viewer }: { teamId: string; viewer: Viewer }) {
  const trpc = useTRPC();
  // There is no single-team read: the list is already scoped to what this role may see.
  const teams = useQuery(trpc.teams.list.queryOptions({ includeArchived: true }));
  return (
    <>
      <BackLink />
      <QueryState
        query={teams}
        what="the team"
        loading={
          <div className="space-y-4">
            <Skeleton className="h-10 w-64" />
            <Skeleton className="h-48 w-full" />
          </div>
        }
      >
        {(rows) => {
          const team = rows.find((candidate) => candidate.id === teamId);
          if (!team) {
            return <EmptyState title="Team not found">It does not exist, or it is not one of the teams you may see.</EmptyState>;
          }
          const organisationWide = can(viewer.role, "teams:write");
          const manage = canManageTeam(viewer, team.id) && team.archivedAt === null;
          return (
            <>
              <PageHeader
                title={team.name}
                description={
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs">{team.slug}</span>
                    <span aria-hidden>·</span>
                    <span>created {formatDate(team.createdAt)}</span>
                    {team.archivedAt ? <Badge tone="warning">Archived {formatDate(team.archivedAt)}</Badge> : null}
                  </span>
                }
                actions={
                  <>
                    {can(viewer.role, "keys:read") ? (
                      <Link href={`/keys?team=${team.id}`} className={buttonClasses("secondary")}>
                        Keys
                      </Link>
                    ) : null}
                    {organisationWide ? <TeamActions team={team} /> : null}
                  </>
                }
              />
              <PublishBar role={viewer.role} />
              <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[3fr_2fr]">
                <TeamMembersCard teamId={team.id} members={team.members} viewer={viewer} manage={manage} />
                <div className="grid min-w-0 content-start gap-6">
                  <TeamLimitsCard team={team} editable={organisationWide && team.archivedAt === null} />
                  {can(viewer.role, "budgets:read") ? (
                    <TeamBudgetCard team={team} editable={organisationWide && can(viewer.role, "budgets:write")} />
                  ) : null}
                </div>
              </div>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
