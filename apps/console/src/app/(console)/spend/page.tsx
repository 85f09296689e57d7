import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { SpendView } from "@/components/spend/spend-view";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { filtersFromParams } from "@/lib/spend-filters";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Spend" };

export default async function SpendPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, params] = await Promise.all([getCurrentUser(), searchParams]);
  if (!can(user.role, "spend:read")) {
    return (
      <>
        <PageHeader title="Spend" />
        <NoAccess what="spend" permission="spend:read" />
      </>
    );
  }
  return <SpendView viewer={viewerOf(user)} initialFilters={filtersFromParams(params)} />;
}
