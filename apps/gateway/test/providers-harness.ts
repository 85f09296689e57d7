import Anthropic from "@anthropic-ai/sdk";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeAnthropic, startFakeAnthropic } from "@switchyard/testkit/fake-anthropic";
import { type FakeBedrock, startFakeBedrock } from "@switchyard/testkit/fake-bedrock";
import { type FakeGemini, startFakeGemini } from "@switchyard/testkit/fake-gemini";
import { type FakeOllama, startFakeOllama } from "@switchyard/testkit/fake-ollama";
import { type FakeOpenAI, type RecordedRequest, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import type { FakeProviderFailure } from "@switchyard/testkit/fake-provider-server";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type RunningGateway, startGateway } from "../src/server";
import { captureLogs, type LogCapture } from "./helpers";

/**
 * Every fake provider over real HTTP, each with its own credential, and one gateway in front of
 * them with a chat model (and an embedding model where the provider has embeddings) per provider.
 * Tests drive it with the official `openai` and `@anthropic-ai/sdk` clients, unmodified.
 */

/** Each provider's credential. None of these may ever reach a log line or an error body. */
export const secrets = {
  openai: "sk-openai-SECRET-a1b2c3d4e5f6a7b8",
  azure: "azure-SECRET-c3d4e5f6a7b8c9d0",
  together: "together-SECRET-e5f6a7b8c9d0e1f2",
  anthropic: "sk-ant-api03-SECRET-g7h8i9j0k1l2m3n4",
  gemini: "AIzaSySECRET-i9j0k1l2m3n4o5p6",
  bedrockSecretAccessKey: "bedrockSECRET/k1l2m3n4+o5p6q7r8s9",
  ollama: "ollama-SECRET-m3n4o5p6q7r8s9t0",
} as const;

/** Not secret (AWS shows it in every signed request), but it names whose secret signed. */
export const bedrockAccessKeyId = "AKIAFAKESWITCHYARD01";
export const bedrockRegion = "eu-west-1";

export const virtualKey = "sk-sy-providers-test-0123456789";
export const narrowKey = "sk-sy-providers-narrow-0123456789";

type DeploymentInput = NonNullable<GatewayConfigInput["models"]>[number]["deployments"][number];

export type ProviderId = "openai" | "azure" | "together" | "anthropic" | "gemini" | "bedrock" | "ollama";
export const providerIds: readonly ProviderId[] = ["openai", "azure", "together", "anthropic", "gemini", "bedrock", "ollama"];

/** What a fake speaks, seen from a test: its recorded requests and its failure queue. */
export interface FakeHandle {
  readonly requests: RecordedRequest[];
  fail(failure: FakeProviderFailure, options?: { times?: number; endpoint?: "chat" | "embeddings" | "models" | "count_tokens" }): void;
  reset(): void;
}

export interface ProviderSetup {
  readonly id: ProviderId;
  readonly fake: FakeHandle;
  /** Gateway model names. */
  readonly chatModel: string;
  readonly embeddingModel: string | undefined;
  /** Upstream model ids the gateway should send. */
  readonly upstreamChatModel: string;
}

export interface ProvidersHarness {
  readonly gateway: RunningGateway;
  readonly logs: LogCapture;
  readonly providers: Readonly<Record<ProviderId, ProviderSetup>>;
  readonly fakes: {
    openai: FakeOpenAI;
    azure: FakeOpenAI;
    together: FakeOpenAI;
    anthropic: FakeAnthropic;
    gemini: FakeGemini;
    bedrock: FakeBedrock;
    ollama: FakeOllama;
  };
  openai(key?: string): OpenAI;
  anthropic(key?: string): Anthropic;
  /** Forget every fake's recorded requests and queued failures. */
  resetFakes(): void;
  close(): Promise<void>;
}

const chatModels: Record<ProviderId, string> = {
  openai: "demo-fast",
  azure: "azure-chat",
  together: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
  anthropic: "claude-sonnet-4-5",
  gemini: "gemini-2.5-flash",
  bedrock: "anthropic.claude-3-5-sonnet-20240620-v1:0",
  ollama: "llama3.2",
};

const embeddingModels: Partial<Record<ProviderId, string>> = {
  openai: "demo-embed",
  azure: "azure-embed",
  together: "BAAI/bge-base-en-v1.5",
  gemini: "gemini-embedding-001",
  bedrock: "amazon.titan-embed-text-v2:0",
  ollama: "nomic-embed-text",
};

export interface HarnessOptions {
  /** Per-deployment timeout (ms); a `latency` failure longer than this is a 504. */
  timeoutMs?: number;
  /** Extra models for the config (e.g. a reasoning model on the OpenAI fake). */
  extraModels?: (fakes: ProvidersHarness["fakes"]) => NonNullable<GatewayConfigInput["models"]>;
  /** limits.maxBodyBytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** More virtual keys (e.g. with rpm limits). */
  extraKeys?: NonNullable<GatewayConfigInput["keys"]>;
}

/**
 * One harness for a test file: started before all its tests (`onStart` gets it, e.g. to make an SDK
 * client), closed after them, its fakes reset before each test.
 */
export function useProvidersHarness(onStart: (harness: ProvidersHarness) => void, options: HarnessOptions = {}): void {
  let harness: ProvidersHarness | undefined;
  beforeAll(async () => {
    harness = await startProvidersHarness(options);
    onStart(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => harness?.resetFakes());
}

export async function startProvidersHarness(options: HarnessOptions = {}): Promise<ProvidersHarness> {
  const fakes = {
    openai: await startFakeOpenAI({ apiKey: secrets.openai, models: ["demo-fast", "demo-embed", "o3-mini"] }),
    azure: await startFakeOpenAI({ apiKey: secrets.azure, models: ["azure-chat", "azure-embed", "gpt-5-mini"] }),
    together: await startFakeOpenAI({ apiKey: secrets.together, models: [chatModels.together, "BAAI/bge-base-en-v1.5"] }),
    anthropic: await startFakeAnthropic({ apiKey: secrets.anthropic }),
    gemini: await startFakeGemini({ apiKey: secrets.gemini }),
    bedrock: await startFakeBedrock({ apiKey: bedrockAccessKeyId, secretAccessKey: secrets.bedrockSecretAccessKey, region: bedrockRegion }),
    ollama: await startFakeOllama({ apiKey: secrets.ollama, models: ["llama3.2", "nomic-embed-text"] }),
  };
  const timeoutMs = options.timeoutMs ?? 5_000;

  const deployment: Record<ProviderId, (model: string) => DeploymentInput> = {
    openai: (model) => ({ id: `openai-${model}`, provider: "openai", model, apiBase: fakes.openai.url, apiKey: secrets.openai }),
    azure: (model) => ({
      id: `azure-${model}`,
      provider: "azure",
      model,
      apiBase: fakes.azure.origin,
      apiKey: secrets.azure,
      apiVersion: "2024-10-21",
    }),
    together: (model) => ({
      id: `together-${model.replaceAll("/", "_")}`,
      provider: "openai-compatible",
      preset: "together",
      model,
      apiBase: fakes.together.url,
      apiKey: secrets.together,
    }),
    anthropic: (model) => ({
      id: `anthropic-${model}`,
      provider: "anthropic",
      model,
      apiBase: fakes.anthropic.url,
      apiKey: secrets.anthropic,
    }),
    gemini: (model) => ({ id: `gemini-${model}`, provider: "gemini", model, apiBase: fakes.gemini.url, apiKey: secrets.gemini }),
    bedrock: (model) => ({
      id: `bedrock-${model.replaceAll(":", "_")}`,
      provider: "bedrock",
      model,
      apiBase: fakes.bedrock.url,
      region: bedrockRegion,
      apiKey: `${bedrockAccessKeyId}:${secrets.bedrockSecretAccessKey}`,
    }),
    ollama: (model) => ({ id: `ollama-${model}`, provider: "ollama", model, apiBase: fakes.ollama.url, apiKey: secrets.ollama }),
  };

  const models: NonNullable<GatewayConfigInput["models"]> = [];
  const providers = {} as Record<ProviderId, ProviderSetup>;
  for (const id of providerIds) {
    const chatModel = `${id}-chat`;
    models.push({ name: chatModel, deployments: [{ ...deployment[id](chatModels[id]), timeoutMs }] });
    const embeddingId = embeddingModels[id];
    const embeddingModel = embeddingId ? `${id}-embed` : undefined;
    if (embeddingId && embeddingModel)
      models.push({ name: embeddingModel, mode: "embedding", deployments: [{ ...deployment[id](embeddingId), timeoutMs }] });
    providers[id] = { id, fake: fakes[id], chatModel, embeddingModel, upstreamChatModel: chatModels[id] };
  }
  models.push({
    name: "bedrock-cohere-embed",
    mode: "embedding",
    deployments: [{ ...deployment.bedrock("cohere.embed-english-v3"), timeoutMs }],
  });
  // Reasoning models, which take max_completion_tokens instead of max_tokens.
  models.push({ name: "openai-reasoning", deployments: [{ ...deployment.openai("o3-mini"), timeoutMs }] });
  models.push({ name: "azure-reasoning", deployments: [{ ...deployment.azure("gpt-5-mini"), timeoutMs }] });
  models.push(...(options.extraModels?.(fakes) ?? []));

  const { capture, logger } = captureLogs("trace");
  const gateway = await startGateway({
    port: 0,
    logger,
    config: {
      version: 1,
      models,
      // One attempt per request: these tests assert how a single upstream answer is mapped.
      routing: { retries: 0 },
      ...(options.maxBodyBytes === undefined ? {} : { limits: { maxBodyBytes: options.maxBodyBytes } }),
      teams: [{ id: "research" }],
      keys: [
        { key: virtualKey, name: "providers-test", team: "research" },
        { key: narrowKey, name: "narrow", team: "research", models: ["openai-chat"] },
        ...(options.extraKeys ?? []),
      ],
    },
  });

  return {
    gateway,
    logs: capture,
    providers,
    fakes,
    openai: (key = virtualKey) => new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 15_000 }),
    anthropic: (key = virtualKey) => new Anthropic({ apiKey: key, baseURL: gateway.url, maxRetries: 0, timeout: 15_000 }),
    resetFakes() {
      for (const fake of Object.values(fakes)) fake.reset();
    },
    async close() {
      await gateway.close();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
    },
  };
}

/** Every secret that must never leak, for `expect(text).not.toContain(...)` loops. */
export const allSecrets: readonly string[] = Object.values(secrets);

/** The last request a fake received, as JSON. */
export function lastBody(fake: FakeHandle): Record<string, unknown> {
  const request = fake.requests.at(-1);
  if (!request || typeof request.body !== "object" || request.body === null) throw new Error("no upstream request recorded");
  return request.body as Record<string, unknown>;
}

/** A 1×1 PNG, as the SDKs would send an image. */
export const pixelPngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
