import { createTestDatabase, type TestDatabase } from "@switchyard/testkit/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/client";
import { Prisma } from "../src/generated/client";
import { createFixtures, type Fixtures, roundTrips } from "./round-trips";

let testDatabase: TestDatabase;
let database: Database;
let fixtures: Fixtures;

beforeAll(async () => {
  testDatabase = await createTestDatabase("models");
  database = await openDatabase({ databaseUrl: testDatabase.url });
  fixtures = await createFixtures(database.prisma, "pg");
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe("Prisma client on PostgreSQL (@prisma/adapter-pg)", () => {
  it("opens a postgres database", () => {
    expect(database.kind).toBe("postgres");
  });

  it("has a round trip for every model in the schema", () => {
    expect(roundTrips.map((roundTrip) => roundTrip.model).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it.each(roundTrips.map((roundTrip) => [roundTrip.model, roundTrip] as const))(
    "creates, reads, updates and deletes %s",
    async (_model, roundTrip) => {
      await roundTrip.run(database.prisma, fixtures);
    },
  );

  it("runs interactive transactions and rolls them back on error", async () => {
    const attempt = database.prisma.$transaction(async (tx) => {
      await tx.auditLog.create({ data: { organizationId: fixtures.organizationId, action: "tx.test", targetType: "test" } });
      throw new Error("abort");
    });
    await expect(attempt).rejects.toThrow("abort");
    expect(await database.prisma.auditLog.count({ where: { action: "tx.test" } })).toBe(0);
  });
});
