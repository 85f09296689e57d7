import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import {
  allSecrets,
  lastBody,
  type ProviderId,
  type ProvidersHarness,
  pixelPngBase64,
  providerIds,
  useProvidersHarness,
} from "./providers-harness";

/**
 * /v1/messages with the official Anthropic SDK, unmodified (baseURL = the gateway), in front of
 * every provider's fake (OpenAI, Azure, Together, Anthropic, Gemini, Bedrock, Ollama): what
 * Claude Code does when pointed at Switchyard with any model behind it.
 */

let harness: ProvidersHarness;
let client: Anthropic;

useProvidersHarness((started) => {
  harness = started;
  client = started.anthropic();
});

const weatherTool: Anthropic.Tool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: { type: "object", properties: { city: { type: "string", description: "City name" } }, required: ["city"] },
};

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

type Json = Record<string, unknown>;

function texts(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  return value
    .map((part) => (typeof part === "object" && part !== null && typeof (part as Json).text === "string" ? (part as Json).text : ""))
    .join("");
}

/** The system prompt each fake received, read from its own wire format. */
function upstreamSystem(provider: ProviderId, body: Json): string {
  switch (provider) {
    case "anthropic":
    case "bedrock":
      return texts(body.system);
    case "gemini":
      return texts((body.systemInstruction as Json | undefined)?.parts);
    default: {
      // OpenAI-style and Ollama: a leading system message.
      const first = (body.messages as Json[])[0];
      return first?.role === "system" ? texts(first.content) : "";
    }
  }
}

/** Whether the image reached each fake in its own format. */
function upstreamImage(provider: ProviderId, body: Json): boolean {
  const json = JSON.stringify(body);
  switch (provider) {
    case "anthropic":
      return json.includes(`"source":{"type":"base64","media_type":"image/png","data":"${pixelPngBase64}"}`);
    case "gemini":
      return json.includes(`"inlineData":{"mimeType":"image/png","data":"${pixelPngBase64}"}`);
    case "bedrock":
      return json.includes(`"image":{"format":"png","source":{"bytes":"${pixelPngBase64}"}}`);
    case "ollama":
      return json.includes(`"images":["${pixelPngBase64}"]`);
    default:
      return json.includes(`"url":"data:image/png;base64,${pixelPngBase64}"`);
  }
}

const providers: readonly ProviderId[] = providerIds;

describe.each(providers)("/v1/messages → %s", (provider) => {
  const model = () => harness.providers[provider].chatModel;
  const fake = () => harness.providers[provider].fake;

  it("answers a Message (JSON) with the system prompt carried to the upstream, usage and gateway headers", async () => {
    const { data: message, response } = await client.messages
      .create({ model: model(), max_tokens: 200, system: "You are terse.", messages: [{ role: "user", content: "Hello there" }] })
      .withResponse();
    expect(message).toMatchObject({ type: "message", role: "assistant", model: model(), stop_reason: "end_turn", stop_sequence: null });
    expect(message.id).toMatch(/^msg_/);
    expect(textOf(message)).toContain("Hello there");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-switchyard-deployment")).toMatch(new RegExp(`^${provider}-`));
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(response.headers.get("request-id")).toBe(response.headers.get("x-request-id"));

    expect(fake().requests).toHaveLength(1);
    const upstream = lastBody(fake());
    expect(upstreamSystem(provider, upstream)).toBe("You are terse.");
  });

  it("streams Anthropic's event sequence, and the SDK's stream helpers assemble the final message", async () => {
    const raw = await client.messages.create({
      model: model(),
      max_tokens: 200,
      stream: true,
      messages: [{ role: "user", content: "Tell me about streams" }],
    });
    const types: string[] = [];
    let text = "";
    for await (const event of raw) {
      types.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
    }
    expect(types[0]).toBe("message_start");
    expect(types[1]).toBe("content_block_start");
    expect(types.filter((type) => type === "content_block_delta").length).toBeGreaterThan(1);
    expect(types.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(text).toContain("Tell me about streams");

    const stream = client.messages.stream({
      model: model(),
      max_tokens: 200,
      system: [{ type: "text", text: "You are terse." }],
      messages: [{ role: "user", content: "Stream this please" }],
    });
    const pieces: string[] = [];
    stream.on("text", (piece) => pieces.push(piece));
    const final = await stream.finalMessage();
    expect(final.model).toBe(model());
    expect(final.stop_reason).toBe("end_turn");
    expect(textOf(final)).toContain("Stream this please");
    expect(pieces.join("")).toBe(textOf(final));
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(final.usage.input_tokens).toBeGreaterThan(0);
    expect(upstreamSystem(provider, lastBody(fake()))).toBe("You are terse.");
  });

  it("round-trips a tool call: tool_use → tool_result → final answer (JSON)", async () => {
    const question: Anthropic.MessageParam = { role: "user", content: "What is the weather in Paris? Use the get_weather tool." };
    const first = await client.messages.create({ model: model(), max_tokens: 200, tools: [weatherTool], messages: [question] });
    expect(first.stop_reason).toBe("tool_use");
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === "tool_use");
    expect(toolUse).toMatchObject({ type: "tool_use", name: "get_weather", input: { city: "Paris" } });
    expect(toolUse?.id).toBeTruthy();

    const second = await client.messages.create({
      model: model(),
      max_tokens: 200,
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse?.id ?? "", content: "18°C and sunny" }] },
      ],
    });
    expect(second.stop_reason).toBe("end_turn");
    expect(textOf(second)).toContain("18°C and sunny");
  });

  it("round-trips a tool call while streaming (input_json_delta assembled by the SDK)", async () => {
    const question: Anthropic.MessageParam = { role: "user", content: "Weather in Lyon? Call get_weather." };
    const first = await client.messages
      .stream({ model: model(), max_tokens: 200, tools: [weatherTool], tool_choice: { type: "any" }, messages: [question] })
      .finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === "tool_use");
    expect(toolUse).toMatchObject({ name: "get_weather", input: { city: "Lyon" } });

    const second = await client.messages
      .stream({
        model: model(),
        max_tokens: 200,
        tools: [weatherTool],
        messages: [
          question,
          { role: "assistant", content: first.content },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: toolUse?.id ?? "", content: [{ type: "text", text: "rain, 11°C" }] }],
          },
        ],
      })
      .finalMessage();
    expect(second.stop_reason).toBe("end_turn");
    expect(textOf(second)).toContain("rain, 11°C");
  });

  it("sends an image block to the upstream in its own format", async () => {
    const message = await client.messages.create({
      model: model(),
      max_tokens: 200,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: pixelPngBase64 } },
            { type: "text", text: "What is in this picture?" },
          ],
        },
      ],
    });
    expect(textOf(message)).toContain("I can see 1 image");
    expect(upstreamImage(provider, lastBody(fake()))).toBe(true);
  });

  it("stops at max_tokens with stop_reason max_tokens", async () => {
    const message = await client.messages.create({
      model: model(),
      max_tokens: 3,
      messages: [{ role: "user", content: "Please write a long answer about the history of gateways" }],
    });
    expect(message.stop_reason).toBe("max_tokens");
  });
});

describe("/v1/messages: auth", () => {
  it("accepts the virtual key as x-api-key (the SDK's apiKey) or as a Bearer token (the SDK's authToken)", async () => {
    const bearer = await fetch(`${harness.gateway.url}/v1/messages`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk-sy-providers-test-0123456789",
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
      },
      body: JSON.stringify({ model: "openai-chat", max_tokens: 50, messages: [{ role: "user", content: "bearer hello" }] }),
    });
    expect(bearer.status).toBe(200);
    expect(((await bearer.json()) as { type: string }).type).toBe("message");
    const xApiKey = await client.messages.create({
      model: "openai-chat",
      max_tokens: 50,
      messages: [{ role: "user", content: "key hello" }],
    });
    expect(textOf(xApiKey)).toContain("key hello");
  });

  it("never sends the caller's virtual key upstream, only the provider's credential", async () => {
    await client.messages.create({ model: "anthropic-chat", max_tokens: 50, messages: [{ role: "user", content: "hi" }] });
    const headers = harness.fakes.anthropic.requests.at(-1)?.headers;
    expect(headers?.["x-api-key"]).not.toContain("sk-sy-");
    expect(JSON.stringify(headers)).not.toContain("sk-sy-providers-test");
    expect(harness.logs.text()).not.toContain("sk-sy-providers-test-0123456789");
    for (const secret of allSecrets) expect(harness.logs.text()).not.toContain(secret);
  });
});
