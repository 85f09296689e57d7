import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  apiError,
  ask,
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

const contextLengthError = {
  type: "status",
  status: 400,
  body: {
    error: {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
      type: "invalid_request_error",
      param: "messages",
      code: "context_length_exceeded",
    },
  },
} as const;

const contentFilterError = {
  type: "status",
  status: 400,
  body: {
    error: {
      message: "The response was filtered due to the prompt triggering the content management policy.",
      type: "invalid_request_error",
      param: "prompt",
      code: "content_filter",
    },
  },
} as const;

beforeAll(async () => {
  upstreams = await startUpstreams(4);
  const [primary, secondary, large, lenient] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI, FakeOpenAI];
  fleet = await startRoutingGateway(
    routingConfig(
      [
        {
          name: "main",
          deployments: [deployment("main-1", primary), deployment("main-2", primary)],
          fallbacks: ["backup", "last-resort"],
          contextWindowFallbacks: ["long-context"],
          contentPolicyFallbacks: ["lenient"],
        },
        { name: "backup", deployments: [deployment("backup-1", secondary)] },
        { name: "last-resort", deployments: [deployment("last-1", lenient, { model: "demo-smart" })] },
        { name: "long-context", deployments: [deployment("long-1", large, { model: "demo-smart", contextWindow: 1_000_000 })] },
        { name: "lenient", deployments: [deployment("lenient-1", lenient)] },
      ],
      // No cooldowns here: every test starts from healthy deployments.
      { retries: 1, cooldownSeconds: 0, backoffMs: 10 },
    ),
  );
});
afterAll(async () => {
  await fleet.close();
  await closeAll(upstreams);
});
beforeEach(() => {
  for (const upstream of upstreams) upstream.reset();
});

describe("fallbacks", () => {
  it("when every deployment of a model fails, the next model in `fallbacks` answers", async () => {
    const [primary] = upstreams as [FakeOpenAI];
    primary.fail({ type: "status", status: 500 }, { times: 2 });
    const answer = await ask(fleet.client, "main");
    // retries: 1 → two attempts on main (one per deployment), then backup.
    expect(answer).toMatchObject({ deployment: "backup-1", attempts: 3 });
    expect(chatCount(primary)).toBe(2);
  });

  it("fallbacks are tried in order until one answers", async () => {
    const [primary, secondary, , lenient] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI, FakeOpenAI];
    primary.fail({ type: "status", status: 503 }, { times: 2 });
    secondary.fail({ type: "cut" }, { times: 2 });
    const answer = await ask(fleet.client, "main");
    expect(answer).toMatchObject({ deployment: "last-1", attempts: 5 });
    expect(lenient.requests.at(-1)?.body).toMatchObject({ model: "demo-smart" });
  });

  it("a context-length error moves to contextWindowFallbacks at once (no retry of the same model)", async () => {
    const [primary, , large] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI];
    primary.fail(contextLengthError);
    const answer = await ask(fleet.client, "main");
    expect(answer).toMatchObject({ deployment: "long-1", attempts: 2 });
    expect(chatCount(primary)).toBe(1);
    expect(chatCount(large)).toBe(1);
  });

  it("a content-filter refusal moves to contentPolicyFallbacks", async () => {
    const [primary, , , lenient] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI, FakeOpenAI];
    primary.fail(contentFilterError);
    const answer = await ask(fleet.client, "main");
    expect(answer).toMatchObject({ deployment: "lenient-1", attempts: 2 });
    expect(chatCount(lenient)).toBe(1);
  });

  it("a plain 400 is the caller's problem: answered at once, no retry, no fallback", async () => {
    const [primary, secondary] = upstreams as [FakeOpenAI, FakeOpenAI];
    primary.fail({ type: "status", status: 400 });
    const error = await apiError(ask(fleet.client, "main"));
    expect(error.status).toBe(400);
    expect(error.headers?.get("x-switchyard-attempts")).toBe("1");
    expect(chatCount(primary)).toBe(1);
    expect(chatCount(secondary)).toBe(0);
  });

  it("when the whole chain fails the client gets the last upstream error, with every attempt counted", async () => {
    const [primary, secondary, , lenient] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI, FakeOpenAI];
    primary.fail({ type: "status", status: 500 }, { times: 2 });
    secondary.fail({ type: "status", status: 500 }, { times: 2 });
    lenient.fail({ type: "status", status: 503 }, { times: 2 });
    const error = await apiError(ask(fleet.client, "main"));
    expect(error.status).toBe(503);
    expect(error.headers?.get("x-switchyard-attempts")).toBe("6");
  });
});
