import { createTestDatabase, type TestDatabase } from "@switchyard/testkit/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/client";
import { sha256Hex } from "../src/migrate";
import { seedDemo } from "../src/seed";
import { tableCounts } from "./table-counts";

const demoKey = "sk-sy-demo-0123456789abcdef";
const demoProviderBase = "http://127.0.0.1:4500/v1";
let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase("seed");
  database = await openDatabase({ databaseUrl: testDatabase.url });
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe("seedDemo", () => {
  it("creates the demo organisation from the brief", async () => {
    const result = await seedDemo(database.prisma, { demoKey, demoProviderBase });
    const prisma = database.prisma;
    const organization = await prisma.organization.findUniqueOrThrow({ where: { slug: "demo" } });
    expect(organization).toMatchObject({ id: result.organizationId, name: "Demo" });

    const teams = await prisma.team.findMany({ where: { organizationId: organization.id }, orderBy: { slug: "asc" } });
    expect(teams.map((team) => team.slug)).toEqual(["platform", "research"]);

    const users = await prisma.user.findMany({
      where: { organizationId: organization.id },
      orderBy: { email: "asc" },
      include: { memberships: { include: { team: true } } },
    });
    expect(users.map((user) => [user.email, user.role, user.memberships.map((m) => `${m.team.slug}:${m.role}`)])).toEqual([
      ["admin@example.com", "ADMIN", []],
      ["finance@example.com", "FINANCE", []],
      ["lead@example.com", "TEAM_ADMIN", ["research:TEAM_ADMIN"]],
      ["member@example.com", "MEMBER", ["research:MEMBER"]],
    ]);

    const deployments = await prisma.modelDeployment.findMany({ where: { organizationId: organization.id }, orderBy: { slug: "asc" } });
    expect(
      deployments.map((d) => [
        d.slug,
        d.modelName,
        d.provider,
        d.upstreamModel,
        d.apiBase,
        d.inputMicrosPerMTok,
        d.outputMicrosPerMTok,
        d.enabled,
      ]),
    ).toEqual([
      ["demo-fast-1", "demo-fast", "openai-compatible", "demo-fast", demoProviderBase, 150_000n, 600_000n, true],
      ["demo-smart-1", "demo-smart", "openai-compatible", "demo-smart", demoProviderBase, 2_500_000n, 10_000_000n, true],
    ]);

    const policies = await prisma.routingPolicy.findMany({ where: { organizationId: organization.id } });
    expect(policies).toMatchObject([{ modelName: null, strategy: "weighted" }]);

    const research = teams[1];
    const budgets = await prisma.budget.findMany({ where: { organizationId: organization.id } });
    expect(budgets).toMatchObject([{ scope: "TEAM", teamId: research?.id, amountMicros: 100_000_000n, period: "THIRTY_DAYS" }]);
    expect(budgets[0]?.resetAt.getTime()).toBeGreaterThan(Date.now());

    const key = await prisma.virtualKey.findUniqueOrThrow({ where: { keyHash: sha256Hex(demoKey) } });
    expect(key).toMatchObject({
      id: result.virtualKeyId,
      name: "research-demo",
      prefix: "sk-sy-demo",
      teamId: research?.id,
      revokedAt: null,
    });
    expect(key.ownerId).toBe(result.userIds["lead@example.com"]);
  });

  it("is idempotent: a second run changes no counts and keeps what users edited", async () => {
    const prisma = database.prisma;
    await prisma.team.update({
      where: { organizationId_slug: { organizationId: (await demoOrg()).id, slug: "platform" } },
      data: { name: "Platform Eng" },
    });
    const before = await tableCounts(prisma);
    expect(before.organizations).toBe(1);
    expect(before.users).toBe(4);
    expect(before.virtual_keys).toBe(1);

    await seedDemo(prisma, { demoKey, demoProviderBase });
    expect(await tableCounts(prisma)).toEqual(before);
    const platform = await prisma.team.findFirstOrThrow({ where: { slug: "platform" } });
    expect(platform.name).toBe("Platform Eng");
  });

  it("follows a new demo key and demo provider address without adding rows", async () => {
    const prisma = database.prisma;
    const before = await tableCounts(prisma);
    const oldKey = await prisma.virtualKey.findUniqueOrThrow({ where: { keyHash: sha256Hex(demoKey) } });
    const newKey = "sk-sy-demo-fedcba9876543210";
    await seedDemo(prisma, { demoKey: newKey, demoProviderBase: "http://127.0.0.1:4599/v1" });
    expect(await tableCounts(prisma)).toEqual(before);
    const key = await prisma.virtualKey.findUniqueOrThrow({ where: { id: oldKey.id } });
    expect(key.keyHash).toBe(sha256Hex(newKey));
    expect(await prisma.virtualKey.findUnique({ where: { keyHash: sha256Hex(demoKey) } })).toBeNull();
    const apiBases = await prisma.modelDeployment.findMany({ select: { apiBase: true } });
    expect(apiBases).toEqual([{ apiBase: "http://127.0.0.1:4599/v1" }, { apiBase: "http://127.0.0.1:4599/v1" }]);
  });

  it("rejects a demo key that is not an sk-sy- key", async () => {
    await expect(seedDemo(database.prisma, { demoKey: "not-a-key", demoProviderBase })).rejects.toThrow(/sk-sy-/);
  });
});

function demoOrg() {
  return database.prisma.organization.findUniqueOrThrow({ where: { slug: "demo" } });
}
