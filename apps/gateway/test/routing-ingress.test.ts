import Anthropic from "@anthropic-ai/sdk";
import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { virtualKey } from "./helpers";
import {
  chatCount,
  closeAll,
  deployment,
  type RoutingGateway,
  routingConfig,
  startRoutingGateway,
  startUpstreams,
} from "./routing-helpers";

let upstreams: FakeOpenAI[];
let fleet: RoutingGateway;
let anthropic: Anthropic;

beforeAll(async () => {
  upstreams = await startUpstreams(3);
  const [first, second, other] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI];
  fleet = await startRoutingGateway(
    routingConfig(
      [
        {
          name: "claude-ish",
          deployments: [deployment("first", first, { weight: 100 }), deployment("second", second, { weight: 0 })],
          fallbacks: ["elsewhere"],
        },
        { name: "elsewhere", deployments: [deployment("elsewhere-1", other)] },
      ],
      { retries: 1, cooldownSeconds: 0, backoffMs: 10 },
    ),
  );
  anthropic = new Anthropic({ apiKey: virtualKey, baseURL: fleet.gateway.url, maxRetries: 0, timeout: 15_000 });
});
afterAll(async () => {
  await fleet.close();
  await closeAll(upstreams);
});

describe("routing behind the Anthropic Messages ingress (/v1/messages)", () => {
  it("retries and falls back for /v1/messages like for chat completions, streams included", async () => {
    const [first, second] = upstreams as [FakeOpenAI, FakeOpenAI];
    first.fail({ type: "status", status: 503 });
    const { data, response } = await anthropic.messages
      .create({ model: "claude-ish", max_tokens: 64, messages: [{ role: "user", content: "hello" }] })
      .withResponse();
    expect(data.type).toBe("message");
    expect(response.headers.get("x-switchyard-deployment")).toBe("second");
    expect(response.headers.get("x-switchyard-attempts")).toBe("2");

    // Both deployments fail before the first byte of a stream: the fallback model streams the answer.
    first.fail({ type: "cut", afterChunks: 0 });
    second.fail({ type: "status", status: 500 });
    const stream = anthropic.messages.stream({ model: "claude-ish", max_tokens: 64, messages: [{ role: "user", content: "hello" }] });
    const message = await stream.finalMessage();
    expect(message.content[0]?.type).toBe("text");
    expect(message.model).toBe("claude-ish");
    expect(chatCount(upstreams[2] as FakeOpenAI)).toBe(1);
  });
});
