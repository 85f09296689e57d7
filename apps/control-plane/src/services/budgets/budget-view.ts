import type { Prisma } from "../../db";
import { iso } from "../../util/dates";
import { microsToNumber, microsToUsd } from "../../util/money";
import type { BudgetPeriod } from "./budget-period";

export const budgetInclude = {
  team: { select: { id: true, slug: true, name: true } },
  user: { select: { id: true, email: true } },
  key: { select: { id: true, name: true, prefix: true, teamId: true } },
} satisfies Prisma.BudgetInclude;
type BudgetRow = Prisma.BudgetGetPayload<{ include: typeof budgetInclude }>;

export interface BudgetView {
  id: string;
  scope: "ORGANIZATION" | "TEAM" | "USER" | "KEY";
  team: { id: string; slug: string; name: string } | null;
  user: { id: string; email: string } | null;
  key: { id: string; name: string; prefix: string } | null;
  /** Integer micro-dollars (1 USD = 1,000,000). */
  amountMicros: number;
  amountUsd: number;
  period: BudgetPeriod;
  softThreshold: number | null;
  resetAt: string;
  updatedAt: string;
}

export function toBudgetView(row: BudgetRow): BudgetView {
  return {
    id: row.id,
    scope: row.scope,
    team: row.team,
    user: row.user,
    key: row.key ? { id: row.key.id, name: row.key.name, prefix: row.key.prefix } : null,
    amountMicros: microsToNumber(row.amountMicros),
    amountUsd: microsToUsd(row.amountMicros),
    period: row.period,
    softThreshold: row.softThreshold === null ? null : Number(row.softThreshold.toString()),
    resetAt: iso(row.resetAt),
    updatedAt: iso(row.updatedAt),
  };
}
