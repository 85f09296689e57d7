import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";
import { Pool } from "undici";
import { chatBody } from "./configs";
import { pin, spawnChild } from "./processes";
import type { InstructionsResult } from "./report";

/**
 * CPU instructions per request of each proxy, counted by valgrind's callgrind: user-space
 * instructions hardly depend on what else the machine runs, so, unlike CPU time on this shared VM
 * (which moved 2× between runs of one commit), runs of the same commit agree within about 10 %
 * (JIT timing) and a change of 10 % or more shows. Each proxy
 * runs alone under callgrind (about 50× slower), gets `warmup` requests with counting off (the JIT
 * settles), then `requests` counted ones; 32 connections keep every event-loop turn busy, as under
 * full load (how many requests one turn serves changes the count per request). Kernel time (the socket syscalls, the same for every proxy) is not counted.
 *
 * The figure is the event-loop thread's: V8 optimises hot code on background threads, and a few
 * thousand requests are far from enough for it to finish (run normally, the governance-on gateway
 * optimised 744 functions in its first 33,000 requests, 246 in the next 38,000, then a handful per 40,000). Those compiler threads made up 30–41 %
 * of all threads' instructions in the counted window, and more of them the more code a proxy has,
 * so counting them measured warm-up rather than what each request costs once warm. All threads
 * together are reported too.
 */

const settleMs = 3_000;
const connections = 32;

export interface InstructionsTarget {
  readonly name: string;
  readonly label: string;
  readonly script: string;
  /** The child's JSON argument. */
  readonly argument: unknown;
  readonly headers: Record<string, string>;
}

export function hasCallgrind(): boolean {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
    execFileSync("callgrind_control", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function send(origin: string, headers: Record<string, string>, count: number): Promise<number> {
  const pool = new Pool(origin, { connections });
  const body = chatBody(false);
  let sent = 0;
  let failed = 0;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (sent < count) {
          sent++;
          const response = await pool.request({ path: "/v1/chat/completions", method: "POST", headers, body });
          await response.body.dump();
          if (response.statusCode !== 200) failed++;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return failed;
}

/** The largest `totals:` of the callgrind dumps in `dir` (the dump taken while counting). */
/**
 * Instructions counted in each thread's dump (`--separate-threads=yes`: one file per thread, `-01` the
 * main thread): the event loop's, and every thread's together (V8's background compiler and GC
 * helpers, libuv's pool).
 */
function countedInstructions(dir: string): { readonly mainThread: number; readonly allThreads: number } {
  let mainThread = 0;
  let allThreads = 0;
  for (const file of readdirSync(dir)) {
    const match = /^totals:\s+(\d+)/m.exec(readFileSync(join(dir, file), "utf8"));
    if (!match) continue;
    allThreads += Number(match[1]);
    if (/-0*1$/.test(file)) mainThread += Number(match[1]);
  }
  return { mainThread, allThreads };
}

/** Counts each target's requests, one target at a time (side by side they took turns on the CPUs and the JIT lagged). */
export async function instructions(
  targets: readonly InstructionsTarget[],
  options: { readonly requests: number; readonly warmup: number },
): Promise<InstructionsResult> {
  const rows: InstructionsResult["rows"][number][] = [];
  for (const target of targets) rows.push(await count(target, options));
  return { requests: options.requests, warmup: options.warmup, rows };
}

async function count(
  target: InstructionsTarget,
  options: { readonly requests: number; readonly warmup: number },
): Promise<InstructionsResult["rows"][number]> {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-callgrind-"));
  let failed = 0;
  try {
    const child = await spawnChild(target.script, target.argument, {
      quiet: true,
      readyTimeoutMs: 120_000,
      wrapper: [
        "valgrind",
        "--tool=callgrind",
        "--quiet",
        "--instr-atstart=no",
        "--smc-check=all-non-file",
        "--separate-threads=yes",
        `--callgrind-out-file=${join(dir, "out")}`,
      ],
    });
    try {
      const origin = `http://127.0.0.1:${child.ready.port}`;
      // The load generator's CPU affinity (CPU 0) is inherited: give the proxy every CPU.
      pin(child.pid, `0-${availableParallelism() - 1}`, true);
      failed += await send(origin, target.headers, options.warmup);
      // V8 compiles hot functions on background threads, which valgrind runs only when the proxy idles.
      await setTimeout(settleMs);
      const control = (...args: string[]) => execFileSync("callgrind_control", [...args, String(child.pid)], { stdio: "ignore" });
      control("--instr=on");
      failed += await send(origin, target.headers, options.requests);
      control("--instr=off");
      control("--dump");
    } finally {
      await child.stop(30_000);
    }
    const counted = countedInstructions(dir);
    return {
      name: target.name,
      label: target.label,
      perRequest: Math.round(counted.mainThread / options.requests),
      allThreadsPerRequest: Math.round(counted.allThreads / options.requests),
      failed,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
