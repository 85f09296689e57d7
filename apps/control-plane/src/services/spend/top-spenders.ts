import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Session } from "../../auth/session";
import { Prisma } from "../../db";
import { groupLabels } from "./group-labels";
import { rangeIsOrdered, rangeOrderIssue, resolveRange } from "./spend-range";
import {
  dimensionColumn,
  type MeasureRow,
  measuresSql,
  rollupTable,
  rollupWhereSql,
  type SpendMeasures,
  spendDimensions,
  spendFilterShape,
  spendReach,
  toMeasures,
  trimDecimal,
} from "./spend-sql";

export const topSpendersShape = { ...spendFilterShape, by: z.enum(spendDimensions), limit: z.number().int().min(1).max(100).default(10) };
export const topSpendersInput = z.object(topSpendersShape).strict().refine(rangeIsOrdered, rangeOrderIssue);
export type TopSpendersInput = z.infer<typeof topSpendersInput>;

export interface Spender extends SpendMeasures {
  group: string;
  label: string;
  /** Prompt + completion tokens (same as totalTokens). */
  tokens: number;
  /** This group's fraction of the total cost of everything the query matched. */
  share: number;
}

interface SpenderRow extends MeasureRow {
  grp: string;
  total_cost: string;
}

/** The biggest spenders by cost (ties by name), with their share of the matched total. */
export async function topSpenders(caller: Caller, session: Session, input: TopSpendersInput): Promise<Spender[]> {
  const range = resolveRange(input);
  const { table } = rollupTable(range);
  const column = Prisma.raw(dimensionColumn[input.by]);
  const rows = await caller.prisma.$queryRaw<SpenderRow[]>`
    SELECT ${column} AS grp, ${measuresSql}, COALESCE(SUM(SUM(cost_usd)) OVER (), 0)::text AS total_cost
    FROM ${table}
    WHERE ${rollupWhereSql(spendReach(caller, session), range, input)}
    GROUP BY 1
    ORDER BY SUM(cost_usd) DESC, 1
    LIMIT ${input.limit}`;
  const labels = await groupLabels(
    caller.prisma,
    caller.scope.organizationId,
    input.by,
    rows.map((row) => row.grp),
  );
  return rows.map((row) => {
    const measures = toMeasures(row);
    const total = Number(trimDecimal(row.total_cost));
    return {
      group: row.grp,
      label: labels.get(row.grp) ?? row.grp,
      ...measures,
      tokens: measures.totalTokens,
      share: total > 0 ? measures.costUsd / total : 0,
    };
  });
}
