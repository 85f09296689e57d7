import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type CallContext, providerRegistry, UpstreamError } from "@switchyard/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuntimeDeployment } from "../src/config/runtime";
import { ConfigStore } from "../src/config/store";
import { Cancel } from "../src/pipeline/client-abort";
import { UpstreamPools } from "../src/upstream/pools";
import { callUpstreamJson } from "../src/upstream/send";
import { ClientClosedError } from "../src/upstream/transport-errors";

// callUpstreamJson (the non-streamed call, an undici dispatch handler) against a real HTTP server
// whose every answer the test decides.
type Answer = (request: IncomingMessage, response: ServerResponse) => void;
let answer: Answer = (_request, response) => response.end("{}");
let server: Server;
let deployment: RuntimeDeployment;
const pools = new UpstreamPools();
let context: CallContext;

beforeAll(async () => {
  server = createServer((request, response) => answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const store = new ConfigStore(providerRegistry, undefined);
  const applied = store.apply(
    {
      version: 1,
      models: [
        {
          name: "m",
          deployments: [
            {
              id: "d",
              provider: "openai",
              model: "gpt-4o-mini",
              apiBase: `http://127.0.0.1:${port}/v1`,
              apiKey: "sk-test",
              timeoutMs: 300,
            },
          ],
        },
      ],
      keys: [],
    },
    { source: "test" },
  );
  if (!applied.ok) throw new Error(applied.errors.join("; "));
  deployment = store.current?.models.get("m")?.deployments[0] as RuntimeDeployment;
  context = { requestId: "req-1", target: deployment.target, created: 0, stream: false };
});
afterAll(async () => {
  await pools.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function call(signal = new Cancel()): Promise<unknown> {
  const upstream = { url: `${deployment.origin}/v1/chat/completions`, method: "POST" as const, headers: {}, body: "{}" };
  return callUpstreamJson(pools, deployment, upstream, context, signal);
}

describe("callUpstreamJson", () => {
  it("parses a 2xx reply sent in many pieces", async () => {
    answer = (_request, response) => {
      response.write('{"id":"chatcmpl-1",');
      setTimeout(() => response.end(`"pad":"${"x".repeat(100_000)}"}`), 10);
    };
    expect(await call()).toMatchObject({ id: "chatcmpl-1" });
  });

  it("turns a 2xx reply that is not JSON into a server error", async () => {
    answer = (_request, response) => response.end("<html>gateway timeout</html>");
    await expect(call()).rejects.toMatchObject({ kind: "server", message: "upstream sent invalid JSON" });
  });

  it("maps an error reply with the adapter, headers included, and reads at most 64 KiB of it", async () => {
    answer = (_request, response) => {
      response.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
      response.write(JSON.stringify({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }));
      // An endless error body: the call must not wait for its end.
      const more = setInterval(() => response.write(" ".repeat(16_384)), 1);
      response.on("close", () => clearInterval(more));
    };
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 7_000 });
  });

  it("maps a body cut short, and a body gone silent past the timeout", async () => {
    answer = (_request, response) => {
      response.writeHead(200, { "content-length": "1000" });
      response.write('{"id":');
      setTimeout(() => response.socket?.destroy(), 10);
    };
    await expect(call()).rejects.toMatchObject({ kind: "connection" });
    answer = (_request, response) => {
      response.writeHead(200, { "content-length": "1000" });
      response.write('{"id":');
    };
    await expect(call()).rejects.toMatchObject({ kind: "timeout" });
  });

  it("stops at once when the client leaves, before or while the upstream answers", async () => {
    const early = new Cancel();
    early.abort();
    await expect(call(early)).rejects.toBeInstanceOf(ClientClosedError);

    let closed!: () => void;
    const upstreamSawClose = new Promise<void>((resolve) => (closed = resolve));
    answer = (request, response) => {
      response.writeHead(200);
      response.write('{"id":');
      request.socket.on("close", closed);
    };
    const late = new Cancel();
    const pending = call(late);
    setTimeout(() => late.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(ClientClosedError);
    await upstreamSawClose;
  });
});
