import { z } from "zod";

/**
 * One metered request, as gateways report it to `POST /dataplane/spend` in batches
 * of `{ events: SpendEvent[] }`. The control plane ingests idempotently by
 * requestId, so gateways may resend a batch after a timeout without double counting.
 * Unknown fields are dropped (not rejected) so newer gateways can talk to older control planes.
 */
const tokenCount = z.number().int().nonnegative();

export const guardrailActionSchema = z
  .object({
    /** The guardrail's id in the published config. */
    id: z.string().min(1),
    /** What it did, e.g. "masked", "blocked", "flagged". */
    action: z.string().min(1),
  })
  .catchall(z.unknown());
export type GuardrailAction = z.infer<typeof guardrailActionSchema>;

/** Something a request raised for people to look at, e.g. a soft budget threshold crossed. */
export const spendAlertSchema = z
  .object({
    /** Noun-verb event name, e.g. "budget-threshold-reached". */
    type: z.string().min(1),
  })
  .catchall(z.unknown());
export type SpendAlert = z.infer<typeof spendAlertSchema>;

export const spendEventSchema = z.object({
  requestId: z.string().min(1).max(200),
  /** When the request started (ISO 8601 with offset or Z). */
  timestamp: z.iso.datetime({ offset: true }),
  /** Hex SHA-256 of the virtual key, as published; preferred over keyId. */
  keyHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  keyId: z.string().min(1).optional(),
  /** Team id as published (the team's slug) or its database id. */
  teamId: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
  /** The model name the client asked for. */
  model: z.string().min(1),
  /** Deployment id that answered (x-switchyard-deployment). */
  deployment: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  promptTokens: tokenCount.default(0),
  completionTokens: tokenCount.default(0),
  cachedTokens: tokenCount.default(0),
  cacheWriteTokens: tokenCount.default(0),
  /** Exact USD as a decimal string ("0.000123"), never a float. */
  costUsd: z.string().regex(/^\d{1,10}(\.\d{1,10})?$/, "a non-negative decimal string with at most 10 decimals"),
  latencyMs: z.number().int().nonnegative(),
  ttftMs: z.number().int().nonnegative().optional(),
  /** HTTP status returned to the client. */
  status: z.number().int().min(100).max(599),
  errorCode: z.string().min(1).optional(),
  cacheHit: z.boolean().default(false),
  guardrailActions: z.array(guardrailActionSchema).default([]),
  /** Upstream attempts the request took (retries and fallbacks included); 0 when none was made. */
  attempts: z.number().int().nonnegative().optional(),
  alerts: z.array(spendAlertSchema).default([]),
  /** The reporting gateway's instance id. */
  gatewayId: z.string().min(1).optional(),
});
export type SpendEvent = z.infer<typeof spendEventSchema>;
export type SpendEventInput = z.input<typeof spendEventSchema>;

export const maxSpendBatchSize = 1000;

export const spendBatchSchema = z.object({ events: z.array(spendEventSchema).max(maxSpendBatchSize) });
export type SpendBatch = z.infer<typeof spendBatchSchema>;

/** What `POST /dataplane/spend` answers: how many events were new and how many were already recorded. */
export const spendIngestResultSchema = z.object({ accepted: z.number().int().nonnegative(), duplicates: z.number().int().nonnegative() });
export type SpendIngestResult = z.infer<typeof spendIngestResultSchema>;
