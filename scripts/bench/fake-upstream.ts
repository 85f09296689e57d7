/**
 * The benchmark's upstream: an OpenAI-format chat endpoint doing as little as possible, so the
 * numbers measure the gateway. Replies are built once; a request is answered after `delayMs`
 * (0: at once) as JSON, or as SSE with `chunks` content chunks `chunkDelayMs` apart, a usage chunk
 * and [DONE]. Runs as its own process (pinned by the parent) and sends `{port}` over IPC when ready.
 *
 * Usage: node --import tsx scripts/bench/fake-upstream.ts '{"delayMs":0,"chunks":20,"chunkDelayMs":0}'
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeUpstreamOptions {
  /** Wait before answering (ms). */
  readonly delayMs: number;
  /** Content chunks per streamed reply. */
  readonly chunks: number;
  /** Pause between streamed chunks (ms); the first chunk goes out at once. */
  readonly chunkDelayMs: number;
}

const defaults: FakeUpstreamOptions = { delayMs: 0, chunks: 20, chunkDelayMs: 0 };
const created = 1_715_367_049;
const usage = { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 };

const completion = Buffer.from(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created,
    model: "bench-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "Hello from the benchmark upstream, a short and fixed reply." },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage,
  }),
);

function chunk(delta: Record<string, unknown>, finishReason: string | null, withUsage = false): string {
  const body = {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created,
    model: "bench-model",
    choices: withUsage ? [] : [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...(withUsage ? { usage } : {}),
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

function streamFrames(count: number): string[] {
  const frames = [chunk({ role: "assistant", content: "" }, null)];
  for (let index = 0; index < count; index++) frames.push(chunk({ content: `word${index} ` }, null));
  frames.push(chunk({}, "stop"));
  frames.push(chunk({}, null, true));
  frames.push("data: [DONE]\n\n");
  return frames;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answerStream(response: ServerResponse, frames: readonly string[], options: FakeUpstreamOptions): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  if (options.chunkDelayMs <= 0) {
    response.end(frames.join(""));
    return;
  }
  // Role chunk and first content chunk at once (time to first token), the rest paced.
  response.write(frames[0] + (frames[1] ?? ""));
  for (let index = 2; index < frames.length; index++) {
    await sleep(options.chunkDelayMs);
    if (response.destroyed) return;
    response.write(frames[index]);
  }
  response.end();
}

export function startFakeUpstream(options: FakeUpstreamOptions, port = 0): Promise<{ port: number; close(): Promise<void> }> {
  const frames = streamFrames(options.chunks);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      // A substring test is enough here: the gateway and the load generator send compact JSON.
      const stream = Buffer.concat(parts).includes('"stream":true');
      const answer = () => {
        if (stream) void answerStream(response, frames, options);
        else response.writeHead(200, { "content-type": "application/json", "content-length": completion.length }).end(completion);
      };
      if (options.delayMs > 0) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  // Thousands of streams connect at once in the memory phase.
  return new Promise((resolve) =>
    server.listen({ port, host: "127.0.0.1", backlog: 8192 }, () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

if (process.argv[1]?.endsWith("fake-upstream.ts")) {
  const options: FakeUpstreamOptions = { ...defaults, ...(JSON.parse(process.argv[2] ?? "{}") as Partial<FakeUpstreamOptions>) };
  const { port } = await startFakeUpstream(options);
  if (process.send) process.send({ port });
  else process.stdout.write(`listening on http://127.0.0.1:${port}/v1\n`);
}
