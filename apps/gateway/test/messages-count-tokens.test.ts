import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { allSecrets, lastBody, narrowKey, type ProvidersHarness, useProvidersHarness } from "./providers-harness";

/**
 * POST /v1/messages/count_tokens with the official Anthropic SDK (`messages.countTokens`), as Claude
 * Code calls it: Anthropic's own count for a model with an Anthropic deployment, the gateway's
 * estimate for any other, and nothing metered.
 */

let harness: ProvidersHarness;
let client: Anthropic;

useProvidersHarness((started) => {
  harness = started;
  client = started.anthropic();
});

const request = {
  system: "You are terse.",
  messages: [{ role: "user" as const, content: "How many tokens is this question, roughly?" }],
  tools: [
    {
      name: "get_weather",
      description: "Current weather for a city",
      input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
    },
  ],
};

describe("POST /v1/messages/count_tokens", () => {
  it("asks Anthropic for a model on Anthropic, with only the fields count_tokens takes, and returns its count", async () => {
    const { data, response } = await client.messages.countTokens({ model: "anthropic-chat", ...request }).withResponse();
    expect(response.headers.get("x-switchyard-token-count")).toBe("upstream");
    const fake = harness.providers.anthropic.fake;
    const sent = fake.requests.at(-1);
    expect(sent?.path).toBe("/v1/messages/count_tokens");
    expect(sent?.headers["x-api-key"]).toBeTruthy();
    expect(sent?.headers["anthropic-version"]).toBe("2023-06-01");
    // The deployment's model id, and nothing the endpoint would refuse (max_tokens, stream, ...).
    expect(Object.keys(lastBody(fake)).sort()).toEqual(["messages", "model", "system", "tools"]);
    expect(lastBody(fake).model).toBe(harness.providers.anthropic.upstreamChatModel);

    // The same count /v1/messages then reports as the prompt's usage.
    const message = await client.messages.create({ model: "anthropic-chat", max_tokens: 64, ...request });
    const used =
      message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0);
    expect(data.input_tokens).toBe(used);
  });

  it("estimates for a model on another provider, without calling it", async () => {
    const { data, response } = await client.messages.countTokens({ model: "openai-chat", ...request }).withResponse();
    expect(response.headers.get("x-switchyard-token-count")).toBe("estimate");
    expect(data.input_tokens).toBeGreaterThan(10);
    expect(data.input_tokens).toBeLessThan(200);
    expect(harness.providers.openai.fake.requests).toHaveLength(0);
    const longer = await client.messages.countTokens({
      model: "openai-chat",
      ...request,
      messages: [{ role: "user", content: "How many tokens is this question, roughly? ".repeat(20) }],
    });
    expect(longer.input_tokens).toBeGreaterThan(data.input_tokens);
  });

  it("falls back to the estimate when Anthropic's count fails", async () => {
    harness.providers.anthropic.fake.fail({ type: "status", status: 529 }, { endpoint: "count_tokens" });
    const { data, response } = await client.messages.countTokens({ model: "anthropic-chat", ...request }).withResponse();
    expect(response.headers.get("x-switchyard-token-count")).toBe("estimate");
    expect(data.input_tokens).toBeGreaterThan(0);
  });

  it("answers Anthropic's error envelope for a bad key, an unknown or forbidden model and a bad body", async () => {
    const anonymous = harness.anthropic("sk-sy-wrong-key-000000000000");
    await expect(anonymous.messages.countTokens({ model: "anthropic-chat", ...request })).rejects.toMatchObject({
      status: 401,
      error: { type: "error", error: { type: "authentication_error" } },
    });
    await expect(client.messages.countTokens({ model: "no-such-model", ...request })).rejects.toMatchObject({
      status: 404,
      error: { type: "error", error: { type: "not_found_error" } },
    });
    await expect(harness.anthropic(narrowKey).messages.countTokens({ model: "anthropic-chat", ...request })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      client.messages.countTokens({ model: "anthropic-chat", messages: [] } as unknown as Anthropic.MessageCountTokensParams),
    ).rejects.toMatchObject({ status: 400, error: { type: "error", error: { type: "invalid_request_error" } } });
  });

  it("is not metered: no spend event, no usage, no provider secret in the reply or the logs", async () => {
    const before = harness.logs.lines.length;
    const { response } = await client.messages.countTokens({ model: "anthropic-chat", ...request }).withResponse();
    expect(response.headers.get("x-switchyard-cost-usd")).toBeNull();
    const lines = harness.logs.lines.slice(before).join("\n");
    for (const secret of allSecrets) expect(lines).not.toContain(secret);
    expect(lines).toContain('"route":"/v1/messages/count_tokens"');
  });
});
