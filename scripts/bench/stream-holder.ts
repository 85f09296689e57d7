/**
 * Holds many streamed chat completions open at once (raw sockets: a few hundred bytes each on this
 * side), for measuring the gateway's memory per open stream. A stream counts as open once its first
 * SSE event arrived. Sends `{ready}` over IPC, then `{open, failed, ms}` once every stream is open
 * (or the deadline passed); on `{close}` from the parent it drops every socket and exits.
 *
 * Usage: node --import tsx scripts/bench/stream-holder.ts '{"port":8080,"count":10000,"key":"sk-...","body":"{...}"}'
 */
import { connect, type Socket } from "node:net";

interface HolderOptions {
  readonly port: number;
  readonly count: number;
  readonly key: string;
  readonly body: string;
  /** Streams opened at a time (the next batch starts when these are open). */
  readonly batch?: number;
  readonly deadlineMs?: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as HolderOptions;
const request = Buffer.from(
  `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${options.port}\r\nauthorization: Bearer ${options.key}\r\n` +
    `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(options.body)}\r\n\r\n${options.body}`,
);
const sockets: Socket[] = [];
let failed = 0;

/** Resolves true when the first SSE event arrives, false on an error status, a reset or a timeout. */
function openStream(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port: options.port, host: "127.0.0.1" });
    sockets.push(socket);
    let seen = "";
    let settled = false;
    const settle = (open: boolean) => {
      if (settled) return;
      settled = true;
      socket.setTimeout(0);
      socket.removeAllListeners("data");
      socket.on("data", () => {});
      if (!open) failed++;
      resolve(open);
    };
    socket.setNoDelay(true);
    socket.setTimeout(30_000, () => settle(false));
    socket.on("connect", () => socket.write(request));
    socket.on("data", (data: Buffer) => {
      seen += data.toString("latin1");
      if (!seen.startsWith("HTTP/1.1 200")) {
        if (seen.includes("\r\n")) settle(false);
        return;
      }
      if (seen.includes("\r\n\r\n") && seen.includes("data: ")) settle(true);
    });
    socket.on("error", () => settle(false));
    socket.on("close", () => settle(false));
  });
}

process.send?.({ ready: true });
const started = performance.now();
const deadline = started + (options.deadlineMs ?? 120_000);
const batch = options.batch ?? 250;
let open = 0;
for (let next = 0; next < options.count && performance.now() < deadline; next += batch) {
  const size = Math.min(batch, options.count - next);
  const results = await Promise.all(Array.from({ length: size }, openStream));
  open += results.filter(Boolean).length;
}
process.send?.({ open, failed, ms: Math.round(performance.now() - started) });

process.on("message", (message: { close?: boolean }) => {
  if (!message.close) return;
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
