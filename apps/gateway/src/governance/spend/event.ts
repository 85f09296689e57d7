import type { SpendAlert, SpendEventInput } from "@switchyard/schemas/spend-event";
import type { GuardrailActionRecord } from "../guardrails/types";
import type { TokenCounts } from "../metering/cost";
import { formatUsd } from "../metering/money";

export interface SpendFacts {
  readonly requestId: string;
  readonly startedAtMs: number;
  readonly keyHash: string | undefined;
  readonly teamId: string | undefined;
  readonly userId: string | undefined;
  readonly model: string;
  readonly deployment: string | undefined;
  readonly provider: string | undefined;
  readonly tokens: TokenCounts;
  readonly costAtto: bigint;
  readonly latencyMs: number;
  readonly ttftMs: number | undefined;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly cacheHit: boolean;
  readonly guardrailActions: readonly GuardrailActionRecord[];
  readonly attempts: number | undefined;
  readonly alerts: readonly SpendAlert[];
  readonly gatewayId: string;
}

/** One spend event (packages/schemas spend-event.ts), serialised for the spool: one JSON line. */
export function spendEventLine(facts: SpendFacts): string {
  const event: SpendEventInput = {
    requestId: facts.requestId,
    timestamp: new Date(facts.startedAtMs).toISOString(),
    keyHash: facts.keyHash,
    teamId: facts.teamId,
    userId: facts.userId,
    model: facts.model,
    deployment: facts.deployment,
    provider: facts.provider,
    promptTokens: facts.tokens.promptTokens,
    completionTokens: facts.tokens.completionTokens,
    cachedTokens: facts.tokens.cachedTokens,
    cacheWriteTokens: facts.tokens.cacheWriteTokens,
    costUsd: formatUsd(facts.costAtto),
    latencyMs: Math.max(0, Math.round(facts.latencyMs)),
    ttftMs: facts.ttftMs === undefined ? undefined : Math.max(0, Math.round(facts.ttftMs)),
    status: facts.status,
    errorCode: facts.errorCode,
    cacheHit: facts.cacheHit,
    guardrailActions: [...facts.guardrailActions],
    attempts: facts.attempts,
    alerts: [...facts.alerts],
    gatewayId: facts.gatewayId,
  };
  return JSON.stringify(event);
}
