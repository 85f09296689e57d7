import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { UserMenu } from "@/components/shell/user-menu";
import { navigationFor } from "@/lib/navigation";
import { getCurrentUser } from "@/server/current-user";

/** Every console page needs a session; the control plane checks permissions again on every call. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <AppShell sections={navigationFor(user.role)} header={<UserMenu user={user} />}>
      {children}
    </AppShell>
  );
}
