/**
 * One gateway under test, in its own process so the parent can pin it to a core (taskset), read
 * its RSS and profile it (--cpu-prof). Logs as `pnpm gateway` does (info, asynchronous, to stdout,
 * which the parent points at /dev/null): the access line's cost is part of the gateway's cost.
 * Sends `{port}` over IPC when listening; SIGTERM closes it cleanly. On `{profile: "start"}` and
 * `{profile: "stop", path}` it records a V8 CPU profile of just that window (inspector), so start-up
 * and module loading stay out of it. `{memory: true}` answers with process.memoryUsage();
 * `{heapSnapshot: path}` writes a V8 heap snapshot there (after a full GC when exposed) and answers.
 *
 * Usage (from scripts/bench.ts, which bundles this file first like the production build):
 * node gateway-child.mjs '<GatewayChildOptions as JSON>'
 */

import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { writeHeapSnapshot } from "node:v8";
import { createLogger } from "../../apps/gateway/src/logger";
import { startGateway } from "../../apps/gateway/src/server";
import type { GatewayConfigInput } from "../../packages/schemas/src/gateway-config";

export interface GatewayChildOptions {
  readonly config: GatewayConfigInput;
  readonly redisUrl?: string;
  readonly redisPrefix?: string;
  /** Spend events through the disk spool in `dataDir` to a (stub) control plane. */
  readonly spend?: { readonly url: string; readonly token: string; readonly dataDir: string };
}

const options = JSON.parse(process.argv[2] ?? "{}") as GatewayChildOptions;
const logger = createLogger("info");
const gateway = await startGateway({
  port: 0,
  host: "127.0.0.1",
  config: options.config,
  logger,
  redisUrl: options.redisUrl,
  redisPrefix: options.redisPrefix,
  governance: options.spend ? { spend: { kind: "control-plane", ...options.spend } } : undefined,
});
process.send?.({ port: gateway.port, pid: process.pid });

let session: Session | undefined;
process.on("message", (message: { profile?: "start" | "stop"; path?: string; memory?: boolean; heapSnapshot?: string }) => {
  if (message.heapSnapshot) {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ heapSnapshot: writeHeapSnapshot(message.heapSnapshot) });
    return;
  }
  if (message.memory) {
    // After a full collection when exposed (--expose-gc), so the figures are live memory, not garbage.
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ memory: process.memoryUsage() });
    return;
  }
  void (async () => {
    if (message.profile === "start") {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
    } else if (message.profile === "stop" && session) {
      const { profile } = await session.post("Profiler.stop");
      if (message.path) writeFileSync(message.path, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
    }
    process.send?.({ profiled: message.profile });
  })();
});

let closing = false;
process.on("SIGTERM", () => {
  if (closing) return;
  closing = true;
  void gateway.close().finally(() => process.exit(0));
});
