import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import OpenAI from "openai";
import { createLogger } from "../src/logger";
import { type RunningGateway, startGateway } from "../src/server";

/** Every log line the gateway wrote, as raw JSON text, so tests can grep for secrets. */
export interface LogCapture {
  readonly lines: string[];
  text(): string;
}

export function captureLogs(level = "debug"): { capture: LogCapture; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { capture: { lines, text: () => lines.join("") }, logger };
}

export const upstreamKey = "sk-upstream-SECRET-0123456789abcdef";
export const virtualKey = "sk-sy-test-research-0123456789";
export const restrictedKey = "sk-sy-test-restricted-0123456789";
export const expiredKey = "sk-sy-test-expired-0123456789";

/** A config with two chat models and one embedding model on the fake upstream. */
export function testConfig(upstream: FakeOpenAI, overrides: Partial<GatewayConfigInput> = {}): GatewayConfigInput {
  return {
    version: 1,
    models: [
      {
        name: "demo-fast",
        deployments: [
          { id: "fast-1", provider: "openai", model: "demo-fast", apiBase: upstream.url, apiKey: upstreamKey, timeoutMs: 2_000 },
        ],
      },
      {
        name: "demo-smart",
        deployments: [
          { id: "smart-1", provider: "openai-compatible", preset: "vllm", model: "demo-smart", apiBase: upstream.url, apiKey: upstreamKey },
        ],
      },
      {
        name: "embed",
        mode: "embedding",
        deployments: [{ id: "embed-1", provider: "openai", model: "demo-embed", apiBase: upstream.url, apiKey: upstreamKey }],
      },
    ],
    teams: [{ id: "research" }],
    keys: [
      { key: virtualKey, name: "research-bot", team: "research" },
      { key: restrictedKey, name: "fast-only", team: "research", models: ["demo-fast"] },
      { key: expiredKey, name: "old", team: "research", expiresAt: "2020-01-01T00:00:00Z" },
    ],
    ...overrides,
  };
}

export interface Harness {
  upstream: FakeOpenAI;
  gateway: RunningGateway;
  logs: LogCapture;
  client: OpenAI;
  clientFor(key: string): OpenAI;
  close(): Promise<void>;
}

/** Fake upstream over real HTTP, the gateway over real HTTP in front of it, the official SDK as client. */
export async function startHarness(
  options: { upstream?: FakeOpenAIOptions; config?: (upstream: FakeOpenAI) => GatewayConfigInput } = {},
): Promise<Harness> {
  const upstream = await startFakeOpenAI({ apiKey: upstreamKey, models: ["demo-fast", "demo-smart", "demo-embed"], ...options.upstream });
  const { capture, logger } = captureLogs();
  const gateway = await startGateway({ port: 0, config: (options.config ?? testConfig)(upstream), logger });
  const clientFor = (key: string) => new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 10_000 });
  return {
    upstream,
    gateway,
    logs: capture,
    client: clientFor(virtualKey),
    clientFor,
    async close() {
      await gateway.close();
      await upstream.close();
    },
  };
}

/** The last request the fake upstream received, as JSON. */
export function lastUpstreamBody(upstream: FakeOpenAI): Record<string, unknown> {
  const request = upstream.requests.at(-1);
  if (!request || typeof request.body !== "object" || request.body === null) throw new Error("no upstream request recorded");
  return request.body as Record<string, unknown>;
}
