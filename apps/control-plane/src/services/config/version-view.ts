import type { Prisma } from "../../db";
import { iso } from "../../util/dates";

type VersionRow = Prisma.ConfigVersionGetPayload<object>;

export interface ConfigVersionView {
  id: string;
  number: number;
  sha256: string;
  authorId: string | null;
  authorEmail: string | null;
  message: string;
  /** Set when this version restores an earlier one. */
  rollbackOf: number | null;
  publishedAt: string | null;
  createdAt: string;
}

export function toVersionView(row: Omit<VersionRow, "snapshot">): ConfigVersionView {
  return {
    id: row.id,
    number: row.number,
    sha256: row.sha256,
    authorId: row.authorId,
    authorEmail: row.authorEmail,
    message: row.message,
    rollbackOf: row.rollbackOf,
    publishedAt: iso(row.publishedAt),
    createdAt: iso(row.createdAt),
  };
}

/** Every column but the (large) snapshot, for lists. */
export const versionSummarySelect = {
  id: true,
  organizationId: true,
  number: true,
  sha256: true,
  authorId: true,
  authorEmail: true,
  message: true,
  rollbackOf: true,
  publishedAt: true,
  createdAt: true,
} satisfies Prisma.ConfigVersionSelect;
