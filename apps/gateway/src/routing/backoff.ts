import type { RoutingConfig } from "@switchyard/schemas";
import type { Cancel } from "../pipeline/client-abort";
import type { RandomSource } from "./random";

/**
 * How long to wait before trying a deployment again that already failed in this request:
 * exponential backoff with full jitter (uniform in [0, backoffMs·2^n], capped), and never less
 * than what the upstream asked for with retry-after. Undefined: the upstream asked for longer
 * than `maxRetryWaitMs`, so waiting is pointless; move on.
 */
export function retryDelayMs(
  routing: Pick<RoutingConfig, "backoffMs" | "maxRetryWaitMs">,
  retryIndex: number,
  retryAfterMs: number | undefined,
  random: RandomSource,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > routing.maxRetryWaitMs) return undefined;
  const ceiling = Math.min(routing.maxRetryWaitMs, routing.backoffMs * 2 ** retryIndex);
  const jitter = Math.floor(random() * ceiling);
  return Math.max(jitter, retryAfterMs ?? 0);
}

/** Resolves after `ms`, or rejects at once when the signal aborts (the client left). */
export function sleep(ms: number, signal: Cancel): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeListener("abort", onAbort);
      resolve();
    }, ms);
    signal.once("abort", onAbort);
  });
}
