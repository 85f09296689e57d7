import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeAll, deployment, hello, type RoutingGateway, routingConfig, startRoutingGateway, startUpstreams } from "./routing-helpers";

let upstreams: FakeOpenAI[];
let stalling: FakeOpenAI;
let fleet: RoutingGateway;

interface StreamResult {
  readonly deployment: string | null;
  readonly attempts: number;
  readonly text: string;
  readonly chunks: number;
  readonly error: unknown;
  readonly ms: number;
}

async function stream(model: string): Promise<StreamResult> {
  const started = performance.now();
  const { data, response } = await fleet.client.chat.completions.create({ model, messages: hello, stream: true }).withResponse();
  let text = "";
  let chunks = 0;
  let error: unknown;
  try {
    for await (const chunk of data) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? "";
    }
  } catch (caught) {
    error = caught;
  }
  return {
    deployment: response.headers.get("x-switchyard-deployment"),
    attempts: Number(response.headers.get("x-switchyard-attempts") ?? 0),
    text,
    chunks,
    error,
    ms: performance.now() - started,
  };
}

beforeAll(async () => {
  upstreams = await startUpstreams(2);
  stalling = (await startUpstreams(1, { chunkDelayMs: 2_500 }))[0] as FakeOpenAI;
  const [first, second] = upstreams as [FakeOpenAI, FakeOpenAI];
  fleet = await startRoutingGateway(
    routingConfig(
      [
        // Weight 0 makes `second` a standby: the first attempt always goes to `first`.
        { name: "pair", deployments: [deployment("first", first), deployment("second", second, { weight: 0 })] },
        {
          name: "ttft",
          deployments: [
            deployment("late", first, { firstTokenTimeoutMs: 250, timeoutMs: 5_000 }),
            deployment("prompt", second, { weight: 0 }),
          ],
        },
        { name: "stall", deployments: [deployment("stalls", stalling, { timeoutMs: 300 })] },
      ],
      { retries: 2, cooldownSeconds: 0, backoffMs: 10 },
    ),
  );
});
afterAll(async () => {
  await fleet.close();
  await closeAll([...upstreams, stalling]);
});
beforeEach(() => {
  for (const upstream of upstreams) upstream.reset();
});

describe("streaming resilience", () => {
  it("a stream refused before its first byte is retried on another deployment, invisibly", async () => {
    const reference = await stream("pair");
    expect(reference).toMatchObject({ deployment: "first", attempts: 1, error: undefined });

    const [first] = upstreams as [FakeOpenAI];
    first.fail({ type: "status", status: 503 });
    const retried = await stream("pair");
    expect(retried).toMatchObject({ deployment: "second", attempts: 2, error: undefined, text: reference.text });
  });

  it("a stream cut after its headers but before its first chunk is retried too", async () => {
    const [first] = upstreams as [FakeOpenAI];
    first.fail({ type: "cut", afterChunks: 0 });
    const result = await stream("pair");
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ deployment: "second", attempts: 2 });
    expect(result.text.length).toBeGreaterThan(0);
  });

  it("a failure after the first byte ends the stream with an error event, promptly", async () => {
    const [first, second] = upstreams as [FakeOpenAI, FakeOpenAI];
    first.fail({ type: "cut", afterChunks: 2 });
    const result = await stream("pair");
    expect(result.deployment).toBe("first");
    expect(result.chunks).toBe(2);
    expect(result.error).toBeInstanceOf(OpenAI.APIError);
    expect((result.error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/openai:/);
    expect(result.ms).toBeLessThan(1_000);
    // The client already has part of an answer: nothing is replayed elsewhere.
    expect(second.requests).toHaveLength(0);
    const metrics = await (await fetch(`${fleet.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_stream_failures_total\{deployment="first",kind="\w+"\} 1/);
  });

  it("a stream that stalls mid-answer ends with an error event after timeoutMs, never hangs", async () => {
    const result = await stream("stall");
    expect(result.chunks).toBeGreaterThanOrEqual(1);
    expect(result.error).toBeInstanceOf(OpenAI.APIError);
    expect(result.ms).toBeLessThan(2_400);
  });

  it("firstTokenTimeoutMs: a deployment slow to start streaming is abandoned for another", async () => {
    const [first] = upstreams as [FakeOpenAI];
    first.fail({ type: "latency", ms: 2_000 });
    const result = await stream("ttft");
    expect(result).toMatchObject({ deployment: "prompt", attempts: 2, error: undefined });
    expect(result.ms).toBeLessThan(1_000);
    expect(first.requests.at(-1)?.aborted).toBe(true);
  });
});
