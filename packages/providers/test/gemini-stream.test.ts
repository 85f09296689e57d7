import { type FakeGemini, startFakeGemini } from "@switchyard/testkit/fake-gemini";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { geminiAdapter } from "../src/gemini";
import type { CallContext } from "../src/spec";
import { weatherTool } from "./support/fixtures";
import { assembled, callContext, chunksOf, errorsOf, expectError, expectStream, streamChat } from "./support/http-upstream";

const apiKey = "AIzaSy-test-0123456789";
let fake: FakeGemini;

function context(stream = true): CallContext {
  return callContext({ provider: "gemini", apiBase: fake.url, model: "gemini-2.5-flash", apiKey }, stream);
}

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("gemini adapter: streaming", () => {
  it("streams text from streamGenerateContent?alt=sse with the final usage", async () => {
    const outcome = expectStream(
      await streamChat(geminiAdapter, { model: "fast", messages: [{ role: "user", content: "Stream please" }] }, context()),
    );
    expect(fake.requests[0]?.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    expect(fake.requests[0]?.query).toEqual({ alt: "sse" });
    expect(fake.requests[0]?.headers.accept).toBe("text/event-stream");
    expect(errorsOf(outcome)).toEqual([]);
    const chunks = chunksOf(outcome);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(assembled(outcome)).toEqual({
      content: 'Hello from gemini-2.5-flash! You said: "Stream please".',
      toolCalls: [],
      finishReasons: ["stop"],
    });
    expect(outcome.summary).toMatchObject({
      completed: true,
      finishReasons: [{ unified: "stop", raw: "STOP" }],
      usage: { prompt_tokens: 4, completion_tokens: 14, total_tokens: 18 },
    });
  });

  it("streams a function call as one tool_call delta", async () => {
    const outcome = expectStream(
      await streamChat(
        geminiAdapter,
        { model: "fast", messages: [{ role: "user", content: "Weather in Rome?" }], tools: [weatherTool] },
        context(),
      ),
    );
    expect(assembled(outcome)).toEqual({
      content: "",
      toolCalls: [{ id: "call_req_test_0_0", name: "get_weather", arguments: '{"location":"Rome"}' }],
      finishReasons: ["tool_calls"],
    });
    expect(outcome.summary.finishReasons).toEqual([{ unified: "tool_calls", raw: "STOP" }]);
  });

  it("streams several candidates side by side", async () => {
    const outcome = expectStream(
      await streamChat(geminiAdapter, { model: "fast", messages: [{ role: "user", content: "Two please" }], n: 2 }, context()),
    );
    const byChoice = new Map<number, string>();
    for (const chunk of chunksOf(outcome))
      for (const choice of chunk.choices) byChoice.set(choice.index, (byChoice.get(choice.index) ?? "") + (choice.delta.content ?? ""));
    expect([...byChoice.values()]).toEqual([
      'Hello from gemini-2.5-flash! You said: "Two please".',
      'Hello from gemini-2.5-flash (alternative 2)! You said: "Two please".',
    ]);
    expect(outcome.summary.finishReasons).toHaveLength(2);
  });

  it("a blocked prompt ends the stream with content_filter", async () => {
    fake.fail({ type: "content-filter" });
    const outcome = expectStream(
      await streamChat(geminiAdapter, { model: "fast", messages: [{ role: "user", content: "bad" }] }, context()),
    );
    expect(assembled(outcome).finishReasons).toEqual(["content_filter"]);
    expect(outcome.summary).toMatchObject({ completed: true, finishReasons: [{ unified: "content_filter", raw: "SAFETY" }] });
  });

  it("a connection cut mid-stream ends with an error part", async () => {
    fake.fail({ type: "cut", afterChunks: 3 });
    const outcome = expectStream(
      await streamChat(geminiAdapter, { model: "fast", messages: [{ role: "user", content: "A long answer please" }] }, context()),
    );
    expect(chunksOf(outcome).length).toBe(3);
    expect(errorsOf(outcome)).toEqual([expect.objectContaining({ kind: "stream", retryable: true })]);
    expect(outcome.parts.at(-1)?.type).toBe("error");
    expect(outcome.summary.completed).toBe(false);
  });

  it("429 before the stream starts is an UpstreamError with the retry delay", async () => {
    fake.fail({ type: "rate-limit", retryAfterSeconds: 3 });
    expect(
      expectError(await streamChat(geminiAdapter, { model: "fast", messages: [{ role: "user", content: "hi" }] }, context())),
    ).toMatchObject({
      kind: "rate_limit",
      retryAfterMs: 3000,
    });
  });

  it("an error object inside the stream becomes an error part", () => {
    const transformer = geminiAdapter.chat.createStreamTransformer(
      callContext({ provider: "gemini", apiBase: "http://unused", model: "gemini-2.5-pro" }, true),
    );
    const parts = transformer.transform({
      data: JSON.stringify({ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } }),
    });
    expect(parts).toEqual([{ type: "error", error: expect.objectContaining({ kind: "overloaded", message: "The model is overloaded." }) }]);
  });
});
