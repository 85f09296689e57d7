import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { KeysView } from "@/components/keys/keys-view";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/env";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Keys" };

export default async function KeysPage({ searchParams }: { searchParams: Promise<{ team?: string | string[] }> }) {
  const [user, query] = await Promise.all([getCurrentUser(), searchParams]);
  if (!can(user.role, "keys:read")) {
    return (
      <>
        <PageHeader title="Keys" />
        <NoAccess what="keys" permission="keys:read" />
      </>
    );
  }
  const team = typeof query.team === "string" ? query.team : undefined;
  return <KeysView viewer={viewerOf(user)} gatewayUrl={env().GATEWAY_URL} initialTeamId={team} />;
}
