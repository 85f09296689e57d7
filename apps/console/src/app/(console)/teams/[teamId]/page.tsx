import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { TeamDetail } from "@/components/teams/team-detail";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const [{ teamId }, user] = await Promise.all([params, getCurrentUser()]);
  if (!can(user.role, "teams:read")) {
    return (
      <>
        <PageHeader title="Team" />
        <NoAccess what="teams" permission="teams:read" />
      </>
    );
  }
  return <TeamDetail teamId={teamId} viewer={viewerOf(user)} />;
}
