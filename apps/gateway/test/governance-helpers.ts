import { readFile } from "node:fs/promises";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { clearRedisPrefix, testRedisUrl, uniqueRedisPrefix } from "@switchyard/testkit";
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { Redis } from "ioredis";
import { Agent, request } from "undici";
import { afterAll, beforeAll } from "vitest";
import type { GovernancePluginOptions } from "../src/governance/plugin";
import { type RunningGateway, startGateway } from "../src/server";
import { captureLogs, type LogCapture } from "./helpers";

/** Shared pieces of the governance tests: gateways on one Redis prefix, raw HTTP with many connections. */

/** Every spend event in these JSONL sink files (drain the gateways first), in file order. */
export async function readSpendEvents(...paths: string[]): Promise<Array<Record<string, unknown>>> {
  const events: Array<Record<string, unknown>> = [];
  for (const path of paths)
    for (const line of (await readFile(path, "utf8")).split("\n"))
      if (line !== "") events.push(JSON.parse(line) as Record<string, unknown>);
  return events;
}

export interface GovernedGateway {
  readonly gateway: RunningGateway;
  readonly logs: LogCapture;
}

export async function startGoverned(
  config: GatewayConfigInput,
  options: { redisPrefix?: string; redisUrl?: string | null; governance?: GovernancePluginOptions; instanceId?: string } = {},
): Promise<GovernedGateway> {
  const { capture, logger } = captureLogs("info");
  const gateway = await startGateway({
    port: 0,
    config,
    logger,
    redisUrl: options.redisUrl === null ? undefined : (options.redisUrl ?? testRedisUrl()),
    redisPrefix: options.redisPrefix,
    instanceId: options.instanceId,
    governance: options.governance,
    routingSeed: 7,
  });
  return { gateway, logs: capture };
}

/** A Redis client for one test file, under a key prefix of its own: connected before its tests, the prefix cleared after. */
export function useRedisClient(label: string): { readonly prefix: string; readonly client: Redis } {
  const prefix = uniqueRedisPrefix(label);
  const client = new Redis(testRedisUrl(), { lazyConnect: true });
  beforeAll(() => client.connect());
  afterAll(async () => {
    client.disconnect();
    await clearRedisPrefix(prefix);
  });
  return { prefix, client };
}

export function redisPrefix(label: string): { prefix: string; clear: () => Promise<void> } {
  const prefix = uniqueRedisPrefix(`gov-${label}`);
  return { prefix, clear: () => clearRedisPrefix(prefix) };
}

/** One fake upstream, two gateways ("gw-a" and "gw-b") on one Redis prefix, and a Redis client to read what they share. */
export interface GatewayPair {
  readonly upstream: FakeOpenAI;
  readonly first: GovernedGateway;
  readonly second: GovernedGateway;
  readonly redis: Redis;
  /** Closes the gateways, the upstream, clears the prefix and disconnects the client. */
  close(): Promise<void>;
}

export async function startGatewayPair(
  prefix: string,
  config: (upstream: FakeOpenAI) => GatewayConfigInput,
  options: { upstream?: FakeOpenAIOptions; governance?: (name: "a" | "b") => GovernancePluginOptions } = {},
): Promise<GatewayPair> {
  let upstream: FakeOpenAI | undefined;
  let first: GovernedGateway | undefined;
  let second: GovernedGateway | undefined;
  let redis: Redis | undefined;
  const close = async () => {
    await first?.gateway.close();
    await second?.gateway.close();
    await upstream?.close();
    await clearRedisPrefix(prefix);
    redis?.disconnect();
  };
  try {
    upstream = await startFakeOpenAI(options.upstream ?? {});
    first = await startGoverned(config(upstream), { redisPrefix: prefix, instanceId: "gw-a", governance: options.governance?.("a") });
    second = await startGoverned(config(upstream), { redisPrefix: prefix, instanceId: "gw-b", governance: options.governance?.("b") });
    redis = new Redis(testRedisUrl());
  } catch (error) {
    await close();
    throw error;
  }
  return { upstream, first, second, redis, close };
}

/** Many connections, so hundreds of requests are really concurrent. */
export const agent = new Agent({ connections: 128, pipelining: 0 });

export interface RawReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

export async function post(url: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
  const response = await request(url, {
    method: "POST",
    dispatcher: agent,
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  for (const [name, value] of Object.entries(response.trailers)) if (value !== undefined) flat[`trailer:${name}`] = String(value);
  return { status: response.statusCode, headers: flat, text, json: <T>() => JSON.parse(text) as T };
}

export function chatBody(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: "demo-fast", messages: [{ role: "user", content }], ...extra };
}

/** Waits until a fresh minute has at least `needSeconds` left, so a burst stays inside one RPM/TPM window. */
export async function awaitWindowRoom(needSeconds = 10): Promise<void> {
  const intoMinute = (Date.now() % 60_000) / 1000;
  if (60 - intoMinute < needSeconds) await new Promise((resolve) => setTimeout(resolve, (60 - intoMinute) * 1000 + 50));
}

/** The value of a Prometheus series on /metrics (0 when absent). */
export async function metric(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await request(`${url}/metrics`, { dispatcher: agent });
  const text = await response.body.text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest !== "" && !rest.startsWith("{") && !rest.startsWith(" ")) continue;
    const matches = Object.entries(labels).every(([label, value]) => rest.includes(`${label}="${value}"`));
    if (matches) total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

export function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.reduce((total, item) => total + (predicate(item) ? 1 : 0), 0);
}
