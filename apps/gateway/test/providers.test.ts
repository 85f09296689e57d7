import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, testConfig, upstreamKey } from "./helpers";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    upstream: { models: ["demo-fast", "demo-smart", "demo-embed", "azure-chat", "azure-embed"] },
    config: (upstream) => {
      const base = testConfig(upstream);
      return {
        ...base,
        models: [
          ...(base.models ?? []),
          {
            name: "azure-gpt",
            deployments: [
              {
                id: "azure-1",
                provider: "azure",
                model: "azure-chat",
                apiBase: upstream.origin,
                apiKey: upstreamKey,
                apiVersion: "2024-10-21",
              },
            ],
          },
          {
            name: "azure-embed",
            mode: "embedding",
            deployments: [{ id: "azure-embed-1", provider: "azure", model: "azure-embed", apiBase: upstream.origin, apiKey: upstreamKey }],
          },
          // Groq's base path shape (/openai/v1) on the fake server.
          {
            name: "groq-llama",
            deployments: [
              {
                id: "groq-1",
                provider: "openai-compatible",
                preset: "groq",
                model: "demo-fast",
                apiBase: `${upstream.origin}/openai/v1`,
                apiKey: upstreamKey,
              },
            ],
          },
          {
            name: "mistral",
            deployments: [
              {
                id: "mistral-1",
                provider: "openai-compatible",
                preset: "mistral",
                model: "demo-smart",
                apiBase: upstream.url,
                apiKey: upstreamKey,
              },
            ],
          },
        ],
      };
    },
  });
});
afterAll(async () => {
  await harness.close();
});

async function streamText(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<{ text: string; usage: unknown }> {
  let text = "";
  let usage: unknown;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage };
}

describe("the official SDK through each OpenAI-style adapter", () => {
  it("azure: deployment URL, api-key header, JSON and streaming, embeddings", async () => {
    const reply = await harness.client.chat.completions.create({ model: "azure-gpt", messages: [{ role: "user", content: "hi azure" }] });
    expect(reply.choices[0]?.message.content).toContain("hi azure");
    const request = harness.upstream.requests.at(-1);
    expect(request?.path).toBe("/openai/deployments/azure-chat/chat/completions");
    expect(request?.query).toEqual({ "api-version": "2024-10-21" });
    expect(request?.headers["api-key"]).toBe(upstreamKey);
    expect(request?.headers.authorization).toBeUndefined();

    const streamed = await streamText(
      await harness.client.chat.completions.create({
        model: "azure-gpt",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "stream azure" }],
      }),
    );
    expect(streamed.text).toContain("stream azure");
    expect(streamed.usage).toMatchObject({ total_tokens: expect.any(Number) });

    const embedding = await harness.client.embeddings.create({ model: "azure-embed", input: "vector" });
    expect(embedding.data).toHaveLength(1);
    expect(harness.upstream.requests.at(-1)?.path).toBe("/openai/deployments/azure-embed/embeddings");
  });

  it("groq preset: its base path, rejected params stripped", async () => {
    const reply = await harness.client.chat.completions.create({
      model: "groq-llama",
      logprobs: true,
      messages: [{ role: "user", content: "hi groq", name: "ann" }],
    });
    expect(reply.choices[0]?.message.content).toContain("hi groq");
    const request = harness.upstream.requests.at(-1);
    expect(request?.path).toBe("/openai/v1/chat/completions");
    expect(request?.body).toEqual({ model: "demo-fast", messages: [{ role: "user", content: "hi groq" }] });
  });

  it("mistral preset: renamed params, streaming with usage", async () => {
    const streamed = await streamText(
      await harness.client.chat.completions.create({
        model: "mistral",
        stream: true,
        stream_options: { include_usage: true },
        seed: 3,
        messages: [{ role: "user", content: "bonjour" }],
      }),
    );
    expect(streamed.text).toContain("bonjour");
    // Mistral is not asked for stream_options; the gateway still ends with a usage chunk (estimated).
    expect(streamed.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    expect(harness.upstream.requests.at(-1)?.body).toMatchObject({ random_seed: 3, stream: true });
    expect(harness.upstream.requests.at(-1)?.body).not.toHaveProperty("stream_options");
  });
});
