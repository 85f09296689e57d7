import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import type { RandomSource } from "../src/routing/random";

/** What a chaos proxy does to one request instead of forwarding it. */
export type ChaosFault = "500" | "503" | "429" | "429-long" | "reset" | "reset-after-headers" | "slow";

export interface ChaosProxy {
  /** Base URL ending in /v1. */
  readonly url: string;
  /** Faults dealt, by kind. */
  readonly dealt: Record<ChaosFault, number>;
  readonly forwarded: () => number;
  close(): Promise<void>;
}

const faults: readonly ChaosFault[] = ["500", "503", "429", "429-long", "reset", "reset-after-headers", "slow"];

function json(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: { message: `chaos: injected ${status}`, type: "server_error", param: null, code: null } });
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  response.end(body);
}

/**
 * A real HTTP proxy in front of a fake upstream that fails a random share of requests
 * (independently per request, unlike a queue of failures): 5xx, 429 with a short or long
 * retry-after, a reset before any byte, a 200 whose stream dies before its first chunk, or a
 * slow answer. Everything else is forwarded untouched, streams included.
 */
export async function startChaosProxy(target: string, failureRate: number, random: RandomSource): Promise<ChaosProxy> {
  const origin = new URL(target).origin;
  const pool = new Pool(origin, { connections: 64 });
  const dealt = Object.fromEntries(faults.map((fault) => [fault, 0])) as Record<ChaosFault, number>;
  let forwarded = 0;

  async function forward(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    forwarded++;
    const upstream = await pool.request({
      path: request.url ?? "/",
      method: request.method === "GET" ? "GET" : "POST",
      headers: { "content-type": "application/json", authorization: request.headers.authorization ?? "" },
      body: request.method === "GET" ? undefined : body,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(upstream.headers)) if (typeof value === "string") headers[name] = value;
    response.writeHead(upstream.statusCode, headers);
    for await (const part of upstream.body) response.write(part);
    response.end();
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parts: Buffer[] = [];
    for await (const part of request) parts.push(part as Buffer);
    const body = Buffer.concat(parts);
    if (random() >= failureRate) return forward(request, response, body);
    const fault = faults[Math.floor(random() * faults.length)] as ChaosFault;
    dealt[fault]++;
    switch (fault) {
      case "500":
        return json(response, 500);
      case "503":
        return json(response, 503);
      case "429":
        return json(response, 429, { "retry-after": "1" });
      case "429-long":
        return json(response, 429, { "retry-after": "20" });
      case "reset":
        request.socket.destroy();
        return;
      case "reset-after-headers":
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.flushHeaders();
        setTimeout(() => request.socket.destroy(), 5);
        return;
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(random() * 60)));
        return forward(request, response, body);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    dealt,
    forwarded: () => forwarded,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
