import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, lastUpstreamBody, startHarness, upstreamKey } from "./helpers";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.upstream.reset();
});

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
};

describe("POST /v1/chat/completions through the official openai SDK", () => {
  it("answers a chat completion and names the deployment and request id", async () => {
    const { data, response } = await harness.client.chat.completions
      .create({ model: "demo-fast", messages: [{ role: "user", content: "Hello there" }] })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.choices[0]?.message.content).toBe('Hello from demo-fast! You said: "Hello there".');
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-switchyard-deployment")).toBe("fast-1");
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);

    const upstream = harness.upstream.requests.at(-1);
    expect(upstream?.path).toBe("/v1/chat/completions");
    expect(upstream?.headers.authorization).toBe(`Bearer ${upstreamKey}`);
    expect(upstream?.body).toEqual({ model: "demo-fast", messages: [{ role: "user", content: "Hello there" }] });
  });

  it("answers a caller's reused x-request-id with a unique id of its own per request", async () => {
    // Spend events are idempotent by request id: a retry that reuses the caller's id must still be metered.
    const send = () =>
      harness.client.chat.completions
        .create({ model: "demo-fast", messages: [{ role: "user", content: "hi" }] }, { headers: { "x-request-id": "trace-123" } })
        .withResponse();
    const [first, second] = await Promise.all([send(), send()]);
    const ids = [first.response.headers.get("x-request-id"), second.response.headers.get("x-request-id")];
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("streams chunks in OpenAI's shape ending with [DONE], no usage unless asked", async () => {
    const stream = await harness.client.chat.completions.create({
      model: "demo-fast",
      stream: true,
      messages: [{ role: "user", content: "Stream please" }],
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe('Hello from demo-fast! You said: "Stream please".');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null)).toBe(true);
    // The gateway always asks the upstream for usage (metering), whatever the client asked.
    expect(lastUpstreamBody(harness.upstream).stream_options).toEqual({ include_usage: true });
  });

  it("streams a final usage chunk with empty choices when include_usage is set", async () => {
    const stream = await harness.client.chat.completions.create({
      model: "demo-fast",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Count my tokens" }],
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(last?.usage?.total_tokens).toBe((last?.usage?.prompt_tokens ?? 0) + (last?.usage?.completion_tokens ?? 0));
  });

  it("streams raw SSE ending in data: [DONE] with the gateway headers", async () => {
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${harness.client.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "demo-fast", stream: true, messages: [{ role: "user", content: "raw" }] }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("x-switchyard-deployment")).toBe("fast-1");
    const text = await response.text();
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("round-trips a tool call (JSON and streaming)", async () => {
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: "user", content: "What is the weather in Paris?" }];
    const first = await harness.client.chat.completions.create({ model: "demo-fast", messages, tools: [weatherTool], tool_choice: "auto" });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("expected a function tool call");
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ location: "Paris" });
    expect(lastUpstreamBody(harness.upstream).tools).toEqual([weatherTool]);

    const second = await harness.client.chat.completions.create({
      model: "demo-fast",
      tools: [weatherTool],
      messages: [
        ...messages,
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: call.id, content: '{"temperature":21}' },
      ],
    });
    expect(second.choices[0]?.message.content).toBe('The tool returned: {"temperature":21}');
    const sentMessages = lastUpstreamBody(harness.upstream).messages as Array<Record<string, unknown>>;
    expect(sentMessages[2]).toEqual({ role: "tool", tool_call_id: call.id, content: '{"temperature":21}' });

    const stream = harness.client.chat.completions.stream({ model: "demo-fast", messages, tools: [weatherTool] });
    const final = await stream.finalChatCompletion();
    const streamedCall = final.choices[0]?.message.tool_calls?.[0];
    if (streamedCall?.type !== "function") throw new Error("expected a streamed function tool call");
    expect(streamedCall.function.name).toBe("get_weather");
    expect(JSON.parse(streamedCall.function.arguments)).toEqual({ location: "Paris" });
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("passes image parts through untouched (vision)", async () => {
    const content: OpenAI.Chat.Completions.ChatCompletionContentPart[] = [
      { type: "text", text: "What is in this picture?" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" } },
    ];
    const reply = await harness.client.chat.completions.create({ model: "demo-fast", messages: [{ role: "user", content }] });
    expect(reply.choices[0]?.message.content).toContain("I can see 1 image.");
    expect((lastUpstreamBody(harness.upstream).messages as unknown[])[0]).toEqual({ role: "user", content });
  });

  it("supports JSON mode and json_schema structured outputs", async () => {
    const jsonMode = await harness.client.chat.completions.create({
      model: "demo-fast",
      response_format: { type: "json_object" },
      messages: [{ role: "user", content: "Reply in JSON" }],
    });
    expect(JSON.parse(jsonMode.choices[0]?.message.content ?? "")).toMatchObject({ model: "demo-fast" });

    const schema = {
      type: "object",
      properties: { city: { type: "string" }, temperature: { type: "number" }, sunny: { type: "boolean" } },
      required: ["city", "temperature", "sunny"],
      additionalProperties: false,
    };
    const structured = await harness.client.chat.completions.create({
      model: "demo-fast",
      response_format: { type: "json_schema", json_schema: { name: "weather", schema, strict: true } },
      messages: [{ role: "user", content: "Weather" }],
    });
    const parsed = JSON.parse(structured.choices[0]?.message.content ?? "");
    expect(Object.keys(parsed).sort()).toEqual(["city", "sunny", "temperature"]);
    expect(lastUpstreamBody(harness.upstream).response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "weather", schema, strict: true },
    });
  });

  it("passes unknown request fields through to the upstream", async () => {
    await harness.client.chat.completions.create({
      model: "demo-smart",
      messages: [{ role: "user", content: "hi" }],
      // @ts-expect-error vendor extensions (vLLM's guided decoding) are not in OpenAI's types
      guided_choice: ["yes", "no"],
      top_k: 5,
      temperature: 0.2,
      seed: 7,
      max_completion_tokens: 50,
    });
    const body = lastUpstreamBody(harness.upstream);
    expect(body).toMatchObject({
      model: "demo-smart",
      guided_choice: ["yes", "no"],
      top_k: 5,
      temperature: 0.2,
      seed: 7,
      max_completion_tokens: 50,
    });
  });

  it("returns n choices and honours max_tokens with finish_reason length", async () => {
    const reply = await harness.client.chat.completions.create({
      model: "demo-fast",
      n: 2,
      max_tokens: 3,
      messages: [{ role: "user", content: "Tell me a long story" }],
    });
    expect(reply.choices).toHaveLength(2);
    expect(reply.choices.map((choice) => choice.finish_reason)).toEqual(["length", "length"]);
  });
});
