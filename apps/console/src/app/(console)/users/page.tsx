import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import { NoAccess } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { UsersView } from "@/components/users/users-view";
import { getCurrentUser } from "@/server/current-user";
import { viewerOf } from "@/server/viewer";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await getCurrentUser();
  if (!can(user.role, "users:write")) {
    return (
      <>
        <PageHeader title="Users" />
        <NoAccess what="user management" permission="users:write" />
      </>
    );
  }
  return <UsersView viewer={viewerOf(user)} />;
}
