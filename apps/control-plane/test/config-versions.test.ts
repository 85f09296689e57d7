import { gatewayConfigSchema } from "@switchyard/schemas";
import { canonicalJson, sha256Hex } from "@switchyard/schemas/canonical-json";
import { afterAll, beforeAll, expect, test } from "vitest";
import { compileConfig } from "../src/services/config/compile";
import { outcome, startControlPlane, type TestControlPlane } from "./helpers";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startControlPlane({ label: "config" });
});
afterAll(async () => {
  await cp?.close();
});

test("the compiled config is valid, converts prices exactly and carries the seeded state", async () => {
  const { config, warnings } = await compileConfig(cp.prisma, cp.seed.organizationId);
  expect(warnings).toEqual([]);
  expect(gatewayConfigSchema.safeParse(JSON.parse(canonicalJson(config))).success).toBe(true);
  expect(config.models.map((model) => model.name)).toEqual(["demo-fast", "demo-smart"]);
  expect(config.models[0]?.deployments[0]).toMatchObject({ id: "demo-fast-1", price: { inputPerMTok: 0.15, outputPerMTok: 0.6 } });
  expect(config.models[1]?.deployments[0]?.price).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 });
  expect(config.teams.find((team) => team.id === "research")?.budget).toEqual({ maxUsd: 100, period: "30d", softLimit: 0.8 });
  expect(config.keys).toHaveLength(1);
});

test("publish creates version n+1 with the sha of its canonical JSON; nothing new is refused", async () => {
  const admin = await cp.callerAs("ADMIN");
  const draft = await admin.config.draft();
  expect(draft.hasDraft).toBe(true);
  const first = await admin.config.publish({ message: "initial" });
  expect(first.version).toMatchObject({ number: 1, message: "initial", authorEmail: "admin@example.com", rollbackOf: null });
  const shown = await admin.config.show({ number: 1 });
  expect(shown.sha256).toBe(sha256Hex(canonicalJson(shown.config)));
  expect(shown.sha256).toBe(draft.currentSha256);
  expect((await admin.config.draft()).hasDraft).toBe(false);
  expect(await outcome(() => admin.config.publish({ message: "again" }))).toBe("PRECONDITION_FAILED");

  await admin.deployments.create({
    slug: "demo-fast-2",
    modelName: "demo-fast",
    provider: "openai-compatible",
    upstreamModel: "demo-fast",
    apiBase: "http://127.0.0.1:4500/v1",
    weight: 3,
    price: { inputMicrosPerMTok: 100_000, outputMicrosPerMTok: 400_001 },
  });
  await admin.routing.upsert({ modelName: "demo-fast", strategy: "least-busy", retries: 1, fallbacks: ["demo-smart"] });
  const pending = await admin.config.draft();
  expect(pending.hasDraft).toBe(true);
  expect(pending.changes.map((change) => change.path)).toEqual(
    expect.arrayContaining(["models[demo-fast].deployments[demo-fast-2]", "models[demo-fast].fallbacks"]),
  );
  const second = await admin.config.publish({ message: "second deployment" });
  expect(second.version.number).toBe(2);
  const config = (await admin.config.show({ number: 2 })).config as {
    models: { name: string; deployments: { id: string; price: unknown }[] }[];
  };
  expect(config.models[0]?.deployments.find((deployment) => deployment.id === "demo-fast-2")?.price).toEqual({
    inputPerMTok: 0.1,
    outputPerMTok: 0.400001,
  });
  const audit = await cp.prisma.auditLog.findMany({ where: { action: "config-published" } });
  expect(audit).toHaveLength(2);
});

test("diff between two versions is structured by identity, not position", async () => {
  const admin = await cp.callerAs("ADMIN");
  const { changes } = await admin.config.diff({ from: 1, to: 2 });
  expect(changes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: "models[demo-fast].deployments[demo-fast-2]", kind: "added" }),
      { path: "models[demo-fast].fallbacks", kind: "changed", before: [], after: ["demo-smart"] },
      expect.objectContaining({ path: "models[demo-fast].routing", kind: "added" }),
    ]),
  );
  expect(changes.every((change) => !change.path.startsWith("models[demo-smart]"))).toBe(true);
  const reverse = await admin.config.diff({ from: 2, to: 1 });
  expect(reverse.changes.find((change) => change.path === "models[demo-fast].deployments[demo-fast-2]")?.kind).toBe("removed");
});

test("rollback publishes a new version equal to the earlier one", async () => {
  const admin = await cp.callerAs("ADMIN");
  const rollback = await admin.config.rollback({ number: 1 });
  expect(rollback.version).toMatchObject({ number: 3, rollbackOf: 1, message: "rollback to version 1" });
  const [one, three] = await Promise.all([admin.config.show({ number: 1 }), admin.config.show({ number: 3 })]);
  expect(three.sha256).toBe(one.sha256);
  expect(three.config).toEqual(one.config);
  expect((await admin.config.diff({ from: 1, to: 3 })).changes).toEqual([]);
  // The database still holds the newer state, so it shows as a draft against the rolled-back version.
  expect((await admin.config.draft()).hasDraft).toBe(true);
  expect((await admin.config.versions({})).map((version) => version.number)).toEqual([3, 2, 1]);
  expect(await cp.prisma.auditLog.count({ where: { action: "config-rolled-back" } })).toBe(1);
});

test("concurrent publishes get distinct consecutive numbers", async () => {
  const admin = await cp.callerAs("ADMIN");
  await admin.guardrails.create({
    slug: "pii",
    name: "PII",
    type: "pii",
    mode: "mask",
    settings: { entities: ["email"] },
    scope: { teams: ["research"] },
  });
  const results = await Promise.allSettled([1, 2, 3].map((index) => admin.config.publish({ message: `race ${index}` })));
  const published = results.flatMap((result) => (result.status === "fulfilled" ? [result.value.version.number] : []));
  // The first wins; the others find nothing new to publish, or win a later number if they compiled first.
  expect(published.length).toBeGreaterThanOrEqual(1);
  expect(new Set(published).size).toBe(published.length);
  const numbers = (await admin.config.versions({})).map((version) => version.number);
  expect(numbers).toEqual([...numbers].sort((left, right) => right - left));
  expect(numbers[0]).toBe(3 + published.length);
  const latest = await admin.config.show({ number: numbers[0] ?? 0 });
  expect((latest.config as { guardrails: unknown[] }).guardrails).toEqual([
    { id: "pii", type: "pii", mode: "mask", stage: "pre", entities: ["email"], scope: { teams: ["research"] } },
  ]);
});

test("auto-publish publishes after each config change when the organisation asks for it", async () => {
  const admin = await cp.callerAs("ADMIN");
  await admin.config.publish({ message: "clean slate" }).catch(() => undefined);
  const before = (await admin.config.versions({}))[0]?.number ?? 0;
  await admin.organization.update({ autoPublish: true });
  await admin.teams.setLimits({ teamId: cp.seed.teamIds.platform, rpm: 120 });
  const after = await admin.config.versions({});
  expect(after[0]).toMatchObject({ number: before + 1, message: "auto-publish after teams.setLimits" });
  expect((await admin.config.draft()).hasDraft).toBe(false);
  // Changes that do not reach data planes publish nothing.
  await admin.teams.addMember({ teamId: cp.seed.teamIds.platform, email: "finance@example.com" });
  expect((await admin.config.versions({}))[0]?.number).toBe(before + 1);
});
