import { spendEventSchema } from "@switchyard/schemas/spend-event";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashKey } from "../src/services/keys/generate-key";
import { ingestSpend } from "../src/services/spend/ingest-spend";
import { demoKey, outcome, startControlPlane, type TestControlPlane } from "./helpers";

/** Beyond the permission table: team admins, members and finance see and touch only their share. */
let cp: TestControlPlane;
let platformKeyId: string;
let platformBudgetId: string;
let memberKeyId: string;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  cp = await startControlPlane({ label: "scope" });
  const admin = await cp.callerAs("ADMIN");
  const platformKey = await admin.keys.create({ name: "platform-bot", teamId: cp.seed.teamIds.platform });
  platformKeyId = platformKey.key.id;
  const budget = await admin.budgets.upsert({
    target: { scope: "TEAM", teamId: cp.seed.teamIds.platform },
    amountMicros: 50_000_000,
    period: "MONTH",
  });
  platformBudgetId = budget.id;
  const member = await cp.callerAs("MEMBER");
  const memberKey = await member.keys.create({ name: "my-notebook", teamId: cp.seed.teamIds.research });
  memberKeyId = memberKey.key.id;
  const event = (requestId: string, keyHash: string, costUsd: string) => ({
    requestId,
    timestamp: new Date().toISOString(),
    keyHash,
    model: "demo-fast",
    provider: "openai-compatible",
    promptTokens: 10,
    completionTokens: 5,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    costUsd,
    latencyMs: 100,
    status: 200,
    cacheHit: false,
    guardrailActions: [],
  });
  await ingestSpend(
    cp.prisma,
    cp.seed.organizationId,
    [
      event("scope-1", hashKey(demoKey), "1.5"),
      event("scope-2", hashKey(platformKey.plaintext), "2.25"),
      event("scope-3", hashKey(memberKey.plaintext), "0.125"),
    ].map((input) => spendEventSchema.parse(input)),
  );
});
afterAll(async () => {
  await cp?.close();
});

describe("TEAM_ADMIN (lead of research)", () => {
  test("sees only their team, its users and its keys", async () => {
    const lead = await cp.callerAs("TEAM_ADMIN");
    expect((await lead.teams.list({})).map((team) => team.slug)).toEqual(["research"]);
    const keys = await lead.keys.list({});
    expect(keys.map((key) => key.id)).not.toContain(platformKeyId);
    expect(keys.map((key) => key.id)).toEqual(expect.arrayContaining([cp.seed.virtualKeyId, memberKeyId]));
    const emails = (await lead.users.list({})).map((user) => user.email);
    expect(emails).toEqual(expect.arrayContaining(["lead@example.com", "member@example.com"]));
    expect(emails).not.toContain("admin@example.com");
    expect(emails).not.toContain("finance@example.com");
    expect((await lead.budgets.list({})).map((budget) => budget.id)).not.toContain(platformBudgetId);
  });

  test("cannot touch another team's keys, members or budgets", async () => {
    const lead = await cp.callerAs("TEAM_ADMIN");
    expect(await outcome(() => lead.keys.revoke({ keyId: platformKeyId }))).toBe("NOT_FOUND");
    expect(await outcome(() => lead.keys.update({ keyId: platformKeyId, rpm: 1 }))).toBe("NOT_FOUND");
    expect(await outcome(() => lead.keys.rotate({ keyId: platformKeyId }))).toBe("NOT_FOUND");
    expect(await outcome(() => lead.keys.create({ name: "sneaky", teamId: cp.seed.teamIds.platform }))).toBe("FORBIDDEN");
    expect(await outcome(() => lead.teams.addMember({ teamId: cp.seed.teamIds.platform, email: "lead@example.com" }))).toBe("NOT_FOUND");
    expect(
      await outcome(() => lead.budgets.upsert({ target: { scope: "KEY", keyId: platformKeyId }, amountMicros: 1_000_000, period: "DAY" })),
    ).toBe("NOT_FOUND");
    expect(await outcome(() => lead.budgets.delete({ budgetId: platformBudgetId }))).toBe("NOT_FOUND");
    const key = await cp.prisma.virtualKey.findUniqueOrThrow({ where: { id: platformKeyId } });
    expect(key.revokedAt).toBeNull();
    expect(key.rpm).toBeNull();
  });

  test("divides the team budget but cannot raise it", async () => {
    const lead = await cp.callerAs("TEAM_ADMIN");
    expect(
      await outcome(() =>
        lead.budgets.upsert({ target: { scope: "TEAM", teamId: cp.seed.teamIds.research }, amountMicros: 999_000_000, period: "MONTH" }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await outcome(() =>
        lead.budgets.upsert({ target: { scope: "KEY", keyId: memberKeyId }, amountMicros: 101_000_000, period: "MONTH" }),
      ),
    ).toBe("FORBIDDEN");
    const budget = await lead.budgets.upsert({ target: { scope: "KEY", keyId: memberKeyId }, amountMicros: 10_000_000, period: "MONTH" });
    expect(budget.amountUsd).toBe(10);
  });

  test("spend and config show only their team", async () => {
    const lead = await cp.callerAs("TEAM_ADMIN");
    const points = await lead.spend.overTime({ from: today, to: today, groupBy: "team" });
    expect(points.map((point) => point.label)).toEqual(["research"]);
    expect(points[0]?.costUsdDecimal).toMatch(/^1\.625/);
    const admin = await cp.callerAs("ADMIN");
    await admin.config.publish({ message: "scope test" });
    const shown = await lead.config.show({ number: 1 });
    const config = shown.config as { teams: { id: string }[]; keys: { team?: string }[] };
    expect(config.teams.map((team) => team.id)).toEqual(["research"]);
    expect(config.keys.every((key) => key.team === "research")).toBe(true);
  });
});

describe("MEMBER", () => {
  test("sees and manages only their own keys and spend", async () => {
    const member = await cp.callerAs("MEMBER");
    expect((await member.keys.list({})).map((key) => key.id)).toEqual([memberKeyId]);
    expect(await outcome(() => member.keys.revoke({ keyId: cp.seed.virtualKeyId }))).toBe("NOT_FOUND");
    expect(await outcome(() => member.keys.create({ name: "for-lead", ownerId: cp.userId("TEAM_ADMIN") }))).toBe("FORBIDDEN");
    expect(await outcome(() => member.keys.create({ name: "other-team", teamId: cp.seed.teamIds.platform }))).toBe("FORBIDDEN");
    const points = await member.spend.overTime({ from: today, to: today });
    expect(points).toHaveLength(1);
    expect(points[0]?.costUsdDecimal).toMatch(/^0\.125/);
    expect(points[0]?.requests).toBe(1);
  });
});

describe("FINANCE", () => {
  test("reads every team's spend and budgets", async () => {
    const finance = await cp.callerAs("FINANCE");
    const byTeam = await finance.spend.overTime({ from: today, to: today, groupBy: "team" });
    expect(byTeam.map((point) => point.label).sort()).toEqual(["platform", "research"]);
    const top = await finance.spend.topSpenders({ from: today, to: today, by: "team" });
    expect(top[0]?.label).toBe("platform");
    expect(top[0]?.costUsd).toBe(2.25);
    expect((await finance.budgets.list({})).map((budget) => budget.id)).toContain(platformBudgetId);
    const utilisation = await finance.spend.budgetUtilisation();
    const platform = utilisation.find((entry) => entry.budget.id === platformBudgetId);
    expect(platform?.spentUsd).toBe(2.25);
    expect(platform?.utilisation).toBeCloseTo(2.25 / 50);
  });

  test("cannot change keys, teams, routing or budgets", async () => {
    const finance = await cp.callerAs("FINANCE");
    expect(await outcome(() => finance.keys.create({ name: "finance-key" }))).toBe("FORBIDDEN");
    expect(await outcome(() => finance.keys.revoke({ keyId: cp.seed.virtualKeyId }))).toBe("FORBIDDEN");
    expect(await outcome(() => finance.teams.create({ slug: "finance-team", name: "Finance" }))).toBe("FORBIDDEN");
    expect(await outcome(() => finance.teams.addMember({ teamId: cp.seed.teamIds.research, email: "finance@example.com" }))).toBe(
      "FORBIDDEN",
    );
    expect(await outcome(() => finance.routing.upsert({ modelName: null, retries: 0 }))).toBe("FORBIDDEN");
    expect(await outcome(() => finance.budgets.upsert({ target: { scope: "ORGANIZATION" }, amountMicros: 1, period: "DAY" }))).toBe(
      "FORBIDDEN",
    );
  });
});

describe("identity", () => {
  test("only a valid, current assertion for an active user is a session", async () => {
    const { createContext } = await import("../src/context");
    const userId = cp.userId("ADMIN");
    const tokens = {
      wrongSecret: await cp.assertionFor(userId, { secret: "not-the-secret" }),
      wrongAudience: await cp.assertionFor(userId, { audience: "switchyard-control-plane:sso" }),
      expired: await cp.assertionFor(userId, { expiresInSeconds: -5 }),
      unknownUser: await cp.assertionFor("no-such-user"),
    };
    for (const [label, token] of Object.entries(tokens)) {
      const context = await createContext(cp.app.deps, { authorization: `Bearer ${token}`, ip: undefined });
      expect(context.session, label).toBeNull();
    }
    // A plain identity header is not a credential.
    const plain = await createContext(cp.app.deps, { authorization: `User ${userId}`, ip: undefined });
    expect(plain.session).toBeNull();

    const admin = await cp.callerAs("ADMIN");
    await admin.users.deactivate({ userId: cp.userId("VIEWER") });
    expect(await outcome(async () => (await cp.callerAs("VIEWER")).me.get())).toBe("UNAUTHORIZED");
  });
});
