import type { deploymentSchema, GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import OpenAI from "openai";
import type { z } from "zod";
import { type RunningGateway, type StartGatewayOptions, startGateway } from "../src/server";
import { captureLogs, type LogCapture, upstreamKey, virtualKey } from "./helpers";

export type DeploymentInput = z.input<typeof deploymentSchema>;
export type ModelInput = NonNullable<GatewayConfigInput["models"]>[number];
export type RoutingInput = GatewayConfigInput["routing"];

export const hello = [{ role: "user" as const, content: "hello" }];

/** N fake OpenAI servers over real HTTP, one per deployment. */
export async function startUpstreams(count: number, options: FakeOpenAIOptions = {}): Promise<FakeOpenAI[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      startFakeOpenAI({ apiKey: upstreamKey, models: ["demo-fast", "demo-smart", "demo-embed"], ...options }),
    ),
  );
}

/** A deployment of the fake upstream; ids name the upstream in assertions. */
export function deployment(id: string, upstream: FakeOpenAI | string, extra: Partial<DeploymentInput> = {}): DeploymentInput {
  const apiBase = typeof upstream === "string" ? upstream : upstream.url;
  return { id, provider: "openai", model: "demo-fast", apiBase, apiKey: upstreamKey, timeoutMs: 3_000, ...extra };
}

export function routingConfig(models: ModelInput[], routing: RoutingInput = {}): GatewayConfigInput {
  return { version: 1, models, routing, keys: [{ key: virtualKey, name: "routing-tests" }] };
}

export interface RoutingGateway {
  readonly gateway: RunningGateway;
  readonly client: OpenAI;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

export async function startRoutingGateway(
  config: GatewayConfigInput,
  options: Omit<StartGatewayOptions, "config" | "port"> = {},
): Promise<RoutingGateway> {
  const { capture, logger } = captureLogs("info");
  const gateway = await startGateway({ port: 0, config, logger, routingSeed: 7, ...options });
  const client = new OpenAI({ apiKey: virtualKey, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 15_000 });
  return { gateway, client, logs: capture, close: () => gateway.close() };
}

export interface Answer {
  readonly deployment: string | null;
  readonly attempts: number;
  readonly content: string | null;
}

/** One non-streaming chat completion through the SDK, with the routing headers of its reply. */
export async function ask(client: OpenAI, model: string, extra: { headers?: Record<string, string> } = {}): Promise<Answer> {
  const { data, response } = await client.chat.completions
    .create({ model, messages: hello }, extra.headers ? { headers: extra.headers } : undefined)
    .withResponse();
  return {
    deployment: response.headers.get("x-switchyard-deployment"),
    attempts: Number(response.headers.get("x-switchyard-attempts") ?? 0),
    content: data.choices[0]?.message.content ?? null,
  };
}

/** Chat requests each upstream received. */
export function chatCount(upstream: FakeOpenAI): number {
  return upstream.requests.filter((request) => request.path.endsWith("/chat/completions")).length;
}

export function tally(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer.deployment ?? "none"] = (counts[answer.deployment ?? "none"] ?? 0) + 1;
  return counts;
}

export async function closeAll(upstreams: readonly FakeOpenAI[]): Promise<void> {
  await Promise.all(upstreams.map((upstream) => upstream.close()));
}

/** The OpenAI SDK's error for a failed call, or a test failure if it succeeded. */
export async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error("expected an API error");
}
