import type { SpendEventInput } from "@switchyard/schemas/spend-event";
import { spendEventSchema } from "@switchyard/schemas/spend-event";
import { Prisma } from "../src/db";
import { hashKey } from "../src/services/keys/generate-key";
import { ingestSpend } from "../src/services/spend/ingest-spend";
import { demoKey, type TestControlPlane } from "./helpers";

/** Deterministic pseudo-random numbers (mulberry32), so every run ingests the same traffic. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SpendDataset {
  /** Key ids by role in the dataset. */
  keys: { research: string; member: string; platform: string; personal: string };
  events: number;
  /** Traffic spans [start, end). */
  start: Date;
  end: Date;
}

const models = [
  { model: "demo-fast", provider: "openai-compatible" },
  { model: "demo-smart", provider: "openai-compatible" },
  { model: "gpt-4o", provider: "openai" },
  { model: "claude-sonnet", provider: "anthropic" },
] as const;

/** A latency in whole ms: mostly log-normal around ~700 ms, some cache-fast, a rare one past the last bucket. */
function latencyOf(random: () => number, modelIndex: number): number {
  const roll = random();
  if (roll < 0.15) return Math.floor(random() * 15);
  if (roll > 0.9995) return 2_000_000 + Math.floor(random() * 1000);
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(0, Math.round(Math.exp(6 + modelIndex * 0.4 + 0.9 * normal)));
}

/**
 * Creates keys across teams and owners (research: the lead's demo key and the member's key;
 * platform: the admin's key; a team-less personal key) and ingests `count` events spread over
 * ten days from 2026-09-01, plus unattributed ones (no key).
 */
export async function ingestDataset(cp: TestControlPlane, count = 2400, seed = 7): Promise<SpendDataset> {
  const admin = await cp.callerAs("ADMIN");
  const member = await cp.callerAs("MEMBER");
  const memberKey = await member.keys.create({ name: 'member, "quoted" notebook', teamId: cp.seed.teamIds.research });
  const platformKey = await admin.keys.create({ name: "=platform-bot", teamId: cp.seed.teamIds.platform });
  const personalKey = await admin.keys.create({ name: "personal\nkey" });
  const hashes = [
    hashKey(demoKey),
    hashKey(memberKey.plaintext),
    hashKey(platformKey.plaintext),
    hashKey(personalKey.plaintext),
    undefined,
  ];
  const random = randomSource(seed);
  const start = new Date("2026-09-01T00:00:00Z");
  const spanMs = 10 * 86_400_000;
  const events: SpendEventInput[] = [];
  for (let index = 0; index < count; index++) {
    const modelIndex = Math.floor(random() * models.length);
    const model = models[modelIndex] ?? models[0];
    const keyHash = hashes[Math.floor(random() * hashes.length)];
    const status = random() < 0.08 ? (random() < 0.5 ? 429 : 502) : 200;
    const micro = Math.floor(random() * 50_000_000);
    events.push({
      requestId: `dataset-${seed}-${index}`,
      timestamp: new Date(start.getTime() + Math.floor(random() * spanMs)).toISOString(),
      ...(keyHash ? { keyHash } : {}),
      model: model.model,
      provider: model.provider,
      promptTokens: Math.floor(random() * 4000),
      completionTokens: Math.floor(random() * 800),
      cachedTokens: Math.floor(random() * 100),
      // Ten decimals, so exact sums matter.
      costUsd: `0.${String(micro).padStart(8, "0")}${Math.floor(random() * 100)
        .toString()
        .padStart(2, "0")}`,
      latencyMs: latencyOf(random, modelIndex),
      status,
      cacheHit: random() < 0.1,
    });
  }
  for (let offset = 0; offset < events.length; offset += 500) {
    await ingestSpend(
      cp.prisma,
      cp.seed.organizationId,
      events.slice(offset, offset + 500).map((event) => spendEventSchema.parse(event)),
    );
  }
  return {
    keys: { research: cp.seed.virtualKeyId, member: memberKey.key.id, platform: platformKey.key.id, personal: personalKey.key.id },
    events: count,
    start,
    end: new Date(start.getTime() + spanMs),
  };
}

export interface RawGroup {
  bucket: string;
  grp: string | null;
  requests: number;
  errors: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  cost: string;
  latencySum: number;
}

export interface RawFilter {
  teamId?: string;
  keyId?: string;
  userId?: string;
  model?: string;
  provider?: string;
}

const rawColumns = { team: "team_id", key: "key_id", user: "user_id", model: "model", provider: "provider" } as const;

/** The slow way, for comparison only: aggregate spend_logs directly. */
export async function rawSums(
  cp: TestControlPlane,
  options: { start: Date; end: Date; bucket?: "hour" | "day"; groupBy?: keyof typeof rawColumns; filter?: RawFilter },
): Promise<RawGroup[]> {
  const bucket = options.bucket
    ? Prisma.raw(`to_char(date_trunc('${options.bucket}', started_at), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`)
    : Prisma.sql`'*'`;
  const group = options.groupBy ? Prisma.raw(`COALESCE(${rawColumns[options.groupBy]}, '')`) : Prisma.sql`NULL::text`;
  const filter = options.filter ?? {};
  const conditions = [
    Prisma.sql`started_at >= ${options.start.toISOString().replace("Z", "")}::timestamp`,
    Prisma.sql`started_at < ${options.end.toISOString().replace("Z", "")}::timestamp`,
    ...Object.entries(filter).map(([field, value]) => {
      const column = rawColumns[field.replace(/Id$/, "") as keyof typeof rawColumns];
      return Prisma.sql`COALESCE(${Prisma.raw(column)}, '') = ${value}`;
    }),
  ];
  const rows = await cp.prisma.$queryRaw<
    {
      bucket: string;
      grp: string | null;
      requests: bigint;
      errors: bigint;
      hits: bigint;
      prompt: bigint;
      completion: bigint;
      cached: bigint;
      cost: string;
      latency: bigint;
    }[]
  >`
    SELECT ${bucket} AS bucket, ${group} AS grp, COUNT(*) AS requests, COUNT(*) FILTER (WHERE status >= 400) AS errors,
      COUNT(*) FILTER (WHERE cache_hit) AS hits, SUM(prompt_tokens)::bigint AS prompt, SUM(completion_tokens)::bigint AS completion,
      SUM(cached_tokens)::bigint AS cached, SUM(cost_usd)::text AS cost, SUM(latency_ms)::bigint AS latency
    FROM spend_logs WHERE ${Prisma.join(conditions, " AND ")}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows.map((row) => ({
    bucket: row.bucket,
    grp: row.grp,
    requests: Number(row.requests),
    errors: Number(row.errors),
    cacheHits: Number(row.hits),
    promptTokens: Number(row.prompt),
    completionTokens: Number(row.completion),
    cachedTokens: Number(row.cached),
    cost: row.cost.replace(/0+$/, "").replace(/\.$/, ""),
    latencySum: Number(row.latency),
  }));
}

/** Exact decimal addition of USD strings (≤ 10 decimals) via integers. */
export function sumDecimals(values: string[]): string {
  const scale = 10n ** 10n;
  const total = values.reduce((sum, value) => {
    const [whole = "0", fraction = ""] = value.split(".");
    return sum + BigInt(whole) * scale + BigInt(fraction.padEnd(10, "0").slice(0, 10));
  }, 0n);
  const fraction = (total % scale).toString().padStart(10, "0").replace(/0+$/, "");
  return `${total / scale}${fraction ? `.${fraction}` : ""}`;
}
