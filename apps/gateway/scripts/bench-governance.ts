/**
 * What governance adds to the hot path: p50/p99 of sequential non-streaming requests through a
 * gateway with governance off (no limits, guardrails, cache or spend sink, no Redis) and on
 * (Redis-shared RPM/TPM/max-parallel and budgets on key, team and organisation; pii mask in and
 * out, prompt-injection and blocklist guardrails; the exact cache, missed on purpose so lookup and
 * store are both paid; spend events through the disk spool to a local receiver), each minus the
 * same request sent straight to the fake upstream.
 * Run: node --import tsx apps/gateway/scripts/bench-governance.ts [requests]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { clearRedisPrefix, testRedisUrl, uniqueRedisPrefix } from "@switchyard/testkit";
import { startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import pino from "pino";
import { Pool } from "undici";
import { BatchedWriter } from "../src/governance/spend/batched-writer";
import { defaultWriterOptions } from "../src/governance/spend/sinks";
import { createLogger } from "../src/logger";
import { type RunningGateway, startGateway } from "../src/server";

const requests = Number(process.argv[2] ?? 2000);
const key = "sk-sy-bench-0000000000";
const upstream = await startFakeOpenAI({});
const logger = createLogger("warn", pino.destination({ dest: "/dev/null", sync: false, minLength: 4096 }));
const receiver = createServer((request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end('{"accepted":0,"duplicates":0}'));
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
const dataDir = await mkdtemp(join(tmpdir(), "switchyard-bench-"));
const prefix = uniqueRedisPrefix("bench");

const deployment = {
  id: "bench",
  provider: "openai" as const,
  model: "demo-fast",
  apiBase: upstream.url,
  price: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
};
const off: GatewayConfigInput = { version: 1, models: [{ name: "demo-fast", deployments: [deployment] }], keys: [{ key }] };
const on: GatewayConfigInput = {
  version: 1,
  models: [{ name: "demo-fast", deployments: [deployment] }],
  organization: { id: "bench-org", budget: { maxUsd: 1_000_000, period: "month", softLimit: 0.9 } },
  teams: [{ id: "bench-team", rpm: 1_000_000, tpm: 1_000_000_000, budget: { maxUsd: 100_000, period: "30d" } }],
  keys: [{ key, team: "bench-team", rpm: 1_000_000, tpm: 1_000_000_000, maxParallel: 100, budget: { maxUsd: 10_000, period: "1d" } }],
  guardrails: [
    { id: "pii", type: "pii", mode: "mask", stage: "both", restore: true },
    { id: "injection", type: "prompt-injection", mode: "block" },
    { id: "words", type: "blocklist", mode: "mask", stage: "both", words: ["Project Zeus", "confidential"] },
  ],
  cache: { mode: "exact", ttlSeconds: 60 },
};

let counter = 0;
const headers = { "content-type": "application/json", authorization: `Bearer ${key}` };
/** A new question every time: the cache misses (lookup and store both paid). */
const body = () =>
  JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: `Hello benchmark number ${counter++}, how are you today?` }] });

async function timings(origin: string, count: number): Promise<number[]> {
  const pool = new Pool(origin, { connections: 1 });
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await pool.request({ path: "/v1/chat/completions", method: "POST", headers, body: body() });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
    times.push(performance.now() - started);
  }
  await pool.close();
  return times.sort((first, second) => first - second);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function measure(label: string, gateway: RunningGateway): Promise<void> {
  await timings(upstream.origin, 300);
  await timings(gateway.url, 300);
  const p50: number[] = [];
  const p99: number[] = [];
  for (let round = 0; round < 3; round++) {
    const direct = await timings(upstream.origin, requests);
    const through = await timings(gateway.url, requests);
    p50.push(Number((percentile(through, 0.5) - percentile(direct, 0.5)).toFixed(3)));
    p99.push(Number((percentile(through, 0.99) - percentile(direct, 0.99)).toFixed(3)));
  }
  console.log(`${label}: added p50 (ms) per round ${p50.join(", ")}; added p99 (ms) per round ${p99.join(", ")}`);
}

const plain = await startGateway({ port: 0, logger, config: off });
await measure("governance off", plain);
await plain.close();

const governed = await startGateway({
  port: 0,
  logger,
  config: on,
  redisUrl: testRedisUrl(),
  redisPrefix: prefix,
  governance: { spend: { kind: "control-plane", url: receiverUrl, token: "bench", dataDir, sendIntervalMs: 1_000 } },
});
await measure("governance on ", governed);
await governed.close();

/**
 * The spool on its own: what one append costs the event loop (it only pushes to an array), and what
 * one batched write() and one fdatasync of a batch cost (on libuv's thread pool, off the event loop).
 */
const spoolDir = await mkdtemp(join(tmpdir(), "switchyard-bench-spool-"));
const writer = await BatchedWriter.open(join(spoolDir, "segment.jsonl"), defaultWriterOptions, (error) => {
  throw error;
});
const line = JSON.stringify({
  requestId: "req_0123456789abcdef0123456789abcdef",
  timestamp: new Date().toISOString(),
  model: "demo-fast",
  costUsd: "0.000123",
  status: 200,
});
const appendStarted = performance.now();
for (let index = 0; index < 100_000; index++) writer.append(line);
const appendMicros = ((performance.now() - appendStarted) * 1000) / 100_000;
await writer.flush(true);
const batches: number[] = [];
const syncs: number[] = [];
for (let round = 0; round < 50; round++) {
  for (let index = 0; index < 50; index++) writer.append(line);
  let started = performance.now();
  await writer.flush(false);
  batches.push(performance.now() - started);
  started = performance.now();
  await writer.flush(true);
  syncs.push(performance.now() - started);
}
await writer.close();
batches.sort((first, second) => first - second);
syncs.sort((first, second) => first - second);
console.log(
  `spool: append ${appendMicros.toFixed(2)} µs/event on the event loop; write() of a 50-event batch p50 ${percentile(batches, 0.5).toFixed(3)} ms; fdatasync p50 ${percentile(syncs, 0.5).toFixed(3)} ms, p99 ${percentile(syncs, 0.99).toFixed(3)} ms (thread pool)`,
);

await clearRedisPrefix(prefix);
await rm(spoolDir, { recursive: true, force: true });
await rm(dataDir, { recursive: true, force: true });
receiver.close();
await upstream.close();
