import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Prisma } from "../../db";
import { iso } from "../../util/dates";

export const listAuditInput = z
  .object({
    action: z.string().min(1).optional(),
    actorId: z.string().min(1).optional(),
    targetType: z.string().min(1).optional(),
    targetId: z.string().min(1).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Id of the last row of the previous page. */
    cursor: z.string().min(1).optional(),
  })
  .strict()
  .default({ limit: 100 });

export interface AuditView {
  id: string;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  createdAt: string;
}

export async function listAudit(
  caller: Caller,
  input: z.infer<typeof listAuditInput>,
): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  const where: Prisma.AuditLogWhereInput = {
    organizationId: caller.scope.organizationId,
    ...(input.action ? { action: input.action } : {}),
    ...(input.actorId ? { actorId: input.actorId } : {}),
    ...(input.targetType ? { targetType: input.targetType } : {}),
    ...(input.targetId ? { targetId: input.targetId } : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: new Date(input.from) } : {}), ...(input.to ? { lt: new Date(input.to) } : {}) } }
      : {}),
  };
  const rows = await caller.prisma.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      action: row.action,
      actorId: row.actorId,
      actorEmail: row.actorEmail,
      targetType: row.targetType,
      targetId: row.targetId,
      before: row.before,
      after: row.after,
      ip: row.ip,
      createdAt: iso(row.createdAt),
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
