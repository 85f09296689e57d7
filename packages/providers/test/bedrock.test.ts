import { type FakeBedrock, startFakeBedrock } from "@switchyard/testkit/fake-bedrock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bedrockAdapter } from "../src/bedrock";
import { providerRegistry } from "../src/registry";
import { accessKeyId, adapter, fakeBedrockHelpers, modelId } from "./support/bedrock";
import { weatherTool } from "./support/fixtures";
import { callChat, callEmbeddings, expectResult, pixelBase64, pixelDataUrl } from "./support/http-upstream";

// Converse requests and replies, embeddings. SigV4: bedrock-signing.test.ts; errors: bedrock-errors.test.ts;
// ConverseStream: bedrock-stream.test.ts.

let fake: FakeBedrock;
const { context, lastRequest, lastBody } = fakeBedrockHelpers(() => fake);

beforeAll(async () => {
  fake = await startFakeBedrock({ apiKey: accessKeyId });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

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
