import { createHash } from "node:crypto";
import type { SpendAlert } from "@switchyard/schemas/spend-event";
import type { FastifyReply, FastifyRequest, FastifyBaseLogger as Logger } from "fastify";
import type { RuntimeKey } from "../config/runtime";
import { type GovernedCall, measure } from "./call";
import type { CacheWrite, SettleEntry } from "./limits/backend";
import type { CounterStore } from "./limits/counter-store";
import { attoToNanoCeil, formatNano } from "./metering/money";
import type { GovernanceMetrics } from "./metrics";
import { spendEventLine } from "./spend/event";
import type { SpendSink } from "./spend/sinks";

const queued = ["queued"] as const;

export interface SettlementDeps {
  readonly counters: CounterStore;
  readonly metrics: GovernanceMetrics;
  readonly sink: SpendSink;
  readonly logger: Logger;
  readonly instanceId: string;
}

/**
 * The key a request refused before admission presented (expired, model not allowed, unknown model),
 * when the config knows it: rejections are attributed too. An unknown key stays anonymous.
 */
function presentedKey(request: FastifyRequest): RuntimeKey | undefined {
  const authorization = request.headers.authorization;
  const presented = authorization?.toLowerCase().startsWith("bearer ") ? authorization.slice(7).trim() : request.headers["x-api-key"];
  if (typeof presented !== "string" || presented === "") return undefined;
  return request.server.gateway.store.current?.keys.get(createHash("sha256").update(presented).digest("hex"));
}

/**
 * When a request's response is over (sent, failed or abandoned): settle what it reserved to what it
 * used (one Redis round trip, with the cache write), then hand its spend event to the sink. All of
 * it after the last byte left, so none of it adds latency.
 */
export async function settle(deps: SettlementDeps, request: FastifyRequest, reply: FastifyReply, call: GovernedCall): Promise<void> {
  const state = request.switchyard;
  const finished = reply.raw.writableFinished;
  const status = finished ? reply.statusCode : 499;
  const measured = measure(request, call, !finished);
  const alerts: SpendAlert[] = [];

  const reservation = call.reservation;
  const entries: SettleEntry[] = [];
  if (reservation) {
    const usedTokens = measured.tokens.promptTokens + measured.tokens.completionTokens;
    const usedNano = Number(attoToNanoCeil(measured.costAtto));
    for (const counter of reservation.counters) {
      const delta =
        counter.limitKind === "tpm" ? usedTokens - counter.amount : counter.limitKind === "budget" ? usedNano - counter.amount : 0;
      entries.push({
        key: counter.key,
        kind: counter.kind,
        delta,
        soft: counter.soft ?? -1,
        alertKey: counter.alertKey,
        ttlMs: counter.ttlMs,
      });
    }
  }
  const cache: CacheWrite | undefined =
    call.cacheKey !== undefined && call.cacheValue !== undefined && finished && status === 200 && call.policy
      ? { key: call.cacheKey, value: call.cacheValue, ttlMs: call.policy.cache.ttlMs }
      : undefined;
  if (entries.length > 0 || cache) {
    const backend = reservation?.backend ?? deps.counters.preferred();
    const outcome = await deps.counters.settle(backend, request.id, entries, cache);
    outcome?.alerts.forEach((fired, index) => {
      const counter = reservation?.counters[index];
      if (!fired || !counter?.principal.budget) return;
      const budget = counter.principal.budget;
      const alert: SpendAlert = {
        type: "budget-threshold-reached",
        principal: counter.principal.kind,
        principalId: counter.principal.id,
        period: budget.period,
        maxUsd: String(budget.maxUsd),
        thresholdUsd: formatNano(BigInt(budget.softNano ?? 0)),
        spentUsd: formatNano(BigInt(Math.max(0, outcome.values[index] ?? 0))),
      };
      alerts.push(alert);
      deps.metrics.budgetAlerts.inc({ principal: counter.principal.kind });
      deps.logger.warn({ alert, requestId: request.id }, `budget-threshold-reached: ${counter.principal.label}`);
    });
  }

  for (const action of call.guardrailActions) deps.metrics.guardrailActions.inc([action.id, action.type, action.action]);
  const modelName = state.model ?? bodyModel(request.body) ?? "unknown";
  if (measured.costAtto > 0n) deps.metrics.costUsd.inc([modelName], Number(measured.costAtto) / 1e18);
  // Spend events going nowhere (SWITCHYARD_SPEND_SINK=none) are not worth building.
  if (deps.sink.kind === "none") return;
  const key = call.key ?? presentedKey(request);
  deps.sink.write(
    spendEventLine({
      requestId: request.id,
      startedAtMs: call.startedAtMs,
      keyHash: key?.hash.toString("hex"),
      teamId: key?.team,
      userId: key?.user,
      model: modelName,
      deployment: measured.deploymentId,
      provider: measured.deployment?.provider,
      tokens: measured.tokens,
      costAtto: measured.costAtto,
      latencyMs: reply.elapsedTime,
      ttftMs: call.firstTokenAtMs === undefined ? undefined : call.firstTokenAtMs - call.startedAtMs,
      status,
      errorCode: state.errorCode ?? (finished ? undefined : "client_closed"),
      cacheHit: call.cacheHit,
      guardrailActions: call.guardrailActions,
      attempts: state.routing?.attempts.length,
      alerts,
      gatewayId: deps.instanceId,
    }),
  );
  deps.metrics.spendEvents.inc(queued);
}

function bodyModel(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const model = (body as { model?: unknown }).model;
  return typeof model === "string" && model !== "" && model.length <= 200 ? model : undefined;
}
