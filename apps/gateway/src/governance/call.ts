import type { CompletionUsage } from "@switchyard/schemas";
import type { FastifyRequest } from "fastify";
import type { RuntimeKey } from "../config/runtime";
import { createGuardrailRun } from "./guardrails/run";
import type { GuardrailActionRecord, GuardrailRun, ReplyTextFilter } from "./guardrails/types";
import type { CounterBackend } from "./limits/backend";
import type { PlannedCounter } from "./limits/plan";
import { costAtto, noTokens, type TokenCounts, tokenCounts, zeroPrice } from "./metering/cost";
import type { DeploymentFacts, GovernancePolicy } from "./policy/policy";

export interface Reservation {
  readonly backend: CounterBackend;
  /** The counters settlement corrects (tpm, parallel, budget): rpm counts the request once and is never settled. */
  readonly counters: readonly PlannedCounter[];
}

/**
 * One data-plane request's governance facts, from its first hook to its spend event: who it is,
 * what it reserved, what guardrails did, whether the cache answered, when the first token left.
 */
export class GovernedCall {
  readonly startedAtMs = Date.now();
  key: RuntimeKey | undefined;
  policy: GovernancePolicy | undefined;
  /** Stage-post filters and restores that apply to this request's reply. */
  replyFilters: readonly ReplyTextFilter[] = [];
  cacheHit = false;
  /** Set when the reply may be stored in the response cache. */
  cacheKey: string | undefined;
  /** The raw (pre-guardrail) completion to store once the reply went out whole. */
  cacheValue: string | undefined;
  reservation: Reservation | undefined;
  /** Prompt-token estimate, for metering a request cut off before the provider reported usage. */
  promptEstimate = 0;
  streamedChars = 0;
  firstTokenAtMs: number | undefined;
  finalized = false;
  private run: GuardrailRun | undefined;

  get guardrails(): GuardrailRun {
    this.run ??= createGuardrailRun();
    return this.run;
  }

  get guardrailActions(): readonly GuardrailActionRecord[] {
    return this.run?.actions ?? [];
  }
}

export interface Measured {
  readonly tokens: TokenCounts;
  readonly costAtto: bigint;
  readonly deploymentId: string | undefined;
  readonly deployment: DeploymentFacts | undefined;
}

/**
 * Tokens and exact cost of a request so far, priced at the deployment that answered (a fallback
 * may be another model's). A cache hit costs nothing. A reply cut off before the provider's usage
 * arrived — a stream that had started, or any request the client abandoned after it went upstream —
 * is metered from the prompt estimate and the characters streamed: the provider has most likely
 * read (and billed) the prompt, so 0 would under-count; the completion it may still have generated
 * is unknown and not counted.
 */
export function measure(request: FastifyRequest, call: GovernedCall, abandoned = false): Measured {
  const state = request.switchyard;
  const answered = state.routing ? state.routing.deployment?.id : state.deploymentId;
  // Abandoned mid-call: the deployment it was waiting on (dispatch names it when the attempt starts).
  const deploymentId = answered ?? (abandoned ? state.deploymentId : undefined);
  if (call.cacheHit) return { tokens: noTokens, costAtto: 0n, deploymentId: undefined, deployment: undefined };
  let usage: CompletionUsage | undefined = state.usage;
  if (!usage && deploymentId !== undefined && (abandoned || call.firstTokenAtMs !== undefined || call.streamedChars > 0)) {
    const completion = Math.ceil(call.streamedChars / 4);
    usage = { prompt_tokens: call.promptEstimate, completion_tokens: completion, total_tokens: call.promptEstimate + completion };
  }
  const tokens = tokenCounts(usage);
  const deployment = deploymentId !== undefined ? call.policy?.deployments.get(deploymentId) : undefined;
  return { tokens, costAtto: costAtto(tokens, deployment?.price ?? zeroPrice), deploymentId, deployment };
}

declare module "fastify" {
  interface FastifyRequest {
    /** Governance facts of a data-plane request (POST /v1/*); null elsewhere. */
    governance: GovernedCall | null;
  }
}
