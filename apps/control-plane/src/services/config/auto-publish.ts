import type { Actor } from "../../auth/caller";
import type { Session } from "../../auth/session";
import { type PublishDeps, publishConfig } from "./publish";

/**
 * Runs after a config-affecting mutation has committed. The mutation stands even
 * if publishing fails (e.g. the new state does not compile): it stays a draft and
 * the failure is logged, not thrown at the person who made the change.
 */
export async function publishIfAutomatic(
  deps: PublishDeps & { session: Session | null; ip: string | undefined },
  actor: Omit<Actor, "ip">,
  message: string,
): Promise<void> {
  const organizationId = deps.session?.user.organizationId;
  if (!organizationId) return;
  const organization = await deps.prisma.organization.findUnique({ where: { id: organizationId }, select: { autoPublish: true } });
  if (!organization?.autoPublish) return;
  try {
    await publishConfig(deps, organizationId, { ...actor, ip: deps.ip }, { message, skipIfUnchanged: true });
  } catch (error) {
    deps.log.warn({ err: error, organizationId }, "auto-publish failed; the change is kept as a draft");
  }
}
