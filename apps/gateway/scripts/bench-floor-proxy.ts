/**
 * The benchmark's reference point (`pnpm bench`, column "floor"): the least a Node proxy can do with
 * the gateway's own building blocks — Fastify (no logger, no hooks) in front of an undici Pool with
 * keep-alive, JSON in, JSON or a piped stream out. No auth, validation, routing, governance, metrics
 * or logs. What the gateway adds on top of this is its own cost; what this adds over "direct" is
 * the price of any extra HTTP hop in Node on the machine. Sends `{port}` over IPC.
 *
 * Usage (from scripts/bench.ts, which bundles it first): node floor.mjs '{"upstream":"http://127.0.0.1:PORT"}'
 */
import Fastify from "fastify";
import { Pool } from "undici";

const { upstream } = JSON.parse(process.argv[2] ?? "{}") as { upstream: string };
const pool = new Pool(upstream, { connections: null, keepAliveTimeout: 30_000 });
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });

app.post("/v1/chat/completions", async (request, reply) => {
  const body = request.body as { stream?: boolean };
  const response = await pool.request({
    path: "/v1/chat/completions",
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-upstream-floor" },
    body: JSON.stringify(body),
  });
  if (body.stream === true) {
    reply.header("content-type", "text/event-stream");
    return reply.send(response.body);
  }
  return response.body.json();
});

await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
