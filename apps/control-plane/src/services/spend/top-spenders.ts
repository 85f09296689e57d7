import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Session } from "../../auth/session";
import { groupLabels } from "./group-labels";
import { dimensionColumn, rangeWhere, spendDimensions, spendRangeShape, spendWhere } from "./spend-scope";

export const topSpendersInput = z
  .object({ ...spendRangeShape, by: z.enum(spendDimensions), limit: z.number().int().min(1).max(100).default(10) })
  .strict();

export interface Spender {
  group: string;
  label: string;
  costUsdDecimal: string;
  costUsd: number;
  requests: number;
  tokens: number;
}

export async function topSpenders(caller: Caller, session: Session, input: z.infer<typeof topSpendersInput>): Promise<Spender[]> {
  const column = dimensionColumn[input.by];
  const rows = await caller.prisma.spendDailyRollup.groupBy({
    by: [column],
    where: { AND: [spendWhere(caller, session), rangeWhere(input)] },
    _sum: { costUsd: true, requests: true, promptTokens: true, completionTokens: true },
    orderBy: { _sum: { costUsd: "desc" } },
    take: input.limit,
  });
  const groups = rows.map((row) => String((row as Record<string, unknown>)[column] ?? ""));
  const labels = await groupLabels(caller.prisma, caller.scope.organizationId, input.by, groups);
  return rows.map((row, index) => {
    const group = groups[index] ?? "";
    const cost = row._sum.costUsd?.toString() ?? "0";
    return {
      group,
      label: labels.get(group) ?? group,
      costUsdDecimal: cost,
      costUsd: Number(cost),
      requests: row._sum.requests ?? 0,
      tokens: Number(row._sum.promptTokens ?? 0n) + Number(row._sum.completionTokens ?? 0n),
    };
  });
}
