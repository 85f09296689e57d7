import { verifySigV4 } from "@switchyard/testkit/sigv4";
import type OpenAI from "openai";
import { describe, expect, it } from "vitest";
import {
  allSecrets,
  bedrockAccessKeyId,
  bedrockRegion,
  lastBody,
  type ProviderId,
  type ProvidersHarness,
  pixelPngBase64,
  providerIds,
  secrets,
  startProvidersHarness,
  useProvidersHarness,
} from "./providers-harness";

/**
 * POST /v1/chat/completions with the official `openai` SDK, unmodified, through every provider
 * adapter against its fake: JSON, streaming with include_usage, tool round trips (JSON and
 * streamed), vision, JSON modes. Each test also checks the upstream request the fake received
 * (path, credential in the provider's own way).
 */

let harness: ProvidersHarness;
let client: OpenAI;

useProvidersHarness((started) => {
  harness = started;
  client = started.openai();
});

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/** The path and credential each provider's upstream request must carry. */
const upstreamShape: Record<ProviderId, (stream: boolean) => { path: string; credential: [string, string | RegExp] }> = {
  openai: () => ({ path: "/v1/chat/completions", credential: ["authorization", `Bearer ${secrets.openai}`] }),
  azure: () => ({ path: "/openai/deployments/azure-chat/chat/completions", credential: ["api-key", secrets.azure] }),
  together: () => ({ path: "/v1/chat/completions", credential: ["authorization", `Bearer ${secrets.together}`] }),
  anthropic: () => ({ path: "/v1/messages", credential: ["x-api-key", secrets.anthropic] }),
  gemini: (stream) => ({
    path: `/v1beta/models/gemini-2.5-flash:${stream ? "streamGenerateContent" : "generateContent"}`,
    credential: ["x-goog-api-key", secrets.gemini],
  }),
  bedrock: (stream) => ({
    path: `/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/${stream ? "converse-stream" : "converse"}`,
    credential: [
      "authorization",
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${bedrockAccessKeyId}/\\d{8}/${bedrockRegion}/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`,
      ),
    ],
  }),
  ollama: () => ({ path: "/api/chat", credential: ["authorization", `Bearer ${secrets.ollama}`] }),
};

function expectUpstream(provider: ProviderId, stream: boolean): void {
  const request = harness.providers[provider].fake.requests.at(-1);
  expect(request, `${provider} received no request`).toBeDefined();
  if (!request) return;
  const shape = upstreamShape[provider](stream);
  expect(request.path).toBe(shape.path);
  const [name, value] = shape.credential;
  if (typeof value === "string") expect(header(request.headers[name])).toBe(value);
  else expect(header(request.headers[name])).toMatch(value);
  // The caller's virtual key never travels upstream.
  expect(JSON.stringify(request.headers)).not.toContain("sk-sy-");
}

async function collect(stream: AsyncIterable<Chunk>) {
  let text = "";
  let usage: OpenAI.CompletionUsage | undefined;
  const finishReasons: string[] = [];
  const toolCalls = new Map<number, { id: string; name: string; arguments: string }>();
  let chunks = 0;
  let usageChunkChoices: number | undefined;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) {
      usage = chunk.usage;
      usageChunkChoices = chunk.choices.length;
    }
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? "";
      if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      for (const call of choice.delta.tool_calls ?? []) {
        const entry = toolCalls.get(call.index) ?? { id: "", name: "", arguments: "" };
        if (call.id) entry.id = call.id;
        if (call.function?.name) entry.name += call.function.name;
        if (call.function?.arguments) entry.arguments += call.function.arguments;
        toolCalls.set(call.index, entry);
      }
    }
  }
  return { text, usage, finishReasons, toolCalls: [...toolCalls.values()], chunks, usageChunkChoices };
}

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe.each(providerIds)("%s through the gateway, openai SDK", (provider) => {
  const model = () => harness.providers[provider].chatModel;
  const fake = () => harness.providers[provider].fake;

  it("chat (JSON): system + user, usage, x-request-id and x-switchyard-deployment", async () => {
    const params: ChatParams = {
      model: model(),
      temperature: 0.2,
      max_tokens: 200,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hello from the table" },
      ],
    };
    const { data: completion, response } = await client.chat.completions.create(params).withResponse();
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.message.role).toBe("assistant");
    expect(completion.choices[0]?.message.content).toContain("Hello from the table");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(response.headers.get("x-switchyard-deployment")).toMatch(new RegExp(`^${provider}-`));
    expect(fake().requests).toHaveLength(1);
    expectUpstream(provider, false);
  });

  it("streaming with stream_options.include_usage: content deltas, finish_reason, a final usage chunk", async () => {
    const streamed = await collect(
      await client.chat.completions.create({
        model: model(),
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "Stream words for the table" }],
      }),
    );
    expect(streamed.text).toContain("Stream words for the table");
    expect(streamed.chunks).toBeGreaterThan(3);
    expect(streamed.finishReasons).toEqual(["stop"]);
    expect(streamed.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(streamed.usage?.completion_tokens).toBeGreaterThan(0);
    expect(streamed.usageChunkChoices).toBe(0);
    expectUpstream(provider, true);

    const withoutUsage = await collect(
      await client.chat.completions.create({ model: model(), stream: true, messages: [{ role: "user", content: "no usage please" }] }),
    );
    expect(withoutUsage.text).toContain("no usage please");
    expect(withoutUsage.usage).toBeUndefined();
  });

  it("tools: tool_calls → tool result → answer (JSON), and tool-call deltas while streaming", async () => {
    const question: OpenAI.Chat.Completions.ChatCompletionMessageParam = { role: "user", content: "What is the weather in Paris?" };
    const first = await client.chat.completions.create({ model: model(), tools: [weatherTool], messages: [question] });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("no function call");
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });
    expect(call.id).toBeTruthy();

    const second = await client.chat.completions.create({
      model: model(),
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: call.id, content: "18°C and sunny" },
      ],
    });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content).toContain("18°C and sunny");

    const streamed = await collect(
      await client.chat.completions.create({
        model: model(),
        stream: true,
        tools: [weatherTool],
        tool_choice: { type: "function", function: { name: "get_weather" } },
        messages: [{ role: "user", content: "Weather in Oslo?" }],
      }),
    );
    expect(streamed.finishReasons).toEqual(["tool_calls"]);
    expect(streamed.toolCalls).toHaveLength(1);
    expect(streamed.toolCalls[0]?.name).toBe("get_weather");
    expect(streamed.toolCalls[0]?.id).toBeTruthy();
    expect(JSON.parse(streamed.toolCalls[0]?.arguments ?? "")).toEqual({ city: "Oslo" });
  });

  it("vision: an image_url data URL reaches the upstream in its own image format", async () => {
    const completion = await client.chat.completions.create({
      model: model(),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Describe this picture" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${pixelPngBase64}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toContain("I can see 1 image");
    expect(JSON.stringify(lastBody(fake()))).toContain(pixelPngBase64);
  });

  it("JSON mode: json_object and json_schema answers parse", async () => {
    const object = await client.chat.completions.create({
      model: model(),
      response_format: { type: "json_object" },
      messages: [{ role: "user", content: "Give me JSON about cats" }],
    });
    const parsed: unknown = JSON.parse(object.choices[0]?.message.content ?? "");
    expect(parsed).toBeTypeOf("object");

    const schema = {
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" } },
      required: ["name", "age"],
      additionalProperties: false,
    };
    const structured = await client.chat.completions.create({
      model: model(),
      response_format: { type: "json_schema", json_schema: { name: "person", schema, strict: true } },
      messages: [{ role: "user", content: "Describe a person" }],
    });
    const person = JSON.parse(structured.choices[0]?.message.content ?? "") as { name: unknown; age: unknown };
    expect(typeof person.name).toBe("string");
    expect(Number.isInteger(person.age)).toBe(true);
  });
});

describe("adapter details through the gateway", () => {
  it("bedrock: every request is SigV4-signed with the deployment's credentials (the fake recomputes the signature)", async () => {
    await client.chat.completions.create({ model: "bedrock-chat", messages: [{ role: "user", content: "signed?" }] });
    await client.embeddings.create({ model: "bedrock-embed", input: "signed too" });
    const requests = harness.fakes.bedrock.requests;
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(header(request.headers.authorization)).toMatch(upstreamShape.bedrock(false).credential[1]);
      expect(header(request.headers["x-amz-date"])).toMatch(/^\d{8}T\d{6}Z$/);
      const check = verifySigV4(
        { method: request.method, path: request.path, query: request.query, headers: request.headers, body: request.rawBody },
        { accessKeyId: bedrockAccessKeyId, secretAccessKey: secrets.bedrockSecretAccessKey, region: bedrockRegion, service: "bedrock" },
      );
      expect(check).toEqual({ ok: true });
      // The secret signs; it is never sent.
      expect(JSON.stringify(request.headers)).not.toContain(secrets.bedrockSecretAccessKey);
    }
  });

  it("bedrock: a signature made with the wrong secret is refused by the fake (so the check above is real)", async () => {
    const wrong = await startProvidersHarness({
      extraModels: (fakes) => [
        {
          name: "bedrock-wrong-secret",
          deployments: [
            {
              id: "bedrock-wrong",
              provider: "bedrock",
              model: "anthropic.claude-3-5-sonnet-20240620-v1:0",
              apiBase: fakes.bedrock.url,
              region: bedrockRegion,
              apiKey: `${bedrockAccessKeyId}:not-the-secret-0000`,
            },
          ],
        },
      ],
    });
    try {
      const failure = await wrong
        .openai()
        .chat.completions.create({ model: "bedrock-wrong-secret", messages: [{ role: "user", content: "hi" }] })
        .then(
          () => undefined,
          (error: unknown) => error as { status?: number; error?: { code?: string } },
        );
      expect(failure?.status).toBe(502);
      expect(failure?.error?.code).toBe("upstream_auth_error");
    } finally {
      await wrong.close();
    }
  });

  it.each([
    ["openai-reasoning", "openai"],
    ["azure-reasoning", "azure"],
  ] as const)("%s: max_tokens goes upstream as max_completion_tokens", async (model, provider) => {
    await client.chat.completions.create({ model, max_tokens: 64, messages: [{ role: "user", content: "think" }] });
    const body = lastBody(harness.fakes[provider]);
    expect(body.max_completion_tokens).toBe(64);
    expect(body).not.toHaveProperty("max_tokens");
    // Non-reasoning models keep max_tokens.
    await client.chat.completions.create({ model: `${provider}-chat`, max_tokens: 64, messages: [{ role: "user", content: "plain" }] });
    expect(lastBody(harness.fakes[provider])).toMatchObject({ max_tokens: 64 });
    expect(lastBody(harness.fakes[provider])).not.toHaveProperty("max_completion_tokens");
  });

  it("leaks no provider secret into any log line", () => {
    const logs = harness.logs.text();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of allSecrets) expect(logs).not.toContain(secret);
  });
});
