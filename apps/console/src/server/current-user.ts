import { redirect } from "next/navigation";
import { cache } from "react";
import type { ConsoleUser } from "@/types/next-auth";
import { clientAddress, controlPlaneClient, isUnauthorized } from "./control-plane";
import { requireConsoleUser } from "./session";

export interface CurrentUser extends ConsoleUser {
  /** True when the control plane could not be asked and the role is the one from sign-in. */
  fromSignIn: boolean;
}

/**
 * The signed-in user with the role and teams the control plane holds right now, so a role change
 * shows in the navigation at the next page load instead of the next sign-in. Once per request.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser> => {
  const user = await requireConsoleUser();
  try {
    const me = await controlPlaneClient({ userId: user.id, email: user.email, ip: await clientAddress() }).me.get.query();
    return { id: me.user.id, email: me.user.email, name: me.user.name, role: me.user.role, teams: me.teams, fromSignIn: false };
  } catch (error) {
    // Deactivated or deleted since sign-in: a new sign-in asks the control plane and shows its reason.
    if (isUnauthorized(error)) redirect("/signin?error=SessionEnded");
    return { ...user, fromSignIn: true };
  }
});
