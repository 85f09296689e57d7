import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { request } from "undici";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chatBody, type GovernedGateway, readSpendEvents, startGoverned } from "./governance-helpers";

/**
 * A client that gives up on a non-streamed request while the provider is working: the provider has
 * read the prompt (and bills it), so the spend event carries the prompt estimate at that
 * deployment's price, status 499 — not 0 tokens and $0.
 */

const key = "sk-sy-gov-abandoned-0123456789";
let upstream: FakeOpenAI;
let gateway: GovernedGateway;
let directory: string;

beforeAll(async () => {
  upstream = await startFakeOpenAI({});
  directory = await mkdtemp(join(tmpdir(), "switchyard-gov-abandoned-"));
  const config: GatewayConfigInput = {
    version: 1,
    models: [
      {
        name: "demo-fast",
        deployments: [
          { id: "fast-1", provider: "openai", model: "demo-fast", apiBase: upstream.url, price: { inputPerMTok: 3, outputPerMTok: 15 } },
        ],
      },
    ],
    keys: [{ key, team: "research" }],
    teams: [{ id: "research" }],
  };
  gateway = await startGoverned(config, { redisUrl: null, governance: { spend: { kind: "jsonl", path: join(directory, "spend.jsonl") } } });
});
afterAll(async () => {
  await gateway?.gateway.close();
  await upstream?.close();
  await rm(directory, { recursive: true, force: true });
});

it("meters a request abandoned mid-call at its prompt estimate, priced at the deployment it was waiting on", async () => {
  upstream.fail({ type: "latency", ms: 3_000 });
  const controller = new AbortController();
  const prompt = "Summarise the following text for me. ".repeat(40);
  const pending = request(`${gateway.gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(chatBody(prompt)),
    signal: controller.signal,
  }).catch(() => undefined);
  // Until the upstream has the request in hand.
  for (let waited = 0; upstream.requests.length === 0 && waited < 2_000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(upstream.requests).toHaveLength(1);
  controller.abort();
  await pending;
  await new Promise((resolve) => setTimeout(resolve, 200));
  await gateway.gateway.app.governance.drain();

  const events = await readSpendEvents(join(directory, "spend.jsonl"));
  expect(events).toHaveLength(1);
  const event = events[0] ?? {};
  expect(event).toMatchObject({ status: 499, errorCode: "client_closed", deployment: "fast-1", completionTokens: 0 });
  const promptTokens = Number(event.promptTokens);
  // ~1,480 characters: about 370 tokens by the gateway's estimate.
  expect(promptTokens).toBeGreaterThan(300);
  expect(promptTokens).toBeLessThan(500);
  expect(Number(event.costUsd)).toBeCloseTo((promptTokens * 3) / 1_000_000, 12);
});
