import { createHash, createHmac } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ChatCompletionRequest } from "@switchyard/schemas";
import { type FakeBedrock, startFakeBedrock } from "@switchyard/testkit/fake-bedrock";
import type { RecordedRequest } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bedrockAdapter, createBedrockAdapter } from "../src/bedrock";
import { providerRegistry } from "../src/registry";
import type { CallContext } from "../src/spec";
import { weatherTool } from "./support/fixtures";
import { callChat, callContext, callEmbeddings, expectError, expectResult, pixelBase64, pixelDataUrl } from "./support/http-upstream";

const accessKeyId = "AKIDEXAMPLE";
const secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const signingDate = new Date("2025-06-15T12:34:56Z");
const adapter = createBedrockAdapter({ now: () => signingDate });
const modelId = "anthropic.claude-3-5-sonnet-20240620-v1:0";
let fake: FakeBedrock;

function context(overrides: { apiKey?: string; model?: string } = {}): CallContext {
  return callContext({
    provider: "bedrock",
    apiBase: fake.url,
    model: overrides.model ?? modelId,
    region: "eu-west-1",
    apiKey: overrides.apiKey ?? `${accessKeyId}:${secretAccessKey}`,
  });
}

function lastRequest(): RecordedRequest {
  const request = fake.requests.at(-1);
  if (!request) throw new Error("no request recorded");
  return request;
}

function lastBody(): Record<string, unknown> {
  return lastRequest().body as Record<string, unknown>;
}

function header(request: RecordedRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/** SigV4 recomputed by hand from what the server received (AWS's documented algorithm, node:crypto only). */
function independentSignature(request: RecordedRequest, signedHeaders: string[], region: string): string {
  const encode = (segment: string) =>
    encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalUri = request.path.split("/").map(encode).join("/");
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${header(request, name).trim()}\n`).join("");
  const payloadHash = createHash("sha256").update(request.rawBody).digest("hex");
  const canonicalRequest = ["POST", canonicalUri, "", canonicalHeaders, signedHeaders.join(";"), payloadHash].join("\n");
  const amzDate = header(request, "x-amz-date");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/bedrock/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonicalRequest).digest("hex")].join("\n");
  const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), "bedrock"), "aws4_request");
  return createHmac("sha256", signingKey).update(stringToSign).digest("hex");
}

beforeAll(async () => {
  fake = await startFakeBedrock({ apiKey: accessKeyId });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("bedrock adapter: signing", () => {
  it("signs Converse with SigV4: exact Authorization format, verifiable signature, encoded model id", async () => {
    const request: ChatCompletionRequest = { model: "smart", messages: [{ role: "user", content: "Hello there" }] };
    const upstream = await adapter.chat.buildRequest(request, context());
    expect(upstream.url).toBe(`${fake.url}/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse`);
    expect(upstream.headers).toEqual({
      "content-type": "application/json",
      accept: "application/json",
      "x-amz-date": "20250615T123456Z",
      "x-amz-content-sha256": createHash("sha256").update(String(upstream.body)).digest("hex"),
      authorization: expect.any(String),
    });
    const authorization = upstream.headers.authorization ?? "";
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250615\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );

    expectResult(await callChat(adapter, request, context()));
    const received = lastRequest();
    expect(received.path).toBe("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    expect(header(received, "authorization")).toBe(authorization);

    // The same library, the same clock, fed only what the server received.
    const signer = new SignatureV4({
      service: "bedrock",
      region: "eu-west-1",
      credentials: { accessKeyId, secretAccessKey },
      sha256: Sha256,
    });
    const resigned = await signer.sign(
      {
        method: "POST",
        protocol: "http:",
        hostname: "127.0.0.1",
        port: fake.port,
        path: received.path,
        headers: { host: header(received, "host"), "content-type": header(received, "content-type"), accept: header(received, "accept") },
        body: received.rawBody,
      },
      { signingDate },
    );
    expect(resigned.headers.authorization).toBe(authorization);
    // And by hand, from AWS's algorithm: canonical request → string to sign → derived key.
    const signature = independentSignature(received, ["accept", "content-type", "host", "x-amz-content-sha256", "x-amz-date"], "eu-west-1");
    expect(authorization.endsWith(`Signature=${signature}`)).toBe(true);
  });

  it("adds the session token, takes a Bedrock API key as a bearer, and fails without credentials", async () => {
    const withToken = await adapter.chat.buildRequest(
      { model: "x", messages: [{ role: "user", content: "hi" }] },
      context({ apiKey: `${accessKeyId}:${secretAccessKey}:FwoGZXIvYXdzEXAMPLE` }),
    );
    expect(withToken.headers["x-amz-security-token"]).toBe("FwoGZXIvYXdzEXAMPLE");
    expect(withToken.headers.authorization).toMatch(
      /SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/,
    );

    const bearer = await adapter.chat.buildRequest(
      { model: "x", messages: [{ role: "user", content: "hi" }] },
      context({ apiKey: accessKeyId }),
    );
    expect(bearer.headers.authorization).toBe(`Bearer ${accessKeyId}`);
    expectResult(await callChat(adapter, { model: "x", messages: [{ role: "user", content: "hi" }] }, context({ apiKey: accessKeyId })));

    const none = callContext({ provider: "bedrock", apiBase: fake.url, model: modelId, apiKey: undefined });
    await expect(adapter.chat.buildRequest({ model: "x", messages: [{ role: "user", content: "hi" }] }, none)).rejects.toMatchObject({
      kind: "auth",
      retryable: false,
    });
  });

  it("defaults to the regional endpoint", async () => {
    const upstream = await adapter.chat.buildRequest(
      { model: "x", messages: [{ role: "user", content: "hi" }] },
      callContext({
        provider: "bedrock",
        apiBase: "https://bedrock-runtime.{region}.amazonaws.com",
        model: "amazon.nova-pro-v1:0",
        region: "ap-southeast-2",
        apiKey: `${accessKeyId}:${secretAccessKey}`,
      }),
    );
    expect(upstream.url).toBe("https://bedrock-runtime.ap-southeast-2.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse");
    expect(upstream.headers.authorization).toContain("/ap-southeast-2/bedrock/aws4_request");
  });
});

describe("bedrock adapter: requests and replies", () => {
  it("translates a plain chat and its reply", async () => {
    const result = expectResult(
      await callChat(adapter, { model: "smart", messages: [{ role: "user", content: "Hello there" }] }, context()),
    );
    expect(lastBody()).toEqual({ messages: [{ role: "user", content: [{ text: "Hello there" }] }] });
    expect(result.completion).toEqual({
      id: "chatcmpl-req_test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: modelId,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: `Hello from ${modelId}! You said: "Hello there".`, refusal: null },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 20, total_tokens: 23 },
    });
    expect(result.finishReasons).toEqual([{ unified: "stop", raw: "end_turn" }]);
  });

  it("hoists system messages, merges turns, maps inferenceConfig and cache points", async () => {
    expectResult(
      await callChat(
        adapter,
        {
          model: "smart",
          messages: [
            { role: "system", content: [{ type: "text", text: "Long shared preamble", cache_control: { type: "ephemeral" } }] },
            { role: "user", content: "One" },
            { role: "user", content: "Two" },
          ],
          max_tokens: 200,
          temperature: 0.4,
          top_p: 0.9,
          stop: ["END"],
        },
        context(),
      ),
    );
    expect(lastBody()).toEqual({
      system: [{ text: "Long shared preamble" }, { cachePoint: { type: "default" } }],
      messages: [{ role: "user", content: [{ text: "One" }, { text: "Two" }] }],
      inferenceConfig: { maxTokens: 200, temperature: 0.4, topP: 0.9, stopSequences: ["END"] },
    });
  });

  it("round-trips a tool call through toolUse and toolResult blocks", async () => {
    const first = expectResult(
      await callChat(
        adapter,
        {
          model: "smart",
          messages: [{ role: "user", content: "What is the weather in Paris?" }],
          tools: [weatherTool],
          tool_choice: "required",
        },
        context(),
      ),
    );
    expect(lastBody().toolConfig).toEqual({
      tools: [
        {
          toolSpec: {
            name: "get_weather",
            description: "Current weather for a city",
            inputSchema: { json: { type: "object", properties: { location: { type: "string" } }, required: ["location"] } },
          },
        },
      ],
      toolChoice: { any: {} },
    });
    const call = first.completion.choices[0]?.message.tool_calls?.[0];
    expect(first.completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.finishReasons).toEqual([{ unified: "tool_calls", raw: "tool_use" }]);
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather", arguments: '{"location":"Paris"}' } });
    expect(call?.id).toMatch(/^tooluse_/);

    const second = expectResult(
      await callChat(
        adapter,
        {
          model: "smart",
          messages: [
            { role: "user", content: "What is the weather in Paris?" },
            { role: "assistant", content: "", tool_calls: call ? [call] : [] },
            { role: "tool", tool_call_id: call?.id ?? "", content: "18°C" },
          ],
          tools: [weatherTool],
          tool_choice: "none",
        },
        context(),
      ),
    );
    expect(lastBody().messages).toEqual([
      { role: "user", content: [{ text: "What is the weather in Paris?" }] },
      { role: "assistant", content: [{ toolUse: { toolUseId: call?.id, name: "get_weather", input: { location: "Paris" } } }] },
      { role: "user", content: [{ toolResult: { toolUseId: call?.id, content: [{ text: "18°C" }] } }] },
    ]);
    // History with tool blocks keeps toolConfig (Converse requires it), without a tool choice.
    expect(lastBody().toolConfig).toMatchObject({ tools: [{ toolSpec: { name: "get_weather" } }] });
    expect(lastBody().toolConfig).not.toHaveProperty("toolChoice");
    expect(second.completion.choices[0]?.message.content).toBe("The tool returned: 18°C");
  });

  it("sends images as bytes and refuses web URLs", async () => {
    const result = expectResult(
      await callChat(
        adapter,
        {
          model: "smart",
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "What is this?" },
                { type: "image_url", image_url: { url: pixelDataUrl } },
              ],
            },
          ],
        },
        context(),
      ),
    );
    expect(lastBody().messages).toEqual([
      { role: "user", content: [{ text: "What is this?" }, { image: { format: "png", source: { bytes: pixelBase64 } } }] },
    ]);
    expect(result.completion.choices[0]?.message.content).toContain("I can see 1 image");
    await expect(
      adapter.chat.buildRequest(
        { model: "smart", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }] }] },
        context(),
      ),
    ).rejects.toMatchObject({ kind: "bad_request" });
  });

  it("JSON mode is a system instruction", async () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    const result = expectResult(
      await callChat(
        adapter,
        {
          model: "smart",
          messages: [{ role: "user", content: "Reply in JSON" }],
          response_format: { type: "json_schema", json_schema: { name: "reply", schema } },
        },
        context(),
      ),
    );
    expect(lastBody().system).toEqual([
      { text: `Respond only with a single valid JSON object, and nothing else, that matches this JSON schema: ${JSON.stringify(schema)}` },
    ]);
    expect(JSON.parse(result.completion.choices[0]?.message.content ?? "")).toEqual({ answer: "answer" });
  });

  it("a guardrail intervention is content_filter", async () => {
    fake.fail({ type: "content-filter" });
    const result = expectResult(await callChat(adapter, { model: "smart", messages: [{ role: "user", content: "bad" }] }, context()));
    expect(result.completion.choices[0]).toMatchObject({
      message: { content: "Sorry, the model cannot answer this question." },
      finish_reason: "content_filter",
    });
    expect(result.finishReasons).toEqual([{ unified: "content_filter", raw: "guardrail_intervened" }]);
  });

  it("embeds with Titan (one input) and Cohere (a batch) through InvokeModel", async () => {
    const titan = await callEmbeddings(
      adapter,
      { model: "embed", input: "hello", dimensions: 4 },
      context({ model: "amazon.titan-embed-text-v2:0" }),
    );
    expect(lastRequest().path).toBe("/model/amazon.titan-embed-text-v2%3A0/invoke");
    expect(lastBody()).toEqual({ inputText: "hello", dimensions: 4 });
    expect(titan).toMatchObject({
      object: "list",
      data: [{ object: "embedding", index: 0 }],
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
    const cohere = await callEmbeddings(adapter, { model: "embed", input: ["a", "b"] }, context({ model: "cohere.embed-english-v3" }));
    expect(lastBody()).toEqual({ texts: ["a", "b"], input_type: "search_document" });
    expect(cohere).toMatchObject({ data: [{ index: 0 }, { index: 1 }] });
    await expect(
      Promise.resolve().then(() =>
        adapter.embeddings?.buildRequest({ model: "e", input: ["a", "b"] }, context({ model: "amazon.titan-embed-text-v2:0" })),
      ),
    ).rejects.toMatchObject({
      kind: "bad_request",
    });
  });
});

describe("bedrock adapter: registry", () => {
  it("is a built-in adapter", () => {
    expect(providerRegistry.resolve({ provider: "bedrock" })).toBe(bedrockAdapter);
  });
});

describe("bedrock adapter: errors", () => {
  const hello: ChatCompletionRequest = { model: "smart", messages: [{ role: "user", content: "hi" }] };

  it("ThrottlingException → rate_limit (retry-after honoured when a proxy adds one)", async () => {
    fake.fail({ type: "rate-limit" });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({
      kind: "rate_limit",
      status: 429,
      retryable: true,
      retryAfterMs: undefined,
    });
    fake.fail({
      type: "status",
      status: 429,
      body: { message: "Too many requests" },
      headers: { "x-amzn-errortype": "ThrottlingException", "retry-after": "4" },
    });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "rate_limit", retryAfterMs: 4000 });
  });

  it("InternalServerException → server, ServiceUnavailableException and ModelNotReadyException → overloaded", async () => {
    fake.fail({ type: "status", status: 500 });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "server", status: 500, retryable: true });
    fake.fail({ type: "status", status: 503 });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "overloaded", status: 503 });
    fake.fail({
      type: "status",
      status: 429,
      body: { message: "Model is not ready" },
      headers: { "x-amzn-errortype": "ModelNotReadyException:http://internal.amazon.com/coral/com.amazon.bedrock/" },
    });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "overloaded", retryable: true });
  });

  it('ValidationException "too long" → context_length; other validation errors → bad_request', async () => {
    fake.fail({ type: "context-length" });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({
      kind: "context_length",
      status: 400,
      message: "Input is too long for requested model.",
    });
    fake.fail({ type: "status", status: 400 });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "bad_request", code: "ValidationException" });
  });

  it("a refused signature is auth, without the secret", async () => {
    const error = expectError(await callChat(adapter, hello, context({ apiKey: `AKIDWRONG:${secretAccessKey}` })));
    expect(error).toMatchObject({ kind: "auth", status: 403 });
    expect(JSON.stringify(error.toOpenAIError())).not.toContain(secretAccessKey);
  });
});
