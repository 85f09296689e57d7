import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { ConfigVersionsView } from "@/components/config/config-versions-view";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Config versions" };

export default async function ConfigVersionsPage() {
  const user = await getCurrentUser();
  if (!can(user.role, "config:read")) {
    return (
      <>
        <PageHeader title="Config versions" />
        <NoAccess what="configuration versions" permission="config:read" />
      </>
    );
  }
  return <ConfigVersionsView viewer={viewerOf(user)} />;
}
