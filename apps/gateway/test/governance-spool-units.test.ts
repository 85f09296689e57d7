import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SpendSpool } from "../src/governance/spend/spool";

/** The spend spool's segments on a real disk: what the sender reads, from memory or back from a file. */

let directory: string;
const spools: SpendSpool[] = [];
const errors: Error[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "switchyard-spool-"));
});
afterEach(async () => {
  await Promise.all(spools.splice(0).map((spool) => spool.close()));
  await rm(directory, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

async function openSpool(): Promise<SpendSpool> {
  const spool = await SpendSpool.open({
    directory,
    maxSegmentEvents: 1_000,
    flushIntervalMs: 5,
    syncIntervalMs: 1_000,
    maxBatchLines: 2,
    onError: (error) => errors.push(error),
  });
  spools.push(spool);
  return spool;
}

const event = (index: number) => JSON.stringify({ requestId: `req_${index}`, note: "line\nbreak" });

describe("spend spool", () => {
  it("hands the sender a sealed segment's lines from memory, exactly as written to its file", async () => {
    const spool = await openSpool();
    for (let index = 0; index < 5; index++) spool.append(event(index));
    await spool.seal();
    const [segment] = await spool.sealed();
    if (!segment) throw new Error("no sealed segment");
    const lines = Array.from({ length: 5 }, (_, index) => event(index));
    expect(await spool.read(segment)).toEqual({ lines, corrupt: 0 });
    // The file is the durable copy of the same lines; the read above did not need it.
    await writeFile(segment.path, "overwritten\n");
    expect((await spool.read(segment)).lines).toEqual(lines);
    await spool.acknowledge(segment);
    expect(await spool.sealed()).toEqual([]);
    expect(spool.depth).toBe(0);
  });

  it("reads a segment left by a crashed process from disk, skipping a line cut short by a power loss", async () => {
    await mkdir(directory, { recursive: true });
    const left = `${event(1)}\n${event(2)}\n{"requestId":"req_3","no`;
    await writeFile(join(directory, "segment-000000000007.jsonl"), left);
    const spool = await openSpool();
    const [segment] = await spool.sealed();
    expect(segment?.name).toBe("segment-000000000007.jsonl");
    if (!segment) throw new Error("no sealed segment");
    expect(await spool.read(segment)).toEqual({ lines: [event(1), event(2)], corrupt: 1 });
    // New events go to the next segment number, after the one found.
    spool.append(event(4));
    await spool.seal();
    expect((await spool.sealed()).map((sealed) => sealed.name)).toEqual(["segment-000000000007.jsonl", "segment-000000000008.jsonl"]);
    await spool.quarantine(segment);
    expect(await readdir(join(directory, "rejected"))).toEqual(["segment-000000000007.jsonl"]);
  });
});
