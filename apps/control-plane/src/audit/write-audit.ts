import type { Actor } from "../auth/caller";
import type { Prisma, Transaction } from "../db";
import { redact } from "./redact";

export interface AuditEntry {
  organizationId: string;
  /** noun-verb, e.g. "key-created". */
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

function asJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return redact(value) as Prisma.InputJsonValue;
}

/** Must be called with the transaction that makes the change, so both commit or neither does. */
export async function writeAudit(tx: Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      organizationId: entry.organizationId,
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      before: asJson(entry.before),
      after: asJson(entry.after),
      ip: actor.ip ?? null,
    },
  });
}
