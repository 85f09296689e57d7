import { afterAll, beforeAll, expect, test } from "vitest";
import { appRouter } from "../src/router";
import { outcome, startControlPlane, type TestControlPlane } from "./helpers";

/**
 * Every mutation procedure, called successfully, leaves exactly the audit rows
 * listed here (actor, action, target, IP); the table must cover every mutation.
 */
let cp: TestControlPlane;
const ids: Record<string, string> = {};

type Step = { path: string; input: () => unknown; actions: string[]; keep?: (result: unknown) => void };

const idOf = (name: string) => (result: unknown) => {
  const record = result as { id?: string; key?: { id: string }; version?: { number: number } };
  ids[name] = record.key?.id ?? record.id ?? String(record.version?.number);
};

const steps: Step[] = [
  { path: "organization.update", input: () => ({ name: "Demo Inc" }), actions: ["organization-updated"] },
  { path: "users.invite", input: () => ({ email: "new@example.com", role: "MEMBER" }), actions: ["user-invited"], keep: idOf("user") },
  { path: "users.changeRole", input: () => ({ userId: ids.user, role: "VIEWER" }), actions: ["user-role-changed"] },
  { path: "users.deactivate", input: () => ({ userId: ids.user }), actions: ["user-deactivated"] },
  { path: "users.reactivate", input: () => ({ userId: ids.user }), actions: ["user-reactivated"] },
  { path: "teams.create", input: () => ({ slug: "ops", name: "Ops", rpm: 50 }), actions: ["team-created"], keep: idOf("team") },
  { path: "teams.rename", input: () => ({ teamId: ids.team, name: "Operations" }), actions: ["team-renamed"] },
  {
    path: "teams.setLimits",
    input: () => ({ teamId: ids.team, tpm: 5000, allowedModels: ["demo-fast"] }),
    actions: ["team-limits-changed"],
  },
  { path: "teams.addMember", input: () => ({ teamId: ids.team, userId: ids.user }), actions: ["team-member-added"] },
  {
    path: "teams.changeMemberRole",
    input: () => ({ teamId: ids.team, userId: ids.user, role: "TEAM_ADMIN" }),
    actions: ["team-member-role-changed"],
  },
  { path: "teams.removeMember", input: () => ({ teamId: ids.team, userId: ids.user }), actions: ["team-member-removed"] },
  { path: "keys.create", input: () => ({ name: "ops-bot", teamId: ids.team }), actions: ["key-created"], keep: idOf("key") },
  { path: "keys.update", input: () => ({ keyId: ids.key, rpm: 10 }), actions: ["key-updated"] },
  { path: "keys.rotate", input: () => ({ keyId: ids.key, gracePeriodSeconds: 60 }), actions: ["key-rotated"], keep: idOf("rotated") },
  { path: "keys.revoke", input: () => ({ keyId: ids.rotated }), actions: ["key-revoked"] },
  {
    path: "budgets.upsert",
    input: () => ({ target: { scope: "TEAM", teamId: ids.team }, amountMicros: 25_000_000, period: "WEEK", softThreshold: 0.5 }),
    actions: ["budget-created"],
    keep: idOf("budget"),
  },
  { path: "budgets.delete", input: () => ({ budgetId: ids.budget }), actions: ["budget-deleted"] },
  {
    path: "credentials.create",
    input: () => ({ name: "groq", provider: "openai-compatible", apiKey: "gsk-audit-secret-1" }),
    actions: ["credential-created"],
    keep: idOf("credential"),
  },
  {
    path: "credentials.replace",
    input: () => ({ credentialId: ids.credential, apiKey: "gsk-audit-secret-2" }),
    actions: ["credential-replaced"],
  },
  {
    path: "deployments.create",
    input: () => ({
      slug: "ops-llama",
      modelName: "ops-model",
      provider: "openai-compatible",
      preset: "groq",
      upstreamModel: "llama",
      credentialId: ids.credential,
    }),
    actions: ["deployment-created"],
    keep: idOf("deployment"),
  },
  {
    path: "deployments.update",
    input: () => ({ deploymentId: ids.deployment, weight: 4, price: { inputMicrosPerMTok: 50_000, outputMicrosPerMTok: "80000" } }),
    actions: ["deployment-updated"],
  },
  { path: "deployments.setEnabled", input: () => ({ deploymentId: ids.deployment, enabled: false }), actions: ["deployment-disabled"] },
  { path: "routing.upsert", input: () => ({ modelName: "ops-model", strategy: "cost", retries: 0 }), actions: ["routing-policy-created"] },
  { path: "routing.delete", input: () => ({ modelName: "ops-model" }), actions: ["routing-policy-deleted"] },
  {
    path: "guardrails.create",
    input: () => ({ slug: "blocklist", name: "Words", type: "blocklist", settings: { words: ["secret"] } }),
    actions: ["guardrail-created"],
    keep: idOf("guardrail"),
  },
  { path: "guardrails.update", input: () => ({ guardrailId: ids.guardrail, mode: "mask" }), actions: ["guardrail-updated"] },
  { path: "config.publish", input: () => ({ message: "audit" }), actions: ["config-published"], keep: idOf("version") },
  { path: "guardrails.delete", input: () => ({ guardrailId: ids.guardrail }), actions: ["guardrail-deleted"] },
  { path: "config.rollback", input: () => ({ number: Number(ids.version) }), actions: ["config-rolled-back"] },
  { path: "deployments.delete", input: () => ({ deploymentId: ids.deployment }), actions: ["deployment-deleted"] },
  { path: "credentials.delete", input: () => ({ credentialId: ids.credential }), actions: ["credential-deleted"] },
  { path: "teams.archive", input: () => ({ teamId: ids.team }), actions: ["team-archived"] },
  { path: "teams.unarchive", input: () => ({ teamId: ids.team }), actions: ["team-unarchived"] },
];

type AnyProcedure = (input?: unknown) => Promise<unknown>;

beforeAll(async () => {
  cp = await startControlPlane({ label: "audit" });
});
afterAll(async () => {
  await cp?.close();
});

/** Mutations only because their input may be too long for a URL; they change nothing, so nothing to audit. */
const readOnlyMutations = new Set(["guardrails.tryIt"]);

test("the table covers every mutation", () => {
  const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === "mutation")
    .map(([path]) => path)
    .filter((path) => !readOnlyMutations.has(path));
  expect(steps.map((step) => step.path).sort()).toEqual(mutations.sort());
});

test("every mutation writes its audit rows, with actor and IP, secrets redacted", async () => {
  const admin = (await cp.callerAs("ADMIN")) as unknown as Record<string, Record<string, AnyProcedure>>;
  for (const step of steps) {
    const [namespace = "", name = ""] = step.path.split(".");
    const seen = (await cp.prisma.auditLog.findMany({ select: { id: true } })).map((row) => row.id);
    const procedure = admin[namespace]?.[name];
    if (!procedure) throw new Error(step.path);
    const result = await procedure(step.input());
    step.keep?.(result);
    const rows = await cp.prisma.auditLog.findMany({ where: { id: { notIn: seen } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => row.action).sort(), step.path).toEqual([...step.actions].sort());
    for (const row of rows)
      expect(row, step.path).toMatchObject({ actorId: cp.userId("ADMIN"), actorEmail: "admin@example.com", ip: "203.0.113.7" });
  }
  const all = JSON.stringify(await cp.prisma.auditLog.findMany());
  expect(all).not.toContain("gsk-audit-secret");
});

test("a failed mutation leaves no audit row", async () => {
  const admin = await cp.callerAs("ADMIN");
  const before = await cp.prisma.auditLog.count();
  expect(await outcome(() => admin.teams.create({ slug: "ops", name: "Duplicate" }))).toBe("CONFLICT");
  expect(await outcome(() => admin.users.deactivate({ userId: cp.userId("ADMIN") }))).toBe("PRECONDITION_FAILED");
  expect(await cp.prisma.auditLog.count()).toBe(before);
});

test("audit.list filters by action, target and time, newest first, with cursor paging", async () => {
  const finance = await cp.callerAs("FINANCE");
  const keys = await finance.audit.list({ targetType: "key" });
  expect(keys.items.map((item) => item.action)).toEqual(["key-revoked", "key-rotated", "key-updated", "key-created"]);
  const created = await finance.audit.list({ action: "team-created" });
  expect(created.items).toHaveLength(1);
  expect(created.items[0]?.after).toMatchObject({ slug: "ops", name: "Ops", rpm: 50 });
  const first = await finance.audit.list({ limit: 2 });
  expect(first.items).toHaveLength(2);
  expect(first.nextCursor).not.toBeNull();
  const second = await finance.audit.list({ limit: 2, cursor: first.nextCursor ?? undefined });
  expect(second.items[0]?.id).not.toBe(first.items[1]?.id);
  expect(await finance.audit.list({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual({ items: [], nextCursor: null });
});
