import { randomBytes } from "node:crypto";
import { can, type Permission } from "@switchyard/schemas";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appRouter } from "../src/router";
import { outcome, startControlPlane, type TestControlPlane, type TestRole } from "./helpers";

/**
 * Every procedure × every role (and anonymous): denied callers get FORBIDDEN
 * (UNAUTHORIZED when anonymous), allowed callers get through the permission check.
 * Inputs are valid so an allowed call succeeds or fails only for domain reasons
 * (missing id, duplicate): never with a validation error that could mask a denial.
 */
let cp: TestControlPlane;
const missing = "does-not-exist";
const unique = () => randomBytes(4).toString("hex");
const today = new Date().toISOString().slice(0, 10);

type Entry = { permission: Permission | "authenticated"; input?: () => unknown };

const matrix: Record<string, Entry> = {
  "me.get": { permission: "authenticated" },
  "organization.get": { permission: "org:read" },
  "organization.update": { permission: "org:write", input: () => ({ name: "Demo" }) },
  "users.list": { permission: "users:read", input: () => ({}) },
  "users.invite": { permission: "users:write", input: () => ({ email: `invitee-${unique()}@example.com` }) },
  "users.changeRole": { permission: "users:write", input: () => ({ userId: missing, role: "MEMBER" }) },
  "users.deactivate": { permission: "users:write", input: () => ({ userId: missing }) },
  "users.reactivate": { permission: "users:write", input: () => ({ userId: missing }) },
  "teams.list": { permission: "teams:read", input: () => ({}) },
  "teams.create": { permission: "teams:write", input: () => ({ slug: `team-${unique()}`, name: "Matrix" }) },
  "teams.rename": { permission: "teams:write", input: () => ({ teamId: missing, name: "x" }) },
  "teams.setLimits": { permission: "teams:write", input: () => ({ teamId: missing, rpm: 10 }) },
  "teams.archive": { permission: "teams:write", input: () => ({ teamId: missing }) },
  "teams.unarchive": { permission: "teams:write", input: () => ({ teamId: missing }) },
  "teams.addMember": { permission: "members:write", input: () => ({ teamId: cp.seed.teamIds.research, email: "viewer@example.com" }) },
  "teams.removeMember": { permission: "members:write", input: () => ({ teamId: cp.seed.teamIds.research, userId: missing }) },
  "teams.changeMemberRole": {
    permission: "members:write",
    input: () => ({ teamId: cp.seed.teamIds.research, userId: missing, role: "MEMBER" }),
  },
  "keys.list": { permission: "keys:read", input: () => ({}) },
  "keys.create": { permission: "keys:write", input: () => ({ name: `matrix-${unique()}` }) },
  "keys.update": { permission: "keys:write", input: () => ({ keyId: missing, rpm: 5 }) },
  "keys.revoke": { permission: "keys:write", input: () => ({ keyId: missing }) },
  "keys.rotate": { permission: "keys:write", input: () => ({ keyId: missing }) },
  "budgets.list": { permission: "budgets:read", input: () => ({}) },
  "budgets.upsert": {
    permission: "budgets:write",
    input: () => ({ target: { scope: "KEY", keyId: cp.seed.virtualKeyId }, amountMicros: 5_000_000, period: "DAY" }),
  },
  "budgets.delete": { permission: "budgets:write", input: () => ({ budgetId: missing }) },
  "credentials.list": { permission: "credentials:read" },
  "credentials.create": {
    permission: "credentials:write",
    input: () => ({ name: `cred-${unique()}`, provider: "openai", apiKey: `sk-matrix-${unique()}` }),
  },
  "credentials.replace": { permission: "credentials:write", input: () => ({ credentialId: missing, apiKey: "sk-matrix-replacement" }) },
  "credentials.delete": { permission: "credentials:write", input: () => ({ credentialId: missing }) },
  "deployments.list": { permission: "models:read" },
  "deployments.create": {
    permission: "models:write",
    input: () => ({
      slug: `dep-${unique()}`,
      modelName: "matrix-model",
      provider: "openai-compatible",
      upstreamModel: "m",
      apiBase: "http://127.0.0.1:9/v1",
    }),
  },
  "deployments.update": { permission: "models:write", input: () => ({ deploymentId: missing, weight: 2 }) },
  "deployments.setEnabled": { permission: "models:write", input: () => ({ deploymentId: missing, enabled: false }) },
  "deployments.delete": { permission: "models:write", input: () => ({ deploymentId: missing }) },
  "routing.list": { permission: "routing:read" },
  "routing.upsert": { permission: "routing:write", input: () => ({ modelName: null, retries: 2 }) },
  "routing.delete": { permission: "routing:write", input: () => ({ modelName: missing }) },
  "guardrails.list": { permission: "guardrails:read" },
  "guardrails.create": { permission: "guardrails:write", input: () => ({ slug: `g-${unique()}`, name: "PII", type: "pii", mode: "mask" }) },
  "guardrails.update": { permission: "guardrails:write", input: () => ({ guardrailId: missing, enabled: false }) },
  "guardrails.delete": { permission: "guardrails:write", input: () => ({ guardrailId: missing }) },
  "guardrails.tryIt": { permission: "guardrails:read", input: () => ({ text: "mail me at jane@example.com" }) },
  "config.versions": { permission: "config:read", input: () => ({}) },
  "config.show": { permission: "config:read", input: () => ({ number: 999 }) },
  "config.diff": { permission: "config:read", input: () => ({ from: 999 }) },
  "config.draft": { permission: "config:read" },
  "config.publish": { permission: "config:publish", input: () => ({ message: "matrix" }) },
  "config.rollback": { permission: "config:publish", input: () => ({ number: 999 }) },
  "audit.list": { permission: "audit:read", input: () => ({}) },
  "dataPlanes.list": { permission: "dataplanes:read" },
  "spend.overTime": { permission: "spend:read", input: () => ({ from: today, to: today, groupBy: "team" }) },
  "spend.topSpenders": { permission: "spend:read", input: () => ({ from: today, to: today, by: "key" }) },
  "spend.budgetUtilisation": { permission: "budgets:read" },
  "spend.latency": { permission: "spend:read", input: () => ({ from: today, to: today }) },
  "spend.burnDown": { permission: "budgets:read", input: () => ({ budgetId: missing }) },
  "spend.exportCsv": { permission: "spend:read", input: () => ({ report: "overTime", from: today, to: today, bucket: "hour" }) },
  "spend.exportBudgetsCsv": { permission: "budgets:read", input: () => ({ report: "budgets" }) },
  "overview.get": { permission: "spend:read" },
};

const roles: (TestRole | null)[] = ["ADMIN", "TEAM_ADMIN", "MEMBER", "FINANCE", "VIEWER", null];
/** Outcomes that prove the permission check let the call through. */
const passedPermission = new Set(["OK", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED"]);

function expected(entry: Entry, role: TestRole | null): "allow" | "FORBIDDEN" | "UNAUTHORIZED" {
  if (role === null) return "UNAUTHORIZED";
  if (entry.permission === "authenticated") return "allow";
  return can(role, entry.permission) ? "allow" : "FORBIDDEN";
}

type AnyProcedure = (input?: unknown) => Promise<unknown>;
function procedureAt(caller: unknown, path: string): AnyProcedure {
  const [namespace, name] = path.split(".");
  const group = (caller as Record<string, Record<string, AnyProcedure>>)[namespace ?? ""];
  const procedure = group?.[name ?? ""];
  if (!procedure) throw new Error(`no procedure ${path}`);
  return procedure;
}

beforeAll(async () => {
  cp = await startControlPlane({ label: "rbac" });
});
afterAll(async () => {
  await cp?.close();
});

test("the matrix lists every procedure with the permission it declares", () => {
  const declared = Object.fromEntries(
    // At runtime tRPC keeps a flat path → procedure map here (its type describes the nested record).
    Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { permission?: Permission } } }>).map(
      ([path, procedure]) => [path, procedure._def.meta?.permission ?? "authenticated"],
    ),
  );
  expect(Object.keys(matrix).sort()).toEqual(Object.keys(declared).sort());
  for (const [path, entry] of Object.entries(matrix)) expect(`${path}:${entry.permission}`).toBe(`${path}:${declared[path]}`);
});

describe.each(roles.map((role) => [role ?? "anonymous", role] as const))("as %s", (_label, role) => {
  test.each(Object.keys(matrix))("%s", async (path) => {
    const entry = matrix[path];
    if (!entry) throw new Error(path);
    const caller = await cp.callerAs(role);
    const result = await outcome(() => procedureAt(caller, path)(entry.input?.()));
    const want = expected(entry, role);
    if (want === "allow") expect(passedPermission.has(result), `${path} as ${role}: ${result}`).toBe(true);
    else expect(result).toBe(want);
  });
});
