import { afterAll, beforeAll, expect, test } from "vitest";
import { compileConfig } from "../src/services/config/compile";
import { hashKey } from "../src/services/keys/generate-key";
import { startControlPlane, type TestControlPlane } from "./helpers";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startControlPlane({ label: "keys" });
});
afterAll(async () => {
  await cp?.close();
});

async function compiledKeys() {
  const { config } = await compileConfig(cp.prisma, cp.seed.organizationId);
  return config.keys;
}

test("create returns the plaintext once and stores only its hash and prefix", async () => {
  const lead = await cp.callerAs("TEAM_ADMIN");
  const created = await lead.keys.create({ name: "lifecycle", teamId: cp.seed.teamIds.research, allowedModels: ["demo-fast"], rpm: 30 });
  expect(created.plaintext).toMatch(/^sk-sy-[0-9A-Za-z]{32}$/);
  expect(created.key.prefix).toBe(created.plaintext.slice(0, 10));
  const row = await cp.prisma.virtualKey.findUniqueOrThrow({ where: { id: created.key.id } });
  expect(row.keyHash).toBe(hashKey(created.plaintext));
  expect(JSON.stringify(row)).not.toContain(created.plaintext);

  const listed = await lead.keys.list({});
  const serialized = JSON.stringify(listed);
  expect(serialized).not.toContain(created.plaintext);
  expect(serialized).not.toContain(row.keyHash);
  expect(listed.find((key) => key.id === created.key.id)?.prefix).toBe(created.key.prefix);

  const audit = await cp.prisma.auditLog.findFirstOrThrow({ where: { action: "key-created", targetId: created.key.id } });
  expect(JSON.stringify(audit)).not.toContain(created.plaintext);
  expect(audit.actorId).toBe(cp.userId("TEAM_ADMIN"));
  expect(audit.ip).toBe("203.0.113.7");

  const compiled = (await compiledKeys()).find((key) => key.hash === row.keyHash);
  expect(compiled).toMatchObject({ id: created.key.id, team: "research", models: ["demo-fast"], rpm: 30, user: cp.userId("TEAM_ADMIN") });
  expect(compiled?.key).toBeUndefined();
});

test("rotate with a grace period keeps the old key until graceUntil, then drops it", async () => {
  const admin = await cp.callerAs("ADMIN");
  const original = await admin.keys.create({ name: "rotating", teamId: cp.seed.teamIds.research, ownerId: cp.userId("MEMBER") });
  await admin.budgets.upsert({ target: { scope: "KEY", keyId: original.key.id }, amountMicros: 2_500_000, period: "DAY" });
  const rotated = await admin.keys.rotate({ keyId: original.key.id, gracePeriodSeconds: 3600 });
  expect(rotated.plaintext).not.toBe(original.plaintext);
  expect(rotated.previous.status).toBe("grace");
  expect(rotated.key.rotatedFromId).toBe(original.key.id);

  const keys = await compiledKeys();
  const old = keys.find((key) => key.hash === hashKey(original.plaintext));
  const successor = keys.find((key) => key.hash === hashKey(rotated.plaintext));
  expect(old?.expiresAt?.toISOString()).toBe(rotated.previous.graceUntil);
  expect(successor).toMatchObject({ team: "research", user: cp.userId("MEMBER"), budget: { maxUsd: 2.5, period: "1d" } });
  expect(old?.budget).toEqual({ maxUsd: 2.5, period: "1d" });

  // The grace period ends: the old key leaves the config, the successor stays.
  await cp.prisma.virtualKey.update({ where: { id: original.key.id }, data: { graceUntil: new Date(Date.now() - 1000) } });
  const after = await compiledKeys();
  expect(after.some((key) => key.hash === hashKey(original.plaintext))).toBe(false);
  expect(after.some((key) => key.hash === hashKey(rotated.plaintext))).toBe(true);
  expect((await admin.keys.list({})).some((key) => key.id === original.key.id)).toBe(false);
  expect((await admin.keys.list({ includeRevoked: true })).find((key) => key.id === original.key.id)?.status).toBe("revoked");
});

test("rotate without grace and revoke remove keys from the config at once", async () => {
  const member = await cp.callerAs("MEMBER");
  const first = await member.keys.create({ name: "short-lived" });
  const second = await member.keys.rotate({ keyId: first.key.id });
  expect(second.previous.status).toBe("revoked");
  let keys = await compiledKeys();
  expect(keys.some((key) => key.hash === hashKey(first.plaintext))).toBe(false);
  expect(keys.some((key) => key.hash === hashKey(second.plaintext))).toBe(true);

  const revoked = await member.keys.revoke({ keyId: second.key.id });
  expect(revoked.status).toBe("revoked");
  keys = await compiledKeys();
  expect(keys.some((key) => key.hash === hashKey(second.plaintext))).toBe(false);
  const audit = await cp.prisma.auditLog.findMany({
    where: { targetId: { in: [first.key.id, second.key.id] } },
    orderBy: { createdAt: "asc" },
  });
  expect(audit.map((row) => row.action)).toEqual(["key-created", "key-rotated", "key-revoked"]);
});

test("update changes models, limits and expiry; keys of deactivated owners leave the config", async () => {
  const admin = await cp.callerAs("ADMIN");
  const created = await admin.keys.create({ name: "tunable", ownerId: cp.userId("VIEWER") });
  const expiresAt = "2031-01-01T00:00:00.000Z";
  const updated = await admin.keys.update({ keyId: created.key.id, allowedModels: ["demo-smart"], tpm: 1000, expiresAt });
  expect(updated).toMatchObject({ allowedModels: ["demo-smart"], tpm: 1000, expiresAt });
  let compiled = (await compiledKeys()).find((key) => key.hash === hashKey(created.plaintext));
  expect(compiled).toMatchObject({ models: ["demo-smart"], tpm: 1000 });
  expect(compiled?.expiresAt?.toISOString()).toBe(expiresAt);

  await admin.users.deactivate({ userId: cp.userId("VIEWER") });
  compiled = (await compiledKeys()).find((key) => key.hash === hashKey(created.plaintext));
  expect(compiled).toBeUndefined();
});

test("keys of an archived team leave the config and come back when it is unarchived", async () => {
  const admin = await cp.callerAs("ADMIN");
  const team = await admin.teams.create({ slug: "temp", name: "Temporary" });
  const created = await admin.keys.create({ name: "temp-bot", teamId: team.id });
  const hash = hashKey(created.plaintext);
  expect((await compiledKeys()).some((key) => key.hash === hash)).toBe(true);
  await admin.teams.archive({ teamId: team.id });
  const { config } = await compileConfig(cp.prisma, cp.seed.organizationId);
  expect(config.keys.some((key) => key.hash === hash)).toBe(false);
  expect(config.teams.some((entry) => entry.id === "temp")).toBe(false);
  await admin.teams.unarchive({ teamId: team.id });
  expect((await compiledKeys()).some((key) => key.hash === hash)).toBe(true);
});
