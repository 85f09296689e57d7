import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { FastifyBaseLogger as Logger } from "fastify";
import { BatchedWriter, type BatchedWriterOptions } from "./batched-writer";
import { SpendSender } from "./sender";
import { SpendSpool } from "./spool";

/** Where spend events go: the control plane through the disk spool, a JSONL file, stdout, or nowhere. */
export type SpendSinkOptions =
  | {
      readonly kind: "control-plane";
      readonly url: string;
      readonly token: string;
      readonly dataDir: string;
      readonly sendIntervalMs?: number;
    }
  | { readonly kind: "jsonl"; readonly path: string }
  | { readonly kind: "stdout" }
  | { readonly kind: "none" };

export interface SpendSink {
  readonly kind: SpendSinkOptions["kind"];
  /** Never blocks and never throws: the line is queued for a batched write. */
  write(line: string): void;
  /** Writes (and for the control plane, delivers) everything queued; true when all of it went out. */
  drain(): Promise<boolean>;
  close(): Promise<void>;
  health(): Record<string, unknown>;
}

/** Measured in governance-spool.test.ts: with 20 ms batches a write costs the event loop nothing visible. */
export const defaultWriterOptions: BatchedWriterOptions = { flushIntervalMs: 20, syncIntervalMs: 1_000, maxBatchLines: 512 };

/**
 * `SWITCHYARD_SPEND_SINK`: control-plane | stdout | none | jsonl[:PATH]. Unset: the control plane when
 * the gateway pulls its config from one, else a JSONL file (DATA_DIR/spend.jsonl).
 */
export function resolveSpendSink(
  setting: string | undefined,
  dataDir: string,
  controlPlane: { url: string; token: string } | undefined,
): SpendSinkOptions {
  const value = setting ?? (controlPlane ? "control-plane" : "jsonl");
  if (value === "control-plane") {
    if (!controlPlane) throw new Error("SWITCHYARD_SPEND_SINK=control-plane needs a control plane (--control-plane URL)");
    return { kind: "control-plane", url: controlPlane.url, token: controlPlane.token, dataDir };
  }
  if (value === "stdout") return { kind: "stdout" };
  if (value === "none") return { kind: "none" };
  if (value === "jsonl") return { kind: "jsonl", path: join(dataDir, "spend.jsonl") };
  if (value.startsWith("jsonl:") || value.startsWith("file:")) return { kind: "jsonl", path: value.slice(value.indexOf(":") + 1) };
  throw new Error(`SWITCHYARD_SPEND_SINK: expected control-plane, stdout, none or jsonl[:PATH], got "${value}"`);
}

export interface SinkHooks {
  onDelivered?: (events: number) => void;
  onDeliveryFailure?: () => void;
}

export async function openSpendSink(options: SpendSinkOptions, logger: Logger, hooks: SinkHooks = {}): Promise<SpendSink> {
  const onError = (error: Error) => logger.error({ err: error.message }, "spend sink write failed; retrying");
  switch (options.kind) {
    case "none":
      return { kind: "none", write() {}, drain: async () => true, close: async () => {}, health: () => ({ sink: "none", depth: 0 }) };
    case "stdout":
      return stdoutSink();
    case "jsonl": {
      await mkdir(dirname(options.path), { recursive: true });
      const writer = await BatchedWriter.open(options.path, defaultWriterOptions, onError);
      return {
        kind: "jsonl",
        write: (line) => writer.append(line),
        drain: async () => {
          await writer.flush(true);
          return writer.waiting === 0;
        },
        close: () => writer.close(),
        health: () => ({ sink: "jsonl", path: options.path, waiting: writer.waiting, depth: writer.waiting }),
      };
    }
    case "control-plane": {
      const spool = await SpendSpool.open({
        ...defaultWriterOptions,
        directory: join(options.dataDir, "spend-spool"),
        maxSegmentEvents: 1_000,
        onError,
      });
      const sender = new SpendSender(spool, {
        url: options.url,
        token: options.token,
        logger,
        intervalMs: options.sendIntervalMs ?? 1_000,
        maxBackoffMs: 30_000,
        onSent: hooks.onDelivered,
        onFailure: hooks.onDeliveryFailure,
      });
      sender.start();
      return {
        kind: "control-plane",
        write: (line) => spool.append(line),
        drain: () => sender.drain(),
        async close() {
          // Deliver what we can quickly; whatever is left stays on disk for the next start.
          await Promise.race([sender.drain(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
          await sender.stop();
          await spool.close();
        },
        health: () => ({ sink: "control-plane", unsealed: spool.activeCount, depth: spool.depth, ...sender.health }),
      };
    }
  }
}

function stdoutSink(): SpendSink {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (pending.length === 0) return;
    process.stdout.write(`${pending.join("\n")}\n`);
    pending = [];
  };
  return {
    kind: "stdout",
    write(line) {
      pending.push(line);
      if (!timer) {
        timer = setTimeout(flush, defaultWriterOptions.flushIntervalMs);
        timer.unref();
      }
    },
    drain: async () => {
      if (timer) clearTimeout(timer);
      flush();
      return true;
    },
    close: async () => {
      if (timer) clearTimeout(timer);
      flush();
    },
    health: () => ({ sink: "stdout", depth: 0 }),
  };
}
