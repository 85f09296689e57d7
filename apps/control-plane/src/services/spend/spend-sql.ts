import { can } from "@switchyard/schemas";
import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { type SpendReach, spendReachOf } from "../../auth/data-scope";
import type { Session } from "../../auth/session";
import { Prisma } from "../../db";
import { decimalUsdToMicros } from "../../util/money";
import { rollupGrains } from "./rollup-upsert";
import { rangeBound, type SpendRange } from "./spend-range";

/**
 * The shared pieces of every dashboard query: filters, the reader's reach and the rollup
 * table to read. Dashboards read only spend_daily_rollups / spend_hourly_rollups, never
 * spend_logs; identifiers in the SQL come from the fixed maps below, values are parameters.
 */
export const spendDimensions = ["team", "key", "user", "model", "provider"] as const;
export type SpendDimension = (typeof spendDimensions)[number];

export const dimensionColumn: Record<SpendDimension, string> = {
  team: "team_id",
  key: "key_id",
  user: "user_id",
  model: "model",
  provider: "provider",
};

const id = z.string().min(1).max(200);
export const spendFilterShape = {
  from: rangeBound,
  to: rangeBound,
  teamId: id.optional(),
  keyId: id.optional(),
  userId: id.optional(),
  model: id.optional(),
  provider: id.optional(),
};
export interface SpendFilters {
  teamId?: string | undefined;
  keyId?: string | undefined;
  userId?: string | undefined;
  model?: string | undefined;
  provider?: string | undefined;
}

/** FINANCE and ADMIN (spend:read-all) reach the organisation, TEAM_ADMIN their teams, others their own requests. */
export function spendReach(caller: Caller, session: Session): SpendReach {
  return spendReachOf(caller.scope, can(session.user.role, "spend:read-all"));
}

/** Text PostgreSQL reads as a `timestamp` (UTC, like every stored time) regardless of the session time zone. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

export function rollupTable(range: SpendRange): { table: Prisma.Sql; time: Prisma.Sql } {
  const grain = rollupGrains[range.grain];
  return { table: Prisma.raw(grain.table), time: Prisma.raw(grain.column) };
}

/** The bucket start of a rollup row as ISO text ("2026-10-10T13:00:00Z"); no driver time-zone conversions. */
export function bucketTextSql(range: SpendRange): Prisma.Sql {
  return Prisma.raw(`to_char(${rollupGrains[range.grain].column}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
}

export function rollupWhereSql(reach: SpendReach, range: SpendRange, filters: SpendFilters): Prisma.Sql {
  const { time } = rollupTable(range);
  const cast = Prisma.raw(range.grain === "day" ? "date" : "timestamp");
  const conditions: Prisma.Sql[] = [
    Prisma.sql`organization_id = ${reach.organizationId}`,
    Prisma.sql`${time} >= ${sqlTimestamp(range.start)}::${cast}`,
    Prisma.sql`${time} < ${sqlTimestamp(range.end)}::${cast}`,
  ];
  if (reach.kind === "teams") {
    conditions.push(reach.teamIds.length > 0 ? Prisma.sql`team_id IN (${Prisma.join(reach.teamIds)})` : Prisma.sql`FALSE`);
  }
  if (reach.kind === "own") conditions.push(Prisma.sql`user_id = ${reach.userId}`);
  if (filters.teamId) conditions.push(Prisma.sql`team_id = ${filters.teamId}`);
  if (filters.keyId) conditions.push(Prisma.sql`key_id = ${filters.keyId}`);
  if (filters.userId) conditions.push(Prisma.sql`user_id = ${filters.userId}`);
  if (filters.model) conditions.push(Prisma.sql`model = ${filters.model}`);
  if (filters.provider) conditions.push(Prisma.sql`provider = ${filters.provider}`);
  return Prisma.join(conditions, " AND ");
}

/** Sums every query selects; cost stays exact as NUMERIC text. */
export const measuresSql = Prisma.sql`SUM(requests)::bigint AS requests, SUM(errors)::bigint AS errors,
  SUM(cache_hits)::bigint AS cache_hits, SUM(prompt_tokens)::bigint AS prompt_tokens,
  SUM(completion_tokens)::bigint AS completion_tokens, SUM(cached_tokens)::bigint AS cached_tokens,
  COALESCE(SUM(cost_usd), 0)::text AS cost_usd, SUM(latency_ms_sum)::bigint AS latency_ms_sum`;

export interface MeasureRow {
  requests: bigint | null;
  errors: bigint | null;
  cache_hits: bigint | null;
  prompt_tokens: bigint | null;
  completion_tokens: bigint | null;
  cached_tokens: bigint | null;
  cost_usd: string;
  latency_ms_sum: bigint | null;
}

export interface SpendMeasures {
  /** Exact decimal USD (up to 10 decimals), and the same as a number for charts. */
  costUsdDecimal: string;
  costUsd: number;
  /** Integer micro-dollars, truncated below one micro-dollar. */
  costMicros: number;
  requests: number;
  errors: number;
  /** errors / requests; 0 without requests. */
  errorRate: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  totalTokens: number;
  avgLatencyMs: number | null;
}

/** "1.6250000000" → "1.625", "0.0000000000" → "0". */
export function trimDecimal(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}

export function toMeasures(row: MeasureRow): SpendMeasures {
  const requests = Number(row.requests ?? 0n);
  const errors = Number(row.errors ?? 0n);
  const promptTokens = Number(row.prompt_tokens ?? 0n);
  const completionTokens = Number(row.completion_tokens ?? 0n);
  const cost = trimDecimal(row.cost_usd);
  return {
    costUsdDecimal: cost,
    costUsd: Number(cost),
    costMicros: Number(decimalUsdToMicros(cost)),
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    cacheHits: Number(row.cache_hits ?? 0n),
    promptTokens,
    completionTokens,
    cachedTokens: Number(row.cached_tokens ?? 0n),
    totalTokens: promptTokens + completionTokens,
    avgLatencyMs: requests > 0 ? Number(row.latency_ms_sum ?? 0n) / requests : null,
  };
}
