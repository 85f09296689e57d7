import { can } from "@switchyard/schemas";
import type { Caller } from "../../auth/caller";
import { budgetWhere } from "../../auth/data-scope";
import type { Session } from "../../auth/session";
import { budgetInclude } from "../budgets/budget-view";
import { listDataPlanes } from "../data-planes/data-planes";
import { spentInWindows } from "../spend/budget-spend";
import { type BudgetUtilisation, utilisationOf, windowOf } from "../spend/budget-utilisation";
import { addHistograms, emptyHistogram, percentileOf } from "../spend/latency-histogram";
import { latencyHistograms } from "../spend/latency-percentiles";
import { resolveRange } from "../spend/spend-range";
import { type MeasureRow, measuresSql, rollupTable, rollupWhereSql, type SpendMeasures, spendReach, toMeasures } from "../spend/spend-sql";
import { type Spender, topSpenders } from "../spend/top-spenders";

export interface OverviewGateway {
  instanceId: string;
  appliedVersion: number | null;
  /** Runs the latest published version. */
  current: boolean;
  online: boolean;
  status: string;
  lastSeenAt: string;
}

export interface Overview {
  /** The organisation budget's current window when there is one (and the caller sees it), else the UTC calendar month. */
  period: { start: string; end: string; basis: "organization-budget" | "calendar-month" };
  /** Whose spend the figures cover: the organisation, the caller's teams, or the caller's own requests. */
  reach: "organization" | "teams" | "own";
  totals: SpendMeasures;
  /** Spend this period against the organisation budget; null without one or for callers who do not see all spend. */
  budget: BudgetUtilisation | null;
  latency: { p50Ms: number | null; p95Ms: number | null };
  topModels: Spender[];
  topTeams: Spender[];
  /** null for roles without dataplanes:read. */
  gateways: { latestVersion: number | null; instances: OverviewGateway[] } | null;
}

function calendarMonth(now: Date): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/** Everything the console's Overview page shows, in one call, from the rollups. */
export async function getOverview(caller: Caller, session: Session, now = new Date()): Promise<Overview> {
  const reach = spendReach(caller, session);
  const organizationBudget =
    reach.kind === "organization" && can(session.user.role, "budgets:read")
      ? await caller.prisma.budget.findFirst({
          where: { AND: [budgetWhere(caller.scope), { scope: "ORGANIZATION" }] },
          include: budgetInclude,
        })
      : null;
  const window = organizationBudget ? windowOf(organizationBudget, now) : undefined;
  const period = window ?? calendarMonth(now);
  const bounds = { from: period.start.toISOString(), to: period.end.toISOString() };
  const range = resolveRange(bounds);
  const { table } = rollupTable(range);

  const [totalRows, models, topModels, topTeams, dataPlanes, spent] = await Promise.all([
    caller.prisma.$queryRaw<MeasureRow[]>`SELECT ${measuresSql} FROM ${table} WHERE ${rollupWhereSql(reach, range, {})}`,
    latencyHistograms(caller, session, range, {}, "model"),
    topSpenders(caller, session, { ...bounds, by: "model", limit: 5 }),
    topSpenders(caller, session, { ...bounds, by: "team", limit: 5 }),
    can(session.user.role, "dataplanes:read") ? listDataPlanes(caller) : undefined,
    window ? spentInWindows(caller.prisma, caller.scope.organizationId, [window]) : undefined,
  ]);
  const histogram = emptyHistogram();
  for (const model of models) addHistograms(histogram, model.histogram);
  const totalRow = totalRows[0];
  return {
    period: {
      start: period.start.toISOString(),
      end: period.end.toISOString(),
      basis: window ? "organization-budget" : "calendar-month",
    },
    reach: reach.kind,
    totals: toMeasures(
      totalRow ?? {
        requests: 0n,
        errors: 0n,
        cache_hits: 0n,
        prompt_tokens: 0n,
        completion_tokens: 0n,
        cached_tokens: 0n,
        cost_usd: "0",
        latency_ms_sum: 0n,
      },
    ),
    budget: organizationBudget && window ? utilisationOf(organizationBudget, window, spent?.get(organizationBudget.id) ?? 0n, now) : null,
    latency: { p50Ms: percentileOf(histogram, 0.5), p95Ms: percentileOf(histogram, 0.95) },
    topModels,
    topTeams,
    gateways: dataPlanes
      ? {
          latestVersion: dataPlanes.latestVersion,
          instances: dataPlanes.dataPlanes.map((plane) => ({
            instanceId: plane.instanceId,
            appliedVersion: plane.appliedVersion,
            current: plane.upToDate,
            online: plane.online,
            status: plane.status,
            lastSeenAt: plane.lastSeenAt,
          })),
        }
      : null,
  };
}
