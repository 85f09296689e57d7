import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/server/current-user";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const user = await getCurrentUser();
  if (!can(user.role, "audit:read")) {
    return (
      <>
        <PageHeader title="Audit log" />
        <NoAccess what="the audit log" permission="audit:read" />
      </>
    );
  }
  return <AuditView role={user.role} />;
}
