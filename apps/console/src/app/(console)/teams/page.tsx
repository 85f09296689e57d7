import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { TeamsView } from "@/components/teams/teams-view";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  const user = await getCurrentUser();
  if (!can(user.role, "teams:read")) {
    return (
      <>
        <PageHeader title="Teams" />
        <NoAccess what="teams" permission="teams:read" />
      </>
    );
  }
  return <TeamsView viewer={viewerOf(user)} />;
}
