import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { GuardrailsView } from "@/components/guardrails/guardrails-view";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Guardrails" };

export default async function GuardrailsPage() {
  const user = await getCurrentUser();
  if (!can(user.role, "guardrails:read")) {
    return (
      <>
        <PageHeader title="Guardrails" />
        <NoAccess what="guardrails" permission="guardrails:read" />
      </>
    );
  }
  return <GuardrailsView viewer={viewerOf(user)} />;
}
