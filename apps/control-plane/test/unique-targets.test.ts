import { afterAll, beforeAll, expect, test } from "vitest";
import { startControlPlane, type TestControlPlane } from "./helpers";

/** The partial/expression unique indexes of migration 0003 and the services' insert-or-update on them. */
let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startControlPlane({ label: "unique" });
});
afterAll(async () => {
  await cp?.close();
});

function errorCode(error: unknown): string | undefined {
  return error && typeof error === "object" && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

test("concurrent budget upserts on one target leave one budget and audit one create", async () => {
  const admin = await cp.callerAs("ADMIN");
  const amounts = [1, 2, 3, 4, 5].map((usd) => usd * 1_000_000);
  const views = await Promise.all(
    amounts.map((amountMicros) => admin.budgets.upsert({ target: { scope: "ORGANIZATION" }, amountMicros, period: "MONTH" })),
  );
  expect(new Set(views.map((view) => view.id)).size).toBe(1);
  const rows = await cp.prisma.budget.findMany({ where: { organizationId: cp.seed.organizationId, scope: "ORGANIZATION" } });
  expect(rows).toHaveLength(1);
  expect(amounts).toContain(Number(rows[0]?.amountMicros));
  const audits = await cp.prisma.auditLog.groupBy({ by: ["action"], where: { targetId: rows[0]?.id }, _count: true });
  expect(Object.fromEntries(audits.map((audit) => [audit.action, audit._count]))).toEqual({ "budget-created": 1, "budget-updated": 4 });

  // The same for a key target, and the database itself refuses a second row.
  await Promise.all(
    [1, 2, 3].map(() =>
      admin.budgets.upsert({ target: { scope: "KEY", keyId: cp.seed.virtualKeyId }, amountMicros: 1_000_000, period: "DAY" }),
    ),
  );
  expect(await cp.prisma.budget.count({ where: { keyId: cp.seed.virtualKeyId } })).toBe(1);
  const duplicate = cp.prisma.budget.create({
    data: { organizationId: cp.seed.organizationId, scope: "ORGANIZATION", amountMicros: 1n, period: "DAY", resetAt: new Date() },
  });
  expect(errorCode(await duplicate.catch((error: unknown) => error))).toBe("P2002");
  // Different targets still coexist.
  await cp.prisma.budget.create({
    data: {
      organizationId: cp.seed.organizationId,
      scope: "USER",
      userId: cp.userId("MEMBER"),
      amountMicros: 1n,
      period: "DAY",
      resetAt: new Date(),
    },
  });
});

test("an updated budget keeps its window unless the period changes", async () => {
  const admin = await cp.callerAs("ADMIN");
  const target = { scope: "TEAM", teamId: cp.seed.teamIds.platform } as const;
  const first = await admin.budgets.upsert({ target, amountMicros: 10_000_000, period: "THIRTY_DAYS" });
  const second = await admin.budgets.upsert({ target, amountMicros: 20_000_000, period: "THIRTY_DAYS" });
  expect(second).toMatchObject({ id: first.id, amountUsd: 20, resetAt: first.resetAt });
  const third = await admin.budgets.upsert({ target, amountMicros: 20_000_000, period: "DAY" });
  expect(third.id).toBe(first.id);
  expect(Date.parse(third.resetAt) - Date.now()).toBeLessThanOrEqual(86_400_000);
});

test("only one default routing policy per organisation, however many upserts race", async () => {
  const admin = await cp.callerAs("ADMIN");
  await Promise.all([0, 1, 2, 3, 4].map((retries) => admin.routing.upsert({ modelName: null, retries })));
  const defaults = await cp.prisma.routingPolicy.findMany({ where: { organizationId: cp.seed.organizationId, modelName: null } });
  expect(defaults).toHaveLength(1);
  const duplicate = cp.prisma.routingPolicy.create({ data: { organizationId: cp.seed.organizationId, modelName: null } });
  expect(errorCode(await duplicate.catch((error: unknown) => error))).toBe("P2002");

  await Promise.all([1, 2, 3].map((retries) => admin.routing.upsert({ modelName: "demo-fast", retries })));
  await admin.routing.upsert({ modelName: "demo-smart", retries: 1 });
  const policies = await admin.routing.list();
  expect(policies.map((policy) => policy.modelName)).toEqual([null, "demo-fast", "demo-smart"]);
});
