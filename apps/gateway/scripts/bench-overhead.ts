/**
 * Added latency of the gateway's hot path: p50 of sequential non-streaming requests through the
 * gateway minus p50 straight to the same fake upstream (includes the extra loopback hop).
 * Run: node --import tsx apps/gateway/scripts/bench-overhead.ts [requests]
 */
import { startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import pino from "pino";
import { Pool } from "undici";
import { createLogger } from "../src/logger";
import { startGateway } from "../src/server";

const requests = Number(process.argv[2] ?? 2000);
const upstream = await startFakeOpenAI({});
const logger = createLogger("info", pino.destination({ dest: "/dev/null", sync: false, minLength: 4096 }));
const gateway = await startGateway({
  port: 0,
  logger,
  config: {
    version: 1,
    models: [{ name: "demo-fast", deployments: [{ id: "bench", provider: "openai", model: "demo-fast", apiBase: upstream.url }] }],
    keys: [{ key: "sk-sy-bench-0000000000" }],
  },
});
const body = JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: "Hello benchmark" }] });
const headers = { "content-type": "application/json", authorization: "Bearer sk-sy-bench-0000000000" };

async function p50(origin: string, count: number): Promise<number> {
  const pool = new Pool(origin, { connections: 1 });
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await pool.request({ path: "/v1/chat/completions", method: "POST", headers, body });
    await response.body.text();
    times.push(performance.now() - started);
  }
  await pool.close();
  times.sort((first, second) => first - second);
  return times[Math.floor(count / 2)] ?? 0;
}

await p50(upstream.origin, 300);
await p50(gateway.url, 300);
const rounds: number[] = [];
for (let round = 0; round < 3; round++) {
  const direct = await p50(upstream.origin, requests);
  const through = await p50(gateway.url, requests);
  rounds.push(Number((through - direct).toFixed(3)));
}
console.log(`added p50 (ms) per round: ${rounds.join(", ")}`);
await gateway.close();
await upstream.close();
