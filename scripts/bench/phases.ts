import { loadavg } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { benchKey, chatBody } from "./configs";
import { LatencyClient, type Percentiles, percentiles, type Target } from "./measure";
import { type Child, cpuSecondsOf, memoryOf, spawnChild } from "./processes";
import type { BreakdownResult, BreakdownRow, MemoryResult, TargetName, ThroughputResult } from "./report";

/** The measured phases. Each alternates between targets where it can, so drift in the machine's load hits all alike. */

export type Targets = Record<TargetName, Target>;
export const targetNames: readonly TargetName[] = ["direct", "floor", "off", "on"];

const load = () => loadavg()[0] ?? 0;

/** Brackets a measured run, e.g. to CPU-profile just that window of a gateway. */
export type RunHook = (target: TargetName, moment: "before" | "after") => Promise<void>;

/** autocannon POSTing `body` to a target for `duration` seconds, flat out or at `rate` requests per second. */
function post(target: Target, body: string, options: { connections: number; duration: number; rate?: number }) {
  return autocannon({
    url: `${target.origin}${target.path}`,
    method: "POST",
    headers: target.headers,
    body,
    connections: options.connections,
    pipelining: 1,
    duration: options.duration,
    timeout: 10,
    overallRate: options.rate,
  });
}

/**
 * Max throughput per target: autocannon for `seconds`, `rounds` times in turn (direct, floor, off,
 * on, direct, …), keeping each target's best run: on a shared machine the best run is the one
 * least disturbed by other work. Every run is kept in `runs`.
 */
export async function throughput(
  targets: Targets,
  options: {
    seconds: number;
    warmupSeconds: number;
    connections: number;
    rounds: number;
    hook?: RunHook;
    gatewayPids: Partial<Record<TargetName, number>>;
  },
) {
  const results = {} as Record<TargetName, ThroughputResult>;
  const runs = {} as Record<TargetName, ThroughputResult[]>;
  const body = chatBody(false);
  for (let round = 0; round < options.rounds; round++) {
    for (const name of targetNames) {
      const target = targets[name];
      const run = (duration: number) => post(target, body, { connections: options.connections, duration });
      if (round === 0) await run(options.warmupSeconds);
      const loadAverage = load();
      // Profile only the first measured run of each gateway.
      if (round === 0) await options.hook?.(name, "before");
      const pid = options.gatewayPids[name];
      const cpuBefore = pid === undefined ? Number.NaN : cpuSecondsOf(pid);
      const result = await run(options.seconds);
      const cpu = pid === undefined ? Number.NaN : cpuSecondsOf(pid) - cpuBefore;
      if (round === 0) await options.hook?.(name, "after");
      const measured: ThroughputResult = {
        requestsPerSecond: result.requests.total / result.duration,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        loadAverage,
        gatewayCpuMicrosPerRequest: (cpu / result.requests.total) * 1e6,
        gatewayCpuShare: cpu / result.duration,
      };
      const targetRuns = runs[name] ?? [];
      targetRuns.push(measured);
      runs[name] = targetRuns;
      const best = results[name];
      if (!best || measured.requestsPerSecond > best.requestsPerSecond) results[name] = measured;
    }
  }
  return { best: results, runs };
}

type LatencyResults = Record<TargetName, Percentiles> & { loadAverage: number };

/** Requests in interleaved rounds: `rounds` × (each target `perRound` requests or `roundMs`), after a warm-up. */
export async function latency(
  targets: Targets,
  options: { connections: number; rounds: number; perRound?: number; roundMs?: number; stream?: boolean },
): Promise<LatencyResults> {
  const body = chatBody(options.stream === true);
  const probe = options.stream ? "first-chunk" : "whole";
  const clients = targetNames.map((name) => new LatencyClient(targets[name], options.connections));
  const samples = new Map<TargetName, number[]>(targetNames.map((name) => [name, []]));
  const errors = new Map<TargetName, number>(targetNames.map((name) => [name, 0]));
  const loadAverage = load();
  try {
    for (const client of clients) await client.run(body, { count: Math.max(200, options.connections * 4) }, probe);
    for (let round = 0; round < options.rounds; round++) {
      for (const client of clients) {
        const name = client.target.name as TargetName;
        const outcome = await client.run(body, { count: options.perRound, durationMs: options.roundMs }, probe);
        samples.get(name)?.push(...outcome.samples);
        errors.set(name, (errors.get(name) ?? 0) + outcome.errors);
      }
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  const result = { loadAverage } as LatencyResults;
  for (const name of targetNames) result[name] = percentiles(samples.get(name) ?? [], errors.get(name) ?? 0);
  return result;
}

export interface MemoryPhase {
  readonly gatewayScript: string;
  readonly holderScript: string;
  readonly upstreamScript: string;
  readonly gatewayOptions: (upstreamPort: number) => unknown;
  readonly requested: number;
  readonly openFilesLimit: number;
  readonly pinned: boolean;
  /** Write V8 heap snapshots of the gateway here: idle.heapsnapshot and open.heapsnapshot (with the streams open). */
  readonly heapSnapshotDir?: string;
}

/**
 * A fresh gateway (governance on) in front of an upstream whose streams last minutes, and a
 * holder process opening streams through it until `requested` are open at once; RSS is read from
 * /proc before, with them open, and after they are dropped. Every proxied stream holds two sockets
 * in the gateway, so the open-files limit bounds how many fit.
 */
export async function memory(phase: MemoryPhase): Promise<MemoryResult> {
  // The gateway needs two descriptors per stream plus a few dozen of its own.
  const fits = Math.floor((phase.openFilesLimit - 200) / 2);
  const attempted = Math.min(phase.requested, fits);
  const children: Child[] = [];
  try {
    const upstream = await spawnChild(
      phase.upstreamScript,
      { delayMs: 0, chunks: 300, chunkDelayMs: 1_000 },
      {
        cpu: phase.pinned ? 0 : undefined,
        openFiles: phase.openFilesLimit,
      },
    );
    children.push(upstream);
    const gateway = await spawnChild(phase.gatewayScript, phase.gatewayOptions(Number(upstream.ready.port)), {
      cpu: phase.pinned ? 1 : undefined,
      openFiles: phase.openFilesLimit,
      quiet: true,
      // Only so the heap figures can be read after a full collection; it changes nothing else.
      nodeFlags: ["--expose-gc"],
    });
    children.push(gateway);
    // A few requests first, so the idle figure includes a warmed-up heap rather than a cold one.
    const headers = { "content-type": "application/json", authorization: `Bearer ${benchKey}` };
    const warm = new LatencyClient(
      { name: "on", origin: `http://127.0.0.1:${gateway.ready.port}`, path: "/v1/chat/completions", headers },
      4,
    );
    await warm.run(chatBody(false), { count: 400 });
    await warm.close();
    const idle = memoryOf(gateway.pid);
    const heapOf = async () => {
      gateway.send({ memory: true });
      return (await gateway.nextMessage()).memory as NodeJS.MemoryUsage;
    };
    const idleHeap = await heapOf();
    const snapshot = async (name: string) => {
      if (!phase.heapSnapshotDir) return;
      gateway.send({ heapSnapshot: join(phase.heapSnapshotDir, `${name}.heapsnapshot`) });
      await gateway.nextMessage(600_000);
    };
    await snapshot("idle");
    const loadAverage = load();
    const holder = await spawnChild(
      phase.holderScript,
      { port: Number(gateway.ready.port), count: attempted, key: benchKey, body: chatBody(true), batch: 250 },
      { cpu: phase.pinned ? 0 : undefined, openFiles: phase.openFilesLimit, readyTimeoutMs: 10_000 },
    );
    children.push(holder);
    const opened = await holder.nextMessage(180_000);
    // Let the first paced chunks flow through every stream before reading.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const open = memoryOf(gateway.pid);
    const openHeap = await heapOf();
    await snapshot("open");
    holder.send({ close: true });
    await holder.stop(10_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = memoryOf(gateway.pid);
    const afterHeap = await heapOf();
    const streams = Number(opened.open ?? 0);
    const rssIdle = idle?.rss ?? 0;
    const rssOpen = open?.rss ?? 0;
    const perStream = streams > 0 ? (rssOpen - rssIdle) / streams : 0;
    return {
      requested: phase.requested,
      attempted,
      open: streams,
      failed: Number(opened.failed ?? 0),
      openMs: Number(opened.ms ?? 0),
      openFilesLimit: phase.openFilesLimit,
      rssIdleBytes: rssIdle,
      rssOpenBytes: rssOpen,
      peakBytes: open?.peak ?? 0,
      rssAfterBytes: after?.rss ?? 0,
      bytesPerStream: perStream,
      heap: {
        idle: { heapUsed: idleHeap.heapUsed, external: idleHeap.external, arrayBuffers: idleHeap.arrayBuffers },
        open: { heapUsed: openHeap.heapUsed, external: openHeap.external, arrayBuffers: openHeap.arrayBuffers },
        closed: { heapUsed: afterHeap.heapUsed, external: afterHeap.external, arrayBuffers: afterHeap.arrayBuffers },
      },
      rssAtRequestedBytes: streams >= phase.requested ? rssOpen : rssIdle + perStream * phase.requested,
      loadAverage,
    };
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

export interface BreakdownTarget extends Target {
  readonly label: string;
  readonly pid: number;
}

/**
 * CPU per request of each variant at the same fixed offered load (below every variant's capacity,
 * so each one serves exactly the same traffic), `rounds` runs in turn, median kept. Differences
 * between variants are what each governance feature costs the gateway's core.
 */
export async function breakdown(
  targets: readonly BreakdownTarget[],
  options: { rate: number; seconds: number; rounds: number; warmupSeconds: number },
): Promise<BreakdownResult> {
  const body = chatBody(false);
  const runs = new Map<string, number[]>();
  const failures = new Map<string, { errors: number; non2xx: number }>();
  const loadAverage = load();
  // Round 0 is measured but not kept: its runs still pay for the warm-up's garbage and late optimisation.
  for (let round = 0; round <= options.rounds; round++) {
    for (const target of targets) {
      const run = (duration: number, rate: number | undefined) => post(target, body, { connections: 32, duration, rate });
      // Warm-up flat out, so V8 has optimised the hot path before anything is measured.
      if (round === 0) await run(options.warmupSeconds, undefined);
      const before = cpuSecondsOf(target.pid);
      const result = await run(options.seconds, options.rate);
      const cpu = cpuSecondsOf(target.pid) - before;
      const failed = failures.get(target.name) ?? { errors: 0, non2xx: 0 };
      failures.set(target.name, { errors: failed.errors + result.errors + result.timeouts, non2xx: failed.non2xx + result.non2xx });
      if (round === 0) continue;
      const list = runs.get(target.name) ?? [];
      list.push((cpu / Math.max(1, result.requests.total)) * 1e6);
      runs.set(target.name, list);
    }
  }
  const median = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  };
  const rows: BreakdownRow[] = targets.map((target) => ({
    name: target.name,
    label: target.label,
    cpuMicrosPerRequest: median(runs.get(target.name) ?? []),
    runs: runs.get(target.name) ?? [],
    errors: failures.get(target.name)?.errors ?? 0,
    non2xx: failures.get(target.name)?.non2xx ?? 0,
  }));
  return { rate: options.rate, seconds: options.seconds, rounds: options.rounds, rows, loadAverage };
}
