import { converseStreamFrame, type FakeBedrock, startFakeBedrock } from "@switchyard/testkit/fake-bedrock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBedrockAdapter } from "../src/bedrock";
import { AwsEventStreamDecoder } from "../src/framing";
import type { CallContext } from "../src/spec";
import { weatherTool } from "./support/fixtures";
import { assembled, callContext, chunksOf, errorsOf, expectError, expectStream, streamChat } from "./support/http-upstream";

const accessKeyId = "AKIDEXAMPLE";
const adapter = createBedrockAdapter({ now: () => new Date("2025-06-15T12:34:56Z") });
const modelId = "anthropic.claude-3-5-sonnet-20240620-v1:0";
let fake: FakeBedrock;

function context(): CallContext {
  return callContext(
    { provider: "bedrock", apiBase: fake.url, model: modelId, region: "us-west-2", apiKey: `${accessKeyId}:secret` },
    true,
  );
}

beforeAll(async () => {
  fake = await startFakeBedrock({ apiKey: accessKeyId });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("bedrock adapter: ConverseStream", () => {
  it("streams text from event-stream frames with usage from the metadata event", async () => {
    const outcome = expectStream(
      await streamChat(adapter, { model: "smart", messages: [{ role: "user", content: "Stream please" }] }, context()),
    );
    expect(fake.requests[0]?.path).toBe("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream");
    expect(fake.requests[0]?.headers.accept).toBe("application/vnd.amazon.eventstream");
    expect(errorsOf(outcome)).toEqual([]);
    expect(chunksOf(outcome)[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    expect(assembled(outcome)).toEqual({
      content: `Hello from ${modelId}! You said: "Stream please".`,
      toolCalls: [],
      finishReasons: ["stop"],
    });
    expect(outcome.summary).toMatchObject({
      completed: true,
      finishReasons: [{ unified: "stop", raw: "end_turn" }],
      usage: { prompt_tokens: 4, completion_tokens: 20, total_tokens: 24 },
    });
  });

  it("streams tool use as tool_call deltas", async () => {
    const outcome = expectStream(
      await streamChat(
        adapter,
        { model: "smart", messages: [{ role: "user", content: "Weather in Rome?" }], tools: [weatherTool] },
        context(),
      ),
    );
    const { toolCalls, finishReasons } = assembled(outcome);
    expect(toolCalls).toEqual([{ id: expect.stringMatching(/^tooluse_/), name: "get_weather", arguments: '{"location":"Rome"}' }]);
    expect(finishReasons).toEqual(["tool_calls"]);
    expect(chunksOf(outcome).filter((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments).length).toBeGreaterThan(1);
  });

  it("a guardrail ends the stream with content_filter", async () => {
    fake.fail({ type: "content-filter" });
    const outcome = expectStream(await streamChat(adapter, { model: "smart", messages: [{ role: "user", content: "bad" }] }, context()));
    expect(outcome.summary.finishReasons).toEqual([{ unified: "content_filter", raw: "guardrail_intervened" }]);
  });

  it("a connection cut mid-stream ends with an error part", async () => {
    fake.fail({ type: "cut", afterChunks: 3 });
    const outcome = expectStream(
      await streamChat(adapter, { model: "smart", messages: [{ role: "user", content: "A long answer please" }] }, context()),
    );
    expect(chunksOf(outcome)).toHaveLength(3);
    expect(errorsOf(outcome)).toEqual([expect.objectContaining({ kind: "stream" })]);
    expect(outcome.parts.at(-1)?.type).toBe("error");
  });

  it("throttling before the stream is an UpstreamError", async () => {
    fake.fail({ type: "rate-limit" });
    expect(
      expectError(await streamChat(adapter, { model: "smart", messages: [{ role: "user", content: "hi" }] }, context())),
    ).toMatchObject({ kind: "rate_limit", status: 429 });
  });
});

describe("aws event-stream framing", () => {
  it("decodes frames split at every byte boundary, and exception frames become error parts", () => {
    const bytes = Buffer.concat([
      converseStreamFrame("messageStart", { role: "assistant" }),
      converseStreamFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hi ☃" } }),
      converseStreamFrame("throttlingException", { message: "Too many tokens, please wait before trying again." }, "exception"),
    ]);
    const decoder = new AwsEventStreamDecoder();
    const events = [];
    for (const byte of bytes) events.push(...decoder.push(Uint8Array.of(byte)));
    expect(events.map((event) => [event.event, event.messageType])).toEqual([
      ["messageStart", "event"],
      ["contentBlockDelta", "event"],
      ["throttlingException", "exception"],
    ]);
    const transformer = adapter.chat.createStreamTransformer(
      callContext({ provider: "bedrock", apiBase: "http://unused", model: modelId }, true),
    );
    const parts = events.flatMap((event) => transformer.transform(event));
    expect(parts.flatMap((part) => (part.type === "chunk" ? [part.chunk.choices[0]?.delta.content] : []))).toEqual(["", "Hi ☃"]);
    expect(parts.at(-1)).toEqual({
      type: "error",
      error: expect.objectContaining({ kind: "rate_limit", message: "Too many tokens, please wait before trying again." }),
    });
    expect(transformer.flush()).toEqual([{ type: "error", error: expect.objectContaining({ kind: "stream" }) }]);
  });

  it("a corrupted frame fails loudly instead of yielding garbage", () => {
    const frame = Buffer.from(converseStreamFrame("messageStart", { role: "assistant" }));
    frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0xff;
    expect(() => new AwsEventStreamDecoder().push(frame)).toThrow(/checksum/i);
  });
});
