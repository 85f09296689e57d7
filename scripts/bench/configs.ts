import type { GatewayConfigInput } from "../../packages/schemas/src/gateway-config";

/** The two gateway configurations the benchmark compares, in front of the same fake upstream. */

export const benchKey = "sk-sy-bench-0123456789abcdef";
export const upstreamKey = "sk-upstream-bench-0123456789";

/** A short, ordinary chat request (no PII, so the guardrail scans and masks nothing). */
export function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: "bench",
    messages: [
      { role: "system", content: "You are a concise assistant." },
      { role: "user", content: "Give me one sentence about load balancing for language model gateways." },
    ],
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

function model(upstreamPort: number): NonNullable<GatewayConfigInput["models"]>[number] {
  return {
    name: "bench",
    deployments: [
      {
        id: "bench-upstream",
        provider: "openai",
        model: "bench-model",
        apiBase: `http://127.0.0.1:${upstreamPort}/v1`,
        apiKey: upstreamKey,
        price: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
      },
    ],
  };
}

/** Governance off: a key with no limits, no guardrails, no cache, no Redis, spend events nowhere. Auth always runs. */
export function governanceOff(upstreamPort: number): GatewayConfigInput {
  return { version: 1, models: [model(upstreamPort)], keys: [{ key: benchKey, name: "bench" }] };
}

const huge = { rpm: 1_000_000_000, tpm: 1_000_000_000_000 };
const budget = { maxUsd: 1_000_000_000, period: "30d" as const };

/**
 * Governance on: RPM/TPM limits and budgets on the key, its team, its user and the organisation
 * (checked and reserved in Redis, settled after the response), a pii guardrail (mask, every
 * entity), and spend events through the disk spool to a control plane. The limits are far above
 * what the benchmark sends, so every request is admitted and does the full work. The response
 * cache stays off: with identical requests it would answer from the cache and skip the upstream.
 */
export function governanceOn(upstreamPort: number): GatewayConfigInput {
  return {
    version: 1,
    models: [model(upstreamPort)],
    organization: { id: "bench-org", budget },
    teams: [{ id: "bench-team", ...huge, budget }],
    users: [{ id: "bench-user", ...huge, budget }],
    keys: [
      { key: benchKey, name: "bench", team: "bench-team", user: "bench-user", ...huge, budget: { maxUsd: 1_000_000_000, period: "1d" } },
    ],
    guardrails: [
      { id: "pii", type: "pii", mode: "mask", stage: "pre", entities: ["email", "phone", "credit_card", "ssn", "ip_address", "api_key"] },
    ],
  };
}

/**
 * The breakdown phase: governance on, one feature at a time on top of governance off, so each
 * feature's CPU cost per request is measured alone. `redis`/`spend` say what the child needs.
 */
export interface Variant {
  readonly name: string;
  readonly label: string;
  readonly config: GatewayConfigInput;
  readonly redis: boolean;
  readonly spend: boolean;
}

export function breakdownVariants(upstreamPort: number): Variant[] {
  const on = governanceOn(upstreamPort);
  const limitsOnly: GatewayConfigInput = { ...on, guardrails: [] };
  const guardrailOnly: GatewayConfigInput = { ...governanceOff(upstreamPort), guardrails: on.guardrails };
  return [
    { name: "off", label: "gateway, governance off", config: governanceOff(upstreamPort), redis: false, spend: false },
    { name: "limits-redis", label: "+ limits and budgets (4 principals), Redis", config: limitsOnly, redis: true, spend: false },
    {
      name: "limits-redis-strict",
      label: "+ the same, Redis, no allowances",
      config: { ...limitsOnly, limits: { allowances: false } },
      redis: true,
      spend: false,
    },
    { name: "limits-memory", label: "+ the same limits and budgets, in memory", config: limitsOnly, redis: false, spend: false },
    { name: "guardrail", label: "+ pii guardrail (mask, 6 entities)", config: guardrailOnly, redis: false, spend: false },
    { name: "spend", label: "+ spend events (disk spool → control plane)", config: governanceOff(upstreamPort), redis: false, spend: true },
    { name: "on", label: "governance on (all of the above, Redis)", config: on, redis: true, spend: true },
  ];
}
