import { csvRecords } from "@switchyard/testkit/csv";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { callerOf } from "../src/auth/caller";
import { dataScopeOf } from "../src/auth/data-scope";
import { createContext } from "../src/context";
import { getOverview } from "../src/services/overview/get-overview";
import { startControlPlane, type TestControlPlane, type TestRole } from "./helpers";
import { ingestDataset, type RawFilter, rawSums, type SpendDataset, sumDecimals } from "./spend-fixtures";

/**
 * Every spend read is filtered in its WHERE clause: MEMBER and VIEWER their own requests,
 * TEAM_ADMIN the teams they administer, FINANCE and ADMIN the whole organisation.
 * Filters narrow within that reach and never widen it.
 */
let cp: TestControlPlane;
let dataset: SpendDataset;
const range = { from: "2026-09-01", to: "2026-09-10" };
const roles: TestRole[] = ["ADMIN", "FINANCE", "TEAM_ADMIN", "MEMBER", "VIEWER"];

beforeAll(async () => {
  cp = await startControlPlane({ label: "spend-reach" });
  dataset = await ingestDataset(cp, 700, 5);
}, 120_000);
afterAll(async () => {
  await cp?.close();
});

function reachOf(role: TestRole): RawFilter {
  if (role === "TEAM_ADMIN") return { teamId: cp.seed.teamIds.research };
  if (role === "MEMBER" || role === "VIEWER") return { userId: cp.userId(role) };
  return {};
}

async function expected(role: TestRole, filter: RawFilter = {}) {
  const reach = reachOf(role);
  // Both must hold: the same column pinned to two values matches nothing.
  const contradiction = (Object.keys(filter) as (keyof RawFilter)[]).some(
    (field) => reach[field] !== undefined && reach[field] !== filter[field],
  );
  if (contradiction) return { cost: "0", requests: 0 };
  const [row] = await rawSums(cp, { start: dataset.start, end: dataset.end, filter: { ...reach, ...filter } });
  return { cost: row?.cost ?? "0", requests: row?.requests ?? 0 };
}

describe.each(roles)("as %s", (role) => {
  test("series, top spenders, latency and CSV cover exactly the role's reach", async () => {
    const caller = await cp.callerAs(role);
    const want = await expected(role);
    if (role === "VIEWER") expect(want.requests).toBe(0);
    else expect(want.requests).toBeGreaterThan(0);

    for (const bucket of ["hour", "day"] as const) {
      const points = await caller.spend.overTime({ ...range, bucket, groupBy: "user" });
      expect(sumDecimals(points.map((point) => point.costUsdDecimal)), bucket).toBe(want.cost);
      expect(points.reduce((sum, point) => sum + point.requests, 0)).toBe(want.requests);
    }
    const byTeam = await caller.spend.topSpenders({ ...range, by: "team", limit: 100 });
    expect(sumDecimals(byTeam.map((spender) => spender.costUsdDecimal))).toBe(want.cost);
    if (role === "TEAM_ADMIN") expect(byTeam.map((spender) => spender.label)).toEqual(["research"]);
    const byUser = await caller.spend.topSpenders({ ...range, by: "user", limit: 100 });
    if (role === "MEMBER") expect(byUser.map((spender) => spender.group)).toEqual([cp.userId("MEMBER")]);
    const latency = await caller.spend.latency(range);
    expect(latency.overall.requests).toBe(want.requests);
    const exported = csvRecords((await caller.spend.exportCsv({ report: "overTime", ...range, bucket: "day", groupBy: "key" })).csv);
    expect(sumDecimals(exported.map((record) => record.cost_usd ?? "0"))).toBe(want.cost);

    const download = await cp.app.inject({
      method: "GET",
      url: "/export/spend.csv?report=overTime&from=2026-09-01&to=2026-09-10&groupBy=model",
      headers: { authorization: `Bearer ${await cp.assertionFor(cp.userId(role))}` },
    });
    expect(download.statusCode).toBe(200);
    expect(sumDecimals(csvRecords(download.body).map((record) => record.cost_usd ?? "0"))).toBe(want.cost);
  });

  test("filters narrow within the reach and never widen it", async () => {
    const caller = await cp.callerAs(role);
    for (const filter of [
      { teamId: cp.seed.teamIds.platform },
      { keyId: dataset.keys.personal },
      { userId: cp.userId("ADMIN") },
      { model: "gpt-4o" },
    ]) {
      const points = await caller.spend.overTime({ ...range, ...filter });
      const want = await expected(role, filter);
      expect(sumDecimals(points.map((point) => point.costUsdDecimal)), JSON.stringify(filter)).toBe(want.cost);
    }
  });

  test("the overview's totals cover the same reach", async () => {
    const context = await createContext(cp.app.deps, { authorization: `Bearer ${await cp.assertionFor(cp.userId(role))}`, ip: undefined });
    if (!context.session) throw new Error("no session");
    const caller = callerOf({ ...context, session: context.session, scope: dataScopeOf(context.session) });
    const overview = await getOverview(caller, context.session, new Date("2026-09-15T00:00:00Z"));
    const want = await expected(role);
    expect(overview.totals.costUsdDecimal).toBe(want.cost);
    expect(overview.totals.requests).toBe(want.requests);
    expect(overview.reach).toBe(
      { ADMIN: "organization", FINANCE: "organization", TEAM_ADMIN: "teams", MEMBER: "own", VIEWER: "own" }[role],
    );
  });
});
