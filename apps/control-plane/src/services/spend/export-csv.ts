import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Session } from "../../auth/session";
import { type CsvValue, toCsv } from "../../util/csv";
import { budgetScopes } from "../budgets/list-budgets";
import { budgetUtilisation } from "./budget-utilisation";
import { burnDown } from "./burn-down";
import { latencyPercentiles, latencyShape } from "./latency-percentiles";
import { spendOverTime, spendOverTimeShape } from "./spend-over-time";
import { rangeIsOrdered, rangeOrderIssue } from "./spend-range";
import { topSpenders, topSpendersShape } from "./top-spenders";

/**
 * CSV of any dashboard query, built from the same service call the dashboard makes, so
 * its rows and totals are the query's. Spend reports need spend:read; budget reports
 * budgets:read (two procedures, one permission each).
 */
export const spendExportInput = z.discriminatedUnion("report", [
  z
    .object({ report: z.literal("overTime"), ...spendOverTimeShape })
    .strict()
    .refine(rangeIsOrdered, rangeOrderIssue),
  z
    .object({ report: z.literal("topSpenders"), ...topSpendersShape })
    .strict()
    .refine(rangeIsOrdered, rangeOrderIssue),
  z
    .object({ report: z.literal("latency"), ...latencyShape })
    .strict()
    .refine(rangeIsOrdered, rangeOrderIssue),
]);
export type SpendExportInput = z.infer<typeof spendExportInput>;

export const budgetExportInput = z.discriminatedUnion("report", [
  z.object({ report: z.literal("budgets"), scope: z.enum(budgetScopes).optional(), teamId: z.string().min(1).optional() }).strict(),
  z.object({ report: z.literal("burnDown"), budgetId: z.string().min(1) }).strict(),
]);
export type BudgetExportInput = z.infer<typeof budgetExportInput>;

export interface CsvExport {
  filename: string;
  /** RFC 4180 text (CRLF line ends, header row). */
  csv: string;
  /** Data rows, without the header. */
  rows: number;
}

function fileName(...parts: (string | undefined)[]): string {
  const stem = parts
    .filter((part): part is string => part !== undefined && part !== "")
    .map((part) => part.replace(/[^A-Za-z0-9._-]+/g, "-"))
    .join("_");
  return `${stem}.csv`;
}

function csvExport(filename: string, header: readonly string[], rows: CsvValue[][]): CsvExport {
  return { filename, csv: toCsv(header, rows), rows: rows.length };
}

export async function exportSpendCsv(caller: Caller, session: Session, input: SpendExportInput): Promise<CsvExport> {
  switch (input.report) {
    case "overTime": {
      const points = await spendOverTime(caller, session, input);
      return csvExport(
        fileName("spend", input.bucket, input.from, input.to, input.groupBy && `by-${input.groupBy}`),
        [
          "bucket_start",
          "group",
          "label",
          "requests",
          "errors",
          "error_rate",
          "cache_hits",
          "prompt_tokens",
          "completion_tokens",
          "cached_tokens",
          "cost_usd",
          "cost_micros",
          "avg_latency_ms",
        ],
        points.map((point) => [
          point.bucketStart,
          point.group,
          point.label,
          point.requests,
          point.errors,
          point.errorRate,
          point.cacheHits,
          point.promptTokens,
          point.completionTokens,
          point.cachedTokens,
          point.costUsdDecimal,
          point.costMicros,
          point.avgLatencyMs,
        ]),
      );
    }
    case "topSpenders": {
      const spenders = await topSpenders(caller, session, input);
      return csvExport(
        fileName("top", input.by, input.from, input.to),
        ["rank", "group", "label", "cost_usd", "cost_micros", "share", "requests", "errors", "prompt_tokens", "completion_tokens"],
        spenders.map((spender, index) => [
          index + 1,
          spender.group,
          spender.label,
          spender.costUsdDecimal,
          spender.costMicros,
          spender.share,
          spender.requests,
          spender.errors,
          spender.promptTokens,
          spender.completionTokens,
        ]),
      );
    }
    case "latency": {
      const report = await latencyPercentiles(caller, session, input);
      const row = (group: string, label: string, stats: typeof report.overall): CsvValue[] => [
        group,
        label,
        stats.requests,
        stats.measured,
        stats.avgMs,
        stats.p50Ms,
        stats.p95Ms,
        stats.p99Ms,
      ];
      return csvExport(
        fileName("latency", input.by, input.from, input.to),
        ["group", "label", "requests", "measured", "avg_ms", "p50_ms", "p95_ms", "p99_ms"],
        [...report.groups.map((group) => row(group.group, group.label, group)), row("*", "(all)", report.overall)],
      );
    }
  }
}

function targetOf(budget: { scope: string; team: { slug: string } | null; user: { email: string } | null; key: { name: string } | null }) {
  return budget.team?.slug ?? budget.user?.email ?? budget.key?.name ?? budget.scope.toLowerCase();
}

export async function exportBudgetCsv(caller: Caller, input: BudgetExportInput, now = new Date()): Promise<CsvExport> {
  if (input.report === "budgets") {
    const items = await budgetUtilisation(caller, input, now);
    return csvExport(
      fileName("budgets", now.toISOString().slice(0, 10)),
      [
        "budget_id",
        "scope",
        "target",
        "period",
        "amount_usd",
        "window_start",
        "reset_at",
        "spent_usd",
        "spent_micros",
        "utilisation",
        "forecast_usd",
        "daily_rate_usd",
        "projected_exhaustion_at",
        "over_soft_threshold",
        "over_budget",
      ],
      items.map((item) => [
        item.budget.id,
        item.budget.scope,
        targetOf(item.budget),
        item.budget.period,
        item.budget.amountUsd,
        item.windowStart,
        item.resetAt,
        item.spentUsd,
        item.spentMicros,
        item.utilisation,
        item.forecastUsd,
        item.dailyRateUsd,
        item.projectedExhaustionAt,
        item.overSoftThreshold,
        item.overBudget,
      ]),
    );
  }
  const report = await burnDown(caller, input, now);
  return csvExport(
    fileName("burn-down", targetOf(report.utilisation.budget), report.utilisation.windowStart.slice(0, 10)),
    ["bucket_start", "bucket_end", "spend_usd", "cumulative_usd", "forecast_cumulative_usd", "remaining_usd", "ideal_remaining_usd"],
    report.points.map((point) => [
      point.bucketStart,
      point.bucketEnd,
      point.spendUsd,
      point.cumulativeUsd,
      point.forecastCumulativeUsd,
      point.remainingUsd,
      point.idealRemainingUsd,
    ]),
  );
}
