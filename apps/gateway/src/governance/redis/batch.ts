import type { Redis } from "ioredis";
import { defineGovernanceCommands } from "./commands";

/** One operation of the batch script (scripts.ts): "a" admit (4 arguments), "s" settle (2), "c" cache write (2). */
export type BatchOp = "a" | "s" | "c";

interface Pending {
  readonly op: BatchOp;
  readonly keys: readonly string[];
  readonly argv: ReadonlyArray<string | number>;
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

/** Operations per script call: keeps the argument list of one call well inside V8's limits. */
const maxBatchOps = 256;

/** `{tag}` of a key, which decides its Redis Cluster slot ("" when it has none). */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  if (open < 0) return "";
  const close = key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : "";
}

/**
 * Collects the admits, settlements and cache writes of one event-loop turn and sends them as one
 * EVALSHA per hash tag (one slot per script, as Redis Cluster requires), in the order they were
 * made. Under load a gateway then pays one command, one write syscall and one reply parse per turn
 * rather than per request, and Redis runs one script call instead of dozens; at concurrency 1 the
 * flush happens in the same turn (setImmediate), so nothing waits for a timer.
 *
 * A batch that fails or takes longer than `timeoutMs` rejects every operation in it: each caller
 * then degrades exactly as it would have alone (limits.failMode, or logging a lost settlement).
 */
export class RedisBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly client: Redis,
    private readonly timeoutMs: number,
  ) {
    defineGovernanceCommands(client);
  }

  run(op: BatchOp, keys: readonly string[], argv: ReadonlyArray<string | number>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ op, keys, argv, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    const groups = new Map<string, Pending[]>();
    for (const pending of queue) {
      const tag = hashTag(pending.keys[0] ?? "");
      const group = groups.get(tag);
      if (group) group.push(pending);
      else groups.set(tag, [pending]);
    }
    for (const group of groups.values())
      for (let start = 0; start < group.length; start += maxBatchOps) this.send(group.slice(start, start + maxBatchOps));
  };

  private send(group: readonly Pending[]): void {
    const keys: string[] = [];
    const argv: Array<string | number> = [group.length];
    for (const pending of group) {
      for (const key of pending.keys) keys.push(key);
      argv.push(pending.op, pending.keys.length);
      for (const value of pending.argv) argv.push(value);
    }
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const pending of group) pending.reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    this.client.switchyardBatch(keys.length, ...keys, ...argv).then(
      (replies) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        group.forEach((pending, index) => {
          const reply = replies[index];
          if (Array.isArray(reply) && reply[0] === "ERR") pending.reject(new Error(`redis: ${String(reply[1])}`));
          else pending.resolve(reply);
        });
      },
      (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
