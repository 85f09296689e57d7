import type { Percentiles } from "./measure";

/** The benchmark's results, as written to bench-results/<timestamp>.json and printed as a table. */

/** direct: the fake upstream itself; floor: a bare Fastify + undici proxy; off/on: the gateway, governance off/on. */
export type TargetName = "direct" | "floor" | "off" | "on";

export interface ThroughputResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly loadAverage: number;
  /** The proxy process's CPU time per request (user + system); rises when the machine is busy (shared caches). */
  readonly gatewayCpuMicrosPerRequest: number;
  /** Proxy CPU seconds per wall second during the run: below ~0.95 its core was shared with other work. */
  readonly gatewayCpuShare: number;
}

export interface MemoryResult {
  readonly requested: number;
  readonly attempted: number;
  readonly open: number;
  readonly failed: number;
  readonly openMs: number;
  readonly openFilesLimit: number;
  readonly rssIdleBytes: number;
  readonly rssOpenBytes: number;
  readonly peakBytes: number;
  readonly rssAfterBytes: number;
  /** (rssOpen - rssIdle) / open */
  readonly bytesPerStream: number;
  /** process.memoryUsage() of the gateway after a full GC: idle, with the streams open, after they closed. */
  readonly heap: Record<
    "idle" | "open" | "closed",
    { readonly heapUsed: number; readonly external: number; readonly arrayBuffers: number }
  >;
  /** rssIdle + bytesPerStream × requested (equals rssOpen when every requested stream was open). */
  readonly rssAtRequestedBytes: number;
  readonly loadAverage: number;
}

export interface BenchResults {
  readonly startedAt: string;
  readonly commit: string;
  readonly node: string;
  readonly cpus: number;
  readonly pinned: boolean;
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly settings: Record<string, unknown>;
  /** The best of each target's runs. */
  throughput?: Record<TargetName, ThroughputResult>;
  throughputRuns?: Record<TargetName, ThroughputResult[]>;
  latencyC1?: Record<TargetName, Percentiles> & { loadAverage: number };
  latencyC50?: Record<TargetName, Percentiles> & { loadAverage: number };
  ttft?: Record<TargetName, Percentiles> & { loadAverage: number };
  memory?: MemoryResult;
  targets?: Record<string, { readonly value: number; readonly limit: string; readonly met: boolean }>;
  spendEventsDelivered?: number;
  breakdown?: BreakdownResult;
  instructions?: InstructionsResult;
}

export interface BreakdownRow {
  readonly name: string;
  readonly label: string;
  /** Median over the rounds of the proxy's CPU time per request at the fixed rate. */
  readonly cpuMicrosPerRequest: number;
  readonly runs: readonly number[];
  readonly errors: number;
  readonly non2xx: number;
}

export interface InstructionsResult {
  readonly requests: number;
  readonly warmup: number;
  readonly rows: readonly {
    readonly name: string;
    readonly label: string;
    /** User-space instructions per counted request on the event-loop thread (callgrind). */
    readonly perRequest: number;
    /** The same in every thread (V8's background compiler and GC helpers, libuv's pool). */
    readonly allThreadsPerRequest: number;
    /** Requests that did not answer 200 (warm-up included). */
    readonly failed: number;
  }[];
}

export interface BreakdownResult {
  readonly rate: number;
  readonly seconds: number;
  readonly rounds: number;
  readonly rows: readonly BreakdownRow[];
  readonly loadAverage: number;
}

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? "-" : value.toFixed(3));
const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** The targets of issue 8, judged on this run. */
export function judge(results: BenchResults): NonNullable<BenchResults["targets"]> {
  const targets: NonNullable<BenchResults["targets"]> = {};
  const throughput = results.throughput;
  if (throughput) {
    const ratio = throughput.on.requestsPerSecond / throughput.direct.requestsPerSecond;
    targets["throughput governance on / direct"] = { value: ratio, limit: ">= 0.40", met: ratio >= 0.4 };
  }
  const c1 = results.latencyC1;
  if (c1) {
    for (const mode of ["off", "on"] as const) {
      const p50 = c1[mode].p50 - c1.direct.p50;
      const p99 = c1[mode].p99 - c1.direct.p99;
      targets[`added p50 at c=1, governance ${mode} (ms)`] = { value: p50, limit: "<= 0.25", met: p50 <= 0.25 };
      targets[`added p99 at c=1, governance ${mode} (ms)`] = { value: p99, limit: "<= 1", met: p99 <= 1 };
    }
  }
  const memory = results.memory;
  if (memory) {
    const gib = memory.rssAtRequestedBytes / 1024 ** 3;
    targets[`RSS with ${memory.requested} open streams (GiB)`] = { value: gib, limit: "< 1", met: gib < 1 };
  }
  return targets;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0))).join("  ");
}

export function formatTable(results: BenchResults): string {
  const lines: string[] = [];
  const widths = [34, 9, 9, 9, 9, 12, 12, 12];
  const header = ["", "direct", "floor", "gw off", "gw on", "Δ floor", "Δ gw off", "Δ gw on"];
  lines.push(
    `Switchyard gateway benchmark — ${results.startedAt}, commit ${results.commit}, node ${results.node}, ${results.cpus} CPUs, ` +
      `load ${results.loadAverage.start.toFixed(2)} → ${results.loadAverage.end.toFixed(2)}`,
  );
  lines.push(
    results.pinned
      ? results.settings.pinLatency
        ? "proxies pinned to CPU 1 (taskset -c 1); upstream and load generator on CPU 0; Redis unpinned"
        : "throughput and c=50: proxies pinned to CPU 1, upstream and load generator on CPU 0; c=1 phases unpinned; Redis unpinned"
      : "taskset unavailable: nothing pinned (throughput is not per-core)",
  );
  lines.push(
    "floor = a bare Fastify + undici proxy (no gateway logic); gw off/on = the gateway with governance off/on; Δ = against direct: share of its throughput, or ms added",
  );
  lines.push("");
  lines.push(row(header, widths));
  const throughput = results.throughput;
  if (throughput) {
    const ratio = (name: TargetName) =>
      `${((throughput[name].requestsPerSecond / throughput.direct.requestsPerSecond) * 100).toFixed(0)} %`;
    lines.push(
      row(
        [
          `throughput, req/s (c=${results.settings.connections})`,
          throughput.direct.requestsPerSecond.toFixed(0),
          throughput.floor.requestsPerSecond.toFixed(0),
          throughput.off.requestsPerSecond.toFixed(0),
          throughput.on.requestsPerSecond.toFixed(0),
          ratio("floor"),
          ratio("off"),
          ratio("on"),
        ],
        widths,
      ),
    );
  }
  if (throughput) {
    const cpu = (name: TargetName) => `${throughput[name].gatewayCpuMicrosPerRequest.toFixed(0)} µs`;
    const share = (name: TargetName) => `${(throughput[name].gatewayCpuShare * 100).toFixed(0)} %`;
    lines.push(row(["proxy CPU per request", "", cpu("floor"), cpu("off"), cpu("on")], widths));
    lines.push(row(["proxy CPU use during the run", "", share("floor"), share("off"), share("on")], widths));
  }
  const latencyRows = (label: string, data: (Record<TargetName, Percentiles> & { loadAverage: number }) | undefined) => {
    if (!data) return;
    for (const key of ["p50", "p99"] as const)
      lines.push(
        row(
          [
            `${label} ${key}, ms`,
            ms(data.direct[key]),
            ms(data.floor[key]),
            ms(data.off[key]),
            ms(data.on[key]),
            signed(data.floor[key] - data.direct[key]),
            signed(data.off[key] - data.direct[key]),
            signed(data.on[key] - data.direct[key]),
          ],
          widths,
        ),
      );
  };
  latencyRows("latency c=1", results.latencyC1);
  latencyRows("latency c=50", results.latencyC50);
  latencyRows("stream first token c=1", results.ttft);
  const memory = results.memory;
  if (memory) {
    lines.push("");
    lines.push(
      `memory (gateway, governance on): ${memory.open} of ${memory.attempted} streams open (${memory.failed} failed, opened in ` +
        `${(memory.openMs / 1000).toFixed(1)} s); RSS idle ${mib(memory.rssIdleBytes)}, with the streams ${mib(memory.rssOpenBytes)} ` +
        `(peak ${mib(memory.peakBytes)}), ${(memory.bytesPerStream / 1024).toFixed(1)} KiB per stream, after closing ${mib(memory.rssAfterBytes)}`,
    );
    lines.push(
      `  live V8 heap (after a full GC) idle ${mib(memory.heap.idle.heapUsed)}, streams open ${mib(memory.heap.open.heapUsed)}, ` +
        `closed ${mib(memory.heap.closed.heapUsed)}; external ${mib(memory.heap.idle.external)} → ${mib(memory.heap.open.external)} → ` +
        `${mib(memory.heap.closed.external)}`,
    );
    if (memory.attempted < memory.requested)
      lines.push(
        `  open-files limit ${memory.openFilesLimit} (hard) fits ${memory.attempted} proxied streams (2 sockets each); ` +
          `${memory.requested} streams extrapolated: ${mib(memory.rssAtRequestedBytes)}`,
      );
  }
  const breakdown = results.breakdown;
  if (breakdown) {
    const base = breakdown.rows.find((item) => item.name === "off")?.cpuMicrosPerRequest;
    lines.push("");
    lines.push(
      `where the CPU goes: proxy CPU per request at a fixed ${breakdown.rate} req/s (c=32), median of ${breakdown.rounds} × ${breakdown.seconds} s ` +
        "rounds in turn; each feature alone on top of governance off",
    );
    for (const item of breakdown.rows) {
      const delta = base === undefined ? 0 : item.cpuMicrosPerRequest - base;
      const added = base === undefined || item.name === "off" || item.name === "floor" ? "" : `${delta >= 0 ? "+" : ""}${delta.toFixed(0)}`;
      const failed = item.errors + item.non2xx > 0 ? `  (${item.errors} errors, ${item.non2xx} non-2xx)` : "";
      lines.push(`  ${item.label.padEnd(48)} ${`${item.cpuMicrosPerRequest.toFixed(0)} µs`.padStart(8)}  ${added.padStart(6)}${failed}`);
    }
  }
  const counted = results.instructions;
  if (counted) {
    const floor = counted.rows.find((item) => item.name === "floor")?.perRequest;
    lines.push("");
    lines.push(
      `instructions per request (callgrind, user space, the event-loop thread; all threads, with V8's background compiler, after it): ` +
        `${counted.requests} requests counted after ${counted.warmup} uncounted, 32 connections`,
    );
    for (const item of counted.rows) {
      const times = floor ? `${(item.perRequest / floor).toFixed(2)}× floor` : "";
      const failed = item.failed > 0 ? `  (${item.failed} failed)` : "";
      const all = `${(item.allThreadsPerRequest / 1000).toFixed(0)}k`;
      lines.push(
        `  ${item.label.padEnd(48)} ${`${(item.perRequest / 1000).toFixed(0)}k`.padStart(8)}  ${times.padStart(11)}  ${all.padStart(7)} all threads${failed}`,
      );
    }
  }
  if (results.targets) {
    lines.push("");
    lines.push("targets:");
    for (const [name, target] of Object.entries(results.targets))
      lines.push(`  ${target.met ? "met    " : "MISSED "} ${name}: ${target.value.toFixed(3)} (${target.limit})`);
  }
  return lines.join("\n");
}
