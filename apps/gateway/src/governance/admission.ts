import type { ChatCompletion, ChatCompletionRequest } from "@switchyard/schemas";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RuntimeKey } from "../config/runtime";
import { cacheDirective, chatCacheDigest } from "./cache/key";
import type { GovernedCall } from "./call";
import { runPreGuardrails, selectGuardrails } from "./guardrails/run";
import type { AdmitOutcome } from "./limits/backend";
import type { CounterStore } from "./limits/counter-store";
import { limitExceeded, rateLimitHeaders } from "./limits/headers";
import { planCounters } from "./limits/plan";
import { costAtto } from "./metering/cost";
import { chatPromptTokens, maxOutputTokens, type PromptTokens } from "./metering/estimate";
import { attoToNanoCeil } from "./metering/money";
import type { GovernanceMetrics } from "./metrics";
import type { GovernancePolicy } from "./policy/policy";

export interface AdmissionSettings {
  readonly counters: CounterStore;
  readonly metrics: GovernanceMetrics;
  readonly redisPrefix: string;
  /** Assumed output of a request that sets no max_tokens (reservation only; settlement uses the real count). */
  readonly defaultMaxOutputTokens: number;
  /** How long a max-parallel lease lives if its gateway dies before releasing it. */
  readonly leaseMs: number;
}

interface AdmitRequest {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly call: GovernedCall;
  readonly policy: GovernancePolicy;
  readonly key: RuntimeKey;
  readonly modelName: string;
  readonly prompt: PromptTokens;
  readonly maxOutput: number;
  /** Full Redis key of the response-cache entry to look up first, if any. */
  readonly lookup: string | undefined;
}

function keyBase(settings: AdmissionSettings, policy: GovernancePolicy): string {
  return `${settings.redisPrefix}{${policy.hashTag}}:`;
}

/**
 * Limits and budgets of every principal, reserved in one atomic step (one Redis round trip, which
 * also looks up the response cache): tokens = prompt estimate + output cap, money = worst-case
 * cost at the dearest deployment the request could reach. Refusal → 429 with OpenAI's headers.
 */
export async function admit(settings: AdmissionSettings, input: AdmitRequest): Promise<AdmitOutcome | undefined> {
  const { call, policy, key, prompt, maxOutput, request, reply } = input;
  call.promptEstimate = prompt.estimate;
  const principals = policy.principals(key);
  if (principals.length === 0 && input.lookup === undefined) return undefined;
  const nowMs = Date.now();
  const hasBudget = principals.some((principal) => principal.budget !== undefined);
  const worstCase = hasBudget
    ? costAtto(
        { promptTokens: prompt.worstCase, completionTokens: maxOutput, cachedTokens: 0, cacheWriteTokens: 0 },
        policy.reservationPrice(input.modelName),
      )
    : 0n;
  const counters = planCounters(
    keyBase(settings, policy),
    principals,
    { tokens: prompt.estimate + maxOutput, costNano: Number(attoToNanoCeil(worstCase)) },
    nowMs,
    settings.leaseMs,
  );
  if (counters.length === 0 && input.lookup === undefined) return undefined;
  const { outcome, backend } = await settings.counters.admit(
    { requestId: request.id, nowMs, counters, cacheKey: input.lookup, allowances: policy.allowances },
    policy.failMode,
  );
  if (outcome.type === "rejected") {
    for (const failure of outcome.failures) {
      const counter = counters[failure.index];
      if (counter) settings.metrics.limitRejections.inc({ principal: counter.principal.kind, limit: counter.limitKind });
    }
    throw limitExceeded(counters, outcome.failures, nowMs);
  }
  if (outcome.type === "admitted") {
    // Kept until the response ends (a stream's whole life): only what settlement reads.
    call.reservation = { backend, counters: counters.filter((counter) => counter.limitKind !== "rpm") };
    for (const [name, value] of Object.entries(rateLimitHeaders(counters, outcome.values, nowMs))) reply.header(name, value);
  }
  return outcome;
}

export interface ChatAdmitInput {
  readonly key: RuntimeKey;
  readonly modelName: string;
  readonly body: ChatCompletionRequest;
}

/** Chat: guardrails in, then the cache lookup and the reservation together. */
export async function admitChat(
  settings: AdmissionSettings,
  request: FastifyRequest,
  reply: FastifyReply,
  call: GovernedCall,
  policy: GovernancePolicy,
  input: ChatAdmitInput,
): Promise<{ body: ChatCompletionRequest; cached: ChatCompletion | undefined }> {
  const { key, modelName } = input;
  const selected = selectGuardrails(policy.guardrails, {
    team: key.team,
    keyNames: [key.id, key.name, key.hash.toString("hex")].filter((name): name is string => name !== undefined),
    model: modelName,
  });
  const body = selected.pre.length > 0 ? runPreGuardrails(selected, input.body, call.guardrails) : input.body;
  call.replyFilters = selected.replyFilters;

  let lookup: string | undefined;
  if (policy.cache.enabled) {
    const directive = cacheDirective(request.headers["cache-control"]);
    if (directive !== "no-store") {
      const namespace = policy.cache.shared
        ? "shared"
        : key.team
          ? `team:${key.team}`
          : `key:${key.id ?? key.hash.toString("hex").slice(0, 32)}`;
      call.cacheKey = `${keyBase(settings, policy)}cache:${namespace}:${chatCacheDigest(body)}`;
      if (directive === "default") lookup = call.cacheKey;
    }
    if (lookup === undefined) settings.metrics.cache.inc(["bypass"]);
  }

  const prompt = chatPromptTokens(body);
  const outcome = await admit(settings, {
    request,
    reply,
    call,
    policy,
    key,
    modelName,
    prompt,
    maxOutput: maxOutputTokens(body, settings.defaultMaxOutputTokens),
    lookup,
  });
  if (outcome?.type === "hit") {
    const cached = parseCompletion(outcome.value);
    if (cached) {
      call.cacheHit = true;
      call.cacheKey = undefined;
      settings.metrics.cache.inc(["hit"]);
      return { body, cached };
    }
    // An unreadable entry is a miss: reserve as usual.
    await admit(settings, {
      request,
      reply,
      call,
      policy,
      key,
      modelName,
      prompt,
      maxOutput: maxOutputTokens(body, settings.defaultMaxOutputTokens),
      lookup: undefined,
    });
  }
  if (lookup !== undefined) settings.metrics.cache.inc(["miss"]);
  return { body, cached: undefined };
}

function parseCompletion(text: string): ChatCompletion | undefined {
  try {
    const value = JSON.parse(text) as ChatCompletion;
    return value && value.object === "chat.completion" && Array.isArray(value.choices) ? value : undefined;
  } catch {
    return undefined;
  }
}
