import type { Viewer } from "@/lib/access";
import type { CurrentUser } from "./current-user";

/** What client components get to know about the signed-in user: no more than decides which controls to show. */
export function viewerOf(user: CurrentUser): Viewer {
  return { id: user.id, email: user.email, role: user.role, teams: user.teams };
}
