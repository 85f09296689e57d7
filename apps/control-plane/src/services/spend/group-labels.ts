import type { Database } from "../../db";
import type { SpendDimension } from "./spend-sql";

/** Human labels for rollup group values (team slug, key name and prefix, user email). */
export async function groupLabels(
  prisma: Database,
  organizationId: string,
  dimension: SpendDimension,
  values: string[],
): Promise<Map<string, string>> {
  const ids = values.filter((value) => value !== "");
  const labels = new Map<string, string>([["", "(none)"]]);
  if (ids.length === 0) return labels;
  if (dimension === "team") {
    for (const team of await prisma.team.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, slug: true } })) {
      labels.set(team.id, team.slug);
    }
  } else if (dimension === "key") {
    for (const key of await prisma.virtualKey.findMany({
      where: { organizationId, id: { in: ids } },
      select: { id: true, name: true, prefix: true },
    })) {
      labels.set(key.id, `${key.name} (${key.prefix}…)`);
    }
  } else if (dimension === "user") {
    for (const user of await prisma.user.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, email: true } })) {
      labels.set(user.id, user.email);
    }
  }
  for (const value of ids) if (!labels.has(value)) labels.set(value, value);
  return labels;
}
