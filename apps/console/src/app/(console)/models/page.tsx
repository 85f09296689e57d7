import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { ModelsView } from "@/components/models/models-view";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Models & routing" };

export default async function ModelsPage() {
  const user = await getCurrentUser();
  if (!can(user.role, "models:read")) {
    return (
      <>
        <PageHeader title="Models & routing" />
        <NoAccess what="models and routing" permission="models:read" />
      </>
    );
  }
  return <ModelsView viewer={viewerOf(user)} />;
}
