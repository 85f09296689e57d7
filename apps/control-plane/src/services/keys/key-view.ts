import type { Caller } from "../../auth/caller";
import { keyWhere } from "../../auth/data-scope";
import type { Prisma, Transaction } from "../../db";
import { AppError } from "../../errors";
import { iso } from "../../util/dates";

export const keyInclude = {
  team: { select: { id: true, slug: true, name: true } },
  owner: { select: { id: true, email: true } },
} satisfies Prisma.VirtualKeyInclude;
type KeyRow = Prisma.VirtualKeyGetPayload<{ include: typeof keyInclude }>;

export type KeyStatus = "active" | "grace" | "expired" | "revoked";

/** What lists show: never the hash, never the plaintext. */
export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  status: KeyStatus;
  team: { id: string; slug: string; name: string } | null;
  owner: { id: string; email: string } | null;
  allowedModels: string[];
  rpm: number | null;
  tpm: number | null;
  maxParallel: number | null;
  expiresAt: string | null;
  revokedAt: string | null;
  graceUntil: string | null;
  rotatedFromId: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export function keyStatus(row: { revokedAt: Date | null; graceUntil: Date | null; expiresAt: Date | null }, now = new Date()): KeyStatus {
  if (row.revokedAt) return "revoked";
  if (row.graceUntil) return row.graceUntil > now ? "grace" : "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

export function toKeyView(row: KeyRow): KeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    status: keyStatus(row),
    team: row.team,
    owner: row.owner,
    allowedModels: row.allowedModels,
    rpm: row.rpm,
    tpm: row.tpm,
    maxParallel: row.maxParallel,
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    graceUntil: iso(row.graceUntil),
    rotatedFromId: row.rotatedFromId,
    lastUsedAt: iso(row.lastUsedAt),
    createdAt: iso(row.createdAt),
  };
}

/** A key inside the caller's scope, else "not found". */
export async function findScopedKey(tx: Transaction, caller: Caller, keyId: string): Promise<KeyRow> {
  const key = await tx.virtualKey.findFirst({ where: { AND: [keyWhere(caller.scope), { id: keyId }] }, include: keyInclude });
  if (!key) throw new AppError("not_found", "key not found");
  return key;
}
