import { afterAll, beforeAll, expect, test } from "vitest";
import { compileConfig } from "../src/services/config/compile";
import { startControlPlane, type TestControlPlane } from "./helpers";

/** Team.logPayloads reaches gateways as `teams[].logPayloads`, only for teams that turned it on. */

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startControlPlane({ label: "log-payloads" });
});
afterAll(async () => {
  await cp?.close();
});

test("a team's payload logging is compiled into the gateway config, and absent (off) by default", async () => {
  const before = await compileConfig(cp.prisma, cp.seed.organizationId);
  for (const team of before.config.teams) expect(team.logPayloads).toBeUndefined();

  const admin = await cp.callerAs("ADMIN");
  await admin.teams.setLimits({ teamId: cp.seed.teamIds.research, logPayloads: true });
  const after = await compileConfig(cp.prisma, cp.seed.organizationId);
  expect(after.config.teams.find((team) => team.id === "research")?.logPayloads).toBe(true);
  expect(after.config.teams.find((team) => team.id === "platform")?.logPayloads).toBeUndefined();

  await admin.teams.setLimits({ teamId: cp.seed.teamIds.research, logPayloads: false });
  const off = await compileConfig(cp.prisma, cp.seed.organizationId);
  expect(off.config).toEqual(before.config);
});
