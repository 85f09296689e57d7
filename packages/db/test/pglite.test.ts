// The embedded default: the same migrations and client on PGlite in a temp dir. Few
// tests on purpose, since creating a PGlite cluster takes seconds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/client";
import { readMigrations, sha256Hex } from "../src/migrate";
import { seedDemo } from "../src/seed";
import { createFixtures, roundTrips } from "./round-trips";
import { tableCounts } from "./table-counts";

const dataDir = join(mkdtempSync(join(tmpdir(), "switchyard-pglite-test-")), "pglite");
const demoKey = "sk-sy-demo-pglite-0123456789";
const opened: Database[] = [];

async function open(): Promise<{ database: Database; milliseconds: number }> {
  const startedAt = performance.now();
  const database = await openDatabase({ dataDir });
  opened.push(database);
  return { database, milliseconds: Math.round(performance.now() - startedAt) };
}

afterAll(async () => {
  for (const database of opened) await database.close().catch(() => undefined);
  rmSync(join(dataDir, ".."), { recursive: true, force: true });
});

describe("openDatabase on PGlite", () => {
  it("creates, migrates, reads and writes every model, and seeds the demo", { timeout: 120_000 }, async () => {
    const { database, milliseconds } = await open();
    console.info(`PGlite first start (create cluster + migrate): ${milliseconds} ms`);
    expect(database.kind).toBe("pglite");
    const fixtures = await createFixtures(database.prisma, "pglite");
    for (const roundTrip of roundTrips) await roundTrip.run(database.prisma, fixtures);
    await seedDemo(database.prisma, { demoKey, demoProviderBase: "http://127.0.0.1:4500/v1" });
    await database.close();
  });

  it("keeps its data across restarts and does not re-run migrations", { timeout: 60_000 }, async () => {
    const { database, milliseconds } = await open();
    console.info(`PGlite second start (open existing + migration check): ${milliseconds} ms`);
    const rows = await database.prisma.$queryRaw<{ migration_name: string; checksum: string; applied_steps_count: number }[]>`
      SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum, applied_steps_count: 1 })));

    const key = await database.prisma.virtualKey.findUniqueOrThrow({ where: { keyHash: sha256Hex(demoKey) }, include: { team: true } });
    expect(key.team?.slug).toBe("research");
    const before = await tableCounts(database.prisma);
    await seedDemo(database.prisma, { demoKey, demoProviderBase: "http://127.0.0.1:4500/v1" });
    expect(await tableCounts(database.prisma)).toEqual(before);
    await database.close();
  });
});
