/**
 * `pnpm bench`: the gateway's cost, measured side by side in one run on loopback: straight to a
 * fast fake upstream (OpenAI format) vs through the gateway with governance off and on (Redis
 * limits and budgets, a pii guardrail, metering and spend events through the disk spool to a stub
 * control plane). Throughput with the gateway pinned to one core, added latency at concurrency 1
 * and 50, time to first streamed token, and RSS with thousands of open streams. Prints a table and
 * writes bench-results/<timestamp>.json. Not part of `pnpm test`.
 *
 * Options: --seconds N (per throughput run, default 5)  --rounds N (throughput runs per target, best kept;
 * default 2)  --connections N (default 64)  --streams N
 * (default 10000)  --delay-ms N (upstream delay, default 0)  --chunks N (streamed chunks, default 20)
 * --phases throughput,latency,ttft,breakdown,memory  --breakdown-rate N (req/s the breakdown offers each
 * variant, default 2000)  --profile (CPU profiles of both gateways during their
 * measured throughput runs: a summary is printed, the .cpuprofile files are kept in
 * bench-results/profiles/<timestamp>/ for flame graphs in Chrome DevTools or speedscope)  --heap-snapshot (V8 heap
 * snapshots of the memory phase's gateway, idle and with the streams open, in bench-results/heap/<timestamp>/)  --out DIR (where the
 * JSON goes, default bench-results/)  --smoke (every phase at its smallest: checks the benchmark works, figures meaningless)
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { clearRedisPrefix } from "@switchyard/testkit/redis";
import { buildGatewayBundle } from "../apps/gateway/scripts/build";
import { benchKey, breakdownVariants, governanceOff, governanceOn } from "./bench/configs";
import type { GatewayChildOptions } from "./bench/gateway-child";
import { hasCallgrind, instructions } from "./bench/instructions";
import type { Target } from "./bench/measure";
import { type BreakdownTarget, breakdown, latency, memory, type RunHook, type Targets, throughput } from "./bench/phases";
import { type Child, hasTaskset, openFileLimits, pin, pinSelf, spawnChild } from "./bench/processes";
import { summariseFiles } from "./bench/profile-summary";
import { type BenchResults, formatTable, judge } from "./bench/report";
import { startStubControlPlane } from "./bench/stub-control-plane";

const root = resolve(import.meta.dirname, "..");
const script = (name: string) => join(root, "scripts/bench", name);
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "64" },
    streams: { type: "string", default: "10000" },
    "delay-ms": { type: "string", default: "0" },
    chunks: { type: "string", default: "20" },
    phases: { type: "string", default: "throughput,latency,ttft,breakdown,instructions,memory" },
    "breakdown-rate": { type: "string", default: "2000" },
    profile: { type: "boolean", default: false },
    "heap-snapshot": { type: "boolean", default: false },
    "pin-latency": { type: "boolean", default: false },
    smoke: { type: "boolean", default: false },
    out: { type: "string" },
  },
});
/**
 * --smoke: every phase at its smallest (a second per run, one round, 200 streams): proves the
 * benchmark works end to end (`pnpm test` runs it), its figures mean nothing.
 */
const smoke = values.smoke === true;
const settings = {
  seconds: smoke ? 1 : Number(values.seconds),
  rounds: smoke ? 1 : Number(values.rounds),
  connections: Number(values.connections),
  streams: smoke ? Math.min(200, Number(values.streams)) : Number(values.streams),
  delayMs: Number(values["delay-ms"]),
  chunks: Number(values.chunks),
  phases: new Set((values.phases ?? "").split(",").map((phase) => phase.trim())),
  profile: values.profile === true,
  pinLatency: values["pin-latency"] === true,
  breakdownRate: Number(values["breakdown-rate"]),
  smoke,
};
/** Sizes of the phases that have no option of their own. */
const plan = smoke
  ? {
      warmupSeconds: 1,
      c1: { rounds: 1, perRound: 50 },
      c50: { rounds: 1, roundMs: 300 },
      ttft: { rounds: 1, perRound: 20 },
      breakdown: { seconds: 1, rounds: 1, warmupSeconds: 1 },
      instructions: { requests: 100, warmup: 100 },
    }
  : {
      warmupSeconds: 2,
      c1: { rounds: 4, perRound: 500 },
      c50: { rounds: 2, roundMs: 2_000 },
      ttft: { rounds: 3, perRound: 150 },
      breakdown: { seconds: 2, rounds: 6, warmupSeconds: 3 },
      instructions: { requests: 3000, warmup: 3000 },
    };
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisPrefix = `switchyard-bench:${randomBytes(4).toString("hex")}:`;
const startedAt = new Date().toISOString();
const stamp = startedAt.replaceAll(":", "-").replace(/\.\d+Z$/, "Z");
const resultsDir = values.out ? resolve(values.out) : join(root, "bench-results");
const profileDir = settings.profile ? join(resultsDir, "profiles", stamp) : undefined;
const heapDir = values["heap-snapshot"] === true ? join(resultsDir, "heap", stamp) : undefined;
mkdirSync(resultsDir, { recursive: true });

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

const say = (line: string) => process.stderr.write(`${line}\n`);
const cpus = availableParallelism();
const pinned = hasTaskset() && cpus >= 2 && pinSelf(0);
const children: Child[] = [];
const spoolDir = mkdtempSync(join(tmpdir(), "switchyard-bench-"));
const controlPlane = await startStubControlPlane();
// The gateway as production runs it: bundled (apps/gateway/scripts/build.ts), not through tsx. The
// floor proxy is bundled the same way, so both sides of the comparison run alike. With --profile both
// run from the TypeScript sources instead, so the profiles name files and packages (a bundle is one
// file); the figures of such a run are then those of tsx (about 10 % more CPU per request).
const bundleDir = mkdtempSync(join(tmpdir(), "switchyard-bench-bundle-"));
const floorSource = join(root, "apps/gateway/scripts/bench-floor-proxy.ts");
const gatewayChildScript = settings.profile
  ? script("gateway-child.ts")
  : await buildGatewayBundle(script("gateway-child.ts"), join(bundleDir, "gateway-child.mjs"));
const floorScript = settings.profile ? floorSource : await buildGatewayBundle(floorSource, join(bundleDir, "floor.mjs"));
let results: BenchResults = {
  startedAt,
  commit: commit(),
  node: process.version,
  cpus,
  pinned,
  loadAverage: { start: loadavg()[0] ?? 0, end: 0 },
  settings: { ...settings, phases: [...settings.phases], redisUrl },
};

const onOptions = (upstreamPort: number, dataDir: string): GatewayChildOptions => ({
  config: governanceOn(upstreamPort),
  redisUrl,
  redisPrefix,
  spend: { url: controlPlane.url, token: controlPlane.token, dataDir },
});

try {
  say(`load average ${results.loadAverage.start.toFixed(2)}; ${pinned ? "gateway on CPU 1, the rest on CPU 0" : "no taskset: unpinned"}`);
  const upstream = await spawnChild(
    script("fake-upstream.ts"),
    { delayMs: settings.delayMs, chunks: settings.chunks, chunkDelayMs: 0 },
    {
      cpu: pinned ? 0 : undefined,
    },
  );
  children.push(upstream);
  const upstreamPort = Number(upstream.ready.port);
  const gatewayCpu = pinned ? 1 : undefined;
  // What the floor proxy and the governance-off gateway are started with, wherever a phase starts one.
  const floorArgument = { upstream: `http://127.0.0.1:${upstreamPort}` };
  const offArgument: GatewayChildOptions = { config: governanceOff(upstreamPort) };
  const floor = await spawnChild(floorScript, floorArgument, {
    cpu: gatewayCpu,
  });
  children.push(floor);
  const off = await spawnChild(gatewayChildScript, offArgument, {
    cpu: gatewayCpu,
    quiet: true,
  });
  children.push(off);
  const on = await spawnChild(gatewayChildScript, onOptions(upstreamPort, join(spoolDir, "on")), {
    cpu: gatewayCpu,
    quiet: true,
  });
  children.push(on);

  const gatewayHeaders = { "content-type": "application/json", authorization: `Bearer ${benchKey}` };
  const target = (name: string, port: number, headers: Record<string, string>): Target => ({
    name,
    origin: `http://127.0.0.1:${port}`,
    path: "/v1/chat/completions",
    headers,
  });
  const targets: Targets = {
    direct: target("direct", upstreamPort, { "content-type": "application/json", authorization: "Bearer sk-upstream-bench" }),
    floor: target("floor", Number(floor.ready.port), { "content-type": "application/json" }),
    off: target("off", Number(off.ready.port), gatewayHeaders),
    on: target("on", Number(on.ready.port), gatewayHeaders),
  };

  if (settings.phases.has("throughput")) {
    say("throughput …");
    const gateways = { off, on } as const;
    const hook: RunHook | undefined = profileDir
      ? async (name, moment) => {
          if (name === "direct" || name === "floor") return;
          const gateway = gateways[name];
          gateway.send(
            moment === "before" ? { profile: "start" } : { profile: "stop", path: join(profileDir, `governance-${name}.cpuprofile`) },
          );
          await gateway.nextMessage();
        }
      : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const measured = await throughput(targets, {
      seconds: settings.seconds,
      warmupSeconds: plan.warmupSeconds,
      connections: settings.connections,
      rounds: settings.rounds,
      hook,
      gatewayPids: { floor: floor.pid, off: off.pid, on: on.pid },
    });
    results.throughput = measured.best;
    results.throughputRuns = measured.runs;
  }
  // Sequential requests (c=1) run unpinned: pinned, each of their hops (load generator → proxy →
  // upstream and back) is a wake-up across CPUs, which on this VM costs more than a proxy's own work.
  // Concurrent load (c=50, throughput) runs pinned, so a proxy never competes with the load generator.
  const pinning = (mode: "pinned" | "free") => {
    if (!pinned || settings.pinLatency) return;
    const all = `0-${cpus - 1}`;
    pin(process.pid, mode === "pinned" ? "0" : all);
    pin(upstream.pid, mode === "pinned" ? "0" : all);
    for (const proxy of [floor, off, on]) pin(proxy.pid, mode === "pinned" ? "1" : all);
  };
  if (settings.phases.has("latency")) {
    say("latency at concurrency 1 …");
    pinning("free");
    results.latencyC1 = await latency(targets, { connections: 1, ...plan.c1 });
    pinning("pinned");
    say("latency at concurrency 50 …");
    results.latencyC50 = await latency(targets, { connections: 50, ...plan.c50 });
  }
  if (settings.phases.has("ttft")) {
    say("streaming time to first token …");
    pinning("free");
    results.ttft = await latency(targets, { connections: 1, ...plan.ttft, stream: true });
    pinning("pinned");
  }
  // Free CPU 1 for the breakdown's and the memory phase's own gateways.
  for (const child of children.splice(1)) await child.stop();
  results.spendEventsDelivered = controlPlane.events();

  if (settings.phases.has("breakdown")) {
    say(`where the CPU goes: each governance feature alone at ${settings.breakdownRate} req/s …`);
    const breakdownTargets: BreakdownTarget[] = [];
    const floorAgain = await spawnChild(floorScript, floorArgument, { cpu: gatewayCpu });
    children.push(floorAgain);
    breakdownTargets.push({
      name: "floor",
      label: "floor: a bare Fastify + undici proxy",
      origin: `http://127.0.0.1:${floorAgain.ready.port}`,
      path: "/v1/chat/completions",
      headers: { "content-type": "application/json" },
      pid: floorAgain.pid,
    });
    for (const variant of breakdownVariants(upstreamPort)) {
      const options: GatewayChildOptions = {
        config: variant.config,
        ...(variant.redis ? { redisUrl, redisPrefix: `${redisPrefix}${variant.name}:` } : {}),
        ...(variant.spend ? { spend: { url: controlPlane.url, token: controlPlane.token, dataDir: join(spoolDir, variant.name) } } : {}),
      };
      const child = await spawnChild(gatewayChildScript, options, { cpu: gatewayCpu, quiet: true });
      children.push(child);
      breakdownTargets.push({
        name: variant.name,
        label: variant.label,
        origin: `http://127.0.0.1:${child.ready.port}`,
        path: "/v1/chat/completions",
        headers: gatewayHeaders,
        pid: child.pid,
      });
    }
    results.breakdown = await breakdown(breakdownTargets, { rate: settings.breakdownRate, ...plan.breakdown });
    for (const child of children.splice(1)) await child.stop();
  }
  if (settings.phases.has("instructions")) {
    if (hasCallgrind()) {
      say("instructions per request under callgrind (floor, governance off, governance on) …");
      // Unpinned, the load generator and the upstream outpace a proxy slowed 50× by valgrind, so it
      // always has requests waiting, as under full load, rather than counting idle wake-ups.
      pinning("free");
      results.instructions = await instructions(
        [
          {
            name: "floor",
            label: "floor: a bare Fastify + undici proxy",
            script: floorScript,
            argument: floorArgument,
            headers: { "content-type": "application/json" },
          },
          {
            name: "off",
            label: "gateway, governance off",
            script: gatewayChildScript,
            argument: offArgument,
            headers: gatewayHeaders,
          },
          {
            name: "on",
            label: "gateway, governance on",
            script: gatewayChildScript,
            argument: onOptions(upstreamPort, join(spoolDir, "instructions")),
            headers: gatewayHeaders,
          },
        ],
        plan.instructions,
      );
      pinning("pinned");
    } else say("instructions: skipped (valgrind with callgrind_control is not installed)");
  }
  // The upstream goes too: the memory phase starts its own.
  for (const child of children.splice(0)) await child.stop();

  if (settings.phases.has("memory")) {
    say(`memory with ${settings.streams} open streams …`);
    if (heapDir) mkdirSync(heapDir, { recursive: true });
    results.memory = await memory({
      gatewayScript: gatewayChildScript,
      holderScript: script("stream-holder.ts"),
      upstreamScript: script("fake-upstream.ts"),
      gatewayOptions: (port) => onOptions(port, join(spoolDir, "memory")),
      requested: settings.streams,
      openFilesLimit: openFileLimits().hard,
      pinned,
      heapSnapshotDir: heapDir,
    });
  }
} finally {
  for (const child of children.reverse()) await child.stop();
  await controlPlane.close();
  await clearRedisPrefix(redisPrefix).catch(() => {});
  rmSync(spoolDir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
}

results = { ...results, loadAverage: { start: results.loadAverage.start, end: loadavg()[0] ?? 0 } };
results.targets = judge(results);
const file = join(resultsDir, `${stamp}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${formatTable(results)}\n\nresults: ${file}\n`);
if (heapDir) process.stdout.write(`\nheap snapshots (memory phase): ${heapDir}\n`);
if (profileDir) process.stdout.write(`\nCPU profiles (throughput runs):\n${summariseFiles(profileDir, 30)}\n`);
process.exit(0);
