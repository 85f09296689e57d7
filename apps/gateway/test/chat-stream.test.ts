import { Readable } from "node:stream";
import { type CallContext, providerRegistry } from "@switchyard/providers";
import type { FastifyBaseLogger } from "fastify";
import { describe, expect, it, vi } from "vitest";
import type { RuntimeDeployment } from "../src/config/runtime";
import { type ChatStreamStep, nextBytes, translateChatStream } from "../src/pipeline/chat-stream";
import { Cancel } from "../src/pipeline/client-abort";
import type { RequestState } from "../src/state";
import type { UpstreamBody } from "../src/upstream/send";

/** translateChatStream over a plain Readable standing in for undici's response body. */

const adapter = providerRegistry.get("openai");
if (!adapter) throw new Error("no openai adapter");
const deployment = { id: "d1", timeoutMs: 1_000, adapter } as unknown as RuntimeDeployment;
const context: CallContext = {
  requestId: "req_1",
  target: { deploymentId: "d1", provider: "openai", model: "m", apiBase: "http://127.0.0.1", options: {} },
  created: 1,
  stream: true,
};
const logger = { warn: vi.fn() } as unknown as FastifyBaseLogger;

function frame(content: string): string {
  return `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

function steps(body: Readable, signal = new Cancel()): AsyncGenerator<ChatStreamStep> {
  const state = {} as RequestState;
  return translateChatStream(body as unknown as UpstreamBody, { deployment, context, promptChars: 40, signal, state, logger });
}

async function collect(stream: AsyncGenerator<ChatStreamStep>): Promise<ChatStreamStep[]> {
  const all: ChatStreamStep[] = [];
  for await (const step of stream) all.push(step);
  return all;
}

describe("translateChatStream", () => {
  it("turns every read into chunks and ends with an estimated usage when the upstream reports none", async () => {
    const body = Readable.from([frame("Hel"), `${frame("lo")}data: [DONE]\n\n`].map((text) => Buffer.from(text)));
    const all = await collect(steps(body));
    expect(all.map((step) => step.type)).toEqual(["chunks", "chunks", "end"]);
    const end = all.at(-1);
    if (end?.type !== "end") throw new Error("no end");
    expect(end.end.failure).toBeUndefined();
    expect(end.end.clientClosed).toBe(false);
    expect(end.end.usage).toEqual({ prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 });
  });

  it("ends with a connection failure when the body breaks mid-stream", async () => {
    const body = new Readable({ read() {} });
    const stream = steps(body);
    body.push(Buffer.from(frame("one")));
    expect((await stream.next()).value?.type).toBe("chunks");
    setTimeout(() => body.destroy(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })), 5);
    const end = (await stream.next()).value;
    expect(end?.type === "end" && end.end.failure?.kind).toBe("connection");
    expect((await stream.next()).done).toBe(true);
  });

  it("reports a client that left, and return() stops the upstream body", async () => {
    const client = new Cancel();
    const body = new Readable({ read() {} });
    const stream = steps(body, client);
    body.push(Buffer.from(frame("one")));
    await stream.next();
    await stream.return(undefined);
    expect(body.destroyed).toBe(true);
    expect((await stream.next()).done).toBe(true);

    // The abort lands while nobody waits for bytes: no uncaught 'error', the next step tells.
    const other = new Readable({ read() {} });
    const aborted = steps(other, client);
    client.abort();
    other.destroy(new Error("aborted"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const end = (await aborted.next()).value;
    expect(end?.type === "end" && end.end.clientClosed).toBe(true);
  });
});

describe("nextBytes", () => {
  it("reads what is there, waits for more, and gives null at the end", async () => {
    const body = new Readable({ read() {} }) as unknown as UpstreamBody;
    (body as unknown as Readable).push(Buffer.from("a"));
    expect(String(await nextBytes(body))).toBe("a");
    const waiting = nextBytes(body);
    (body as unknown as Readable).push(Buffer.from("b"));
    expect(String(await waiting)).toBe("b");
    (body as unknown as Readable).push(null);
    expect(await nextBytes(body)).toBeNull();
    expect(body.listenerCount("readable")).toBe(0);
  });
});
