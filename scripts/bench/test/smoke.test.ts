import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchResults, TargetName } from "../report";

/**
 * `pnpm bench --smoke`: the whole benchmark, every phase at its smallest, from a clean process, as
 * issue 8's "runs after pnpm install and prints the table" needs. Its figures are not judged here
 * (performance is read from a real `pnpm bench` run, never from a test); only that every phase ran,
 * every request succeeded and the table and JSON hold what they promise. Run by scripts/test.ts on its
 * own, after the other vitest files, so its load does not disturb them.
 */
const root = resolve(import.meta.dirname, "../../..");
const out = mkdtempSync(join(tmpdir(), "switchyard-bench-smoke-"));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("pnpm bench --smoke", () => {
  it("runs every phase and prints the table, the breakdown and the targets", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts/bench.ts"), "--smoke", "--out", out], {
      cwd: root,
      encoding: "utf8",
      timeout: 420_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const table = run.stdout;
    for (const row of [
      "throughput, req/s (c=64)",
      "proxy CPU per request",
      "latency c=1 p50, ms",
      "latency c=50 p99, ms",
      "stream first token c=1 p50, ms",
      "memory (gateway, governance on): 200 of 200 streams open (0 failed",
      "where the CPU goes",
      "+ limits and budgets (4 principals), Redis",
      "governance on (all of the above, Redis)",
      "instructions per request (callgrind",
      "gateway, governance off",
      "throughput governance on / direct",
      "added p99 at c=1, governance on (ms)",
      "RSS with 200 open streams (GiB)",
    ])
      expect(table).toContain(row);

    const files = readdirSync(out).filter((name) => name.endsWith(".json"));
    expect(files).toHaveLength(1);
    const results = JSON.parse(readFileSync(join(out, files[0] ?? ""), "utf8")) as BenchResults;
    const names: TargetName[] = ["direct", "floor", "off", "on"];
    for (const name of names) {
      const throughput = results.throughput?.[name];
      expect(throughput?.requestsPerSecond, name).toBeGreaterThan(0);
      expect(throughput?.errors, name).toBe(0);
      expect(throughput?.non2xx, name).toBe(0);
      for (const phase of [results.latencyC1, results.latencyC50, results.ttft]) {
        expect(phase?.[name].count, name).toBeGreaterThan(0);
        expect(phase?.[name].errors, name).toBe(0);
      }
    }
    expect(results.breakdown?.rows.map((row) => row.name)).toEqual([
      "floor",
      "off",
      "limits-redis",
      "limits-redis-strict",
      "limits-memory",
      "guardrail",
      "spend",
      "on",
    ]);
    for (const row of results.breakdown?.rows ?? []) {
      expect(row.cpuMicrosPerRequest, row.name).toBeGreaterThan(0);
      expect(row.errors + row.non2xx, row.name).toBe(0);
    }
    expect(results.instructions?.rows.map((row) => row.name)).toEqual(["floor", "off", "on"]);
    for (const row of results.instructions?.rows ?? []) {
      // A proxied request is hundreds of thousands of instructions; zero would mean nothing was counted.
      expect(row.perRequest, row.name).toBeGreaterThan(10_000);
      expect(row.allThreadsPerRequest, row.name).toBeGreaterThanOrEqual(row.perRequest);
      expect(row.failed, row.name).toBe(0);
    }
    expect(results.memory?.open).toBe(200);
    // The governance-on gateway's spend events went through its spool to the stub control plane.
    expect(results.spendEventsDelivered).toBeGreaterThan(0);
    expect(Object.keys(results.targets ?? {})).toHaveLength(6);
  }, 480_000);
});
