import type { Database } from "../../db";
import type { Env } from "../../env";
import { AppError } from "../../errors";

/**
 * Data planes and SSO sign-ins are not tied to a user, so they belong to the
 * deployment's organisation: SWITCHYARD_ORGANIZATION (a slug) or the oldest one.
 */
export async function resolveOrganizationId(prisma: Database, env: Env): Promise<string> {
  const organization = env.SWITCHYARD_ORGANIZATION
    ? await prisma.organization.findUnique({ where: { slug: env.SWITCHYARD_ORGANIZATION }, select: { id: true } })
    : await prisma.organization.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!organization) throw new AppError("unavailable", "no organisation exists yet; run the seed or create one");
  return organization.id;
}
