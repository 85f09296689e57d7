import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Caller, callerOf } from "../src/auth/caller";
import { dataScopeOf } from "../src/auth/data-scope";
import type { Session } from "../src/auth/session";
import { createContext } from "../src/context";
import { getOverview } from "../src/services/overview/get-overview";
import { linearForecast } from "../src/services/spend/budget-forecast";
import { budgetUtilisation } from "../src/services/spend/budget-utilisation";
import { burnDown } from "../src/services/spend/burn-down";
import { decimalUsdToMicros } from "../src/util/money";
import { dataPlaneToken, outcome, startControlPlane, type TestControlPlane, type TestRole } from "./helpers";
import { ingestDataset, rawSums, type SpendDataset, sumDecimals } from "./spend-fixtures";

let cp: TestControlPlane;
let dataset: SpendDataset;

beforeAll(async () => {
  cp = await startControlPlane({ label: "spend-budgets" });
  dataset = await ingestDataset(cp, 900, 11);
}, 120_000);
afterAll(async () => {
  await cp?.close();
});

/** Services called directly, so tests can pin "now" inside the dataset's month. */
async function serviceCaller(role: TestRole): Promise<{ caller: Caller; session: Session }> {
  const context = await createContext(cp.app.deps, { authorization: `Bearer ${await cp.assertionFor(cp.userId(role))}`, ip: undefined });
  if (!context.session) throw new Error("no session");
  return { caller: callerOf({ ...context, session: context.session, scope: dataScopeOf(context.session) }), session: context.session };
}

async function rawMicros(start: string, end: string, filter: Parameters<typeof rawSums>[1]["filter"] = {}): Promise<number> {
  const [row] = await rawSums(cp, { start: new Date(start), end: new Date(end), filter });
  return Number(decimalUsdToMicros(row?.cost ?? "0"));
}

describe("linear forecast", () => {
  const month = { windowStart: new Date("2026-09-01T00:00:00Z"), windowEnd: new Date("2026-10-01T00:00:00Z") };

  test("continues the period's daily average to its end and finds when it crosses the budget", () => {
    const forecast = linearForecast({
      ...month,
      spentMicros: 100_000_000,
      amountMicros: 250_000_000,
      now: new Date("2026-09-11T00:00:00Z"),
    });
    // $100 over 10 days = $10/day; 20 days left: $100 + $200.
    expect(forecast).toEqual({
      dailyRateMicros: 10_000_000,
      forecastMicros: 300_000_000,
      projectedExhaustionAt: new Date("2026-09-26T00:00:00Z"),
      elapsedDays: 10,
      totalDays: 30,
    });
  });

  test("uses fractional days, floors the basis at one hour, and stops at the window's end", () => {
    const midday = linearForecast({ ...month, spentMicros: 6_000_000, amountMicros: 1_000_000_000, now: new Date("2026-09-03T12:00:00Z") });
    expect(midday.elapsedDays).toBe(2.5);
    expect(midday.dailyRateMicros).toBe(2_400_000);
    expect(midday.forecastMicros).toBe(72_000_000);
    expect(midday.projectedExhaustionAt).toBeNull();

    const firstMinutes = linearForecast({
      ...month,
      spentMicros: 1_000_000,
      amountMicros: 1_000_000_000,
      now: new Date("2026-09-01T00:30:00Z"),
    });
    // One hour of basis, not thirty minutes: $1/h for the remaining 719.5 hours.
    expect(firstMinutes.forecastMicros).toBe(720_500_000);

    const after = linearForecast({ ...month, spentMicros: 5_000_000, amountMicros: 1_000_000, now: new Date("2026-10-05T00:00:00Z") });
    expect(after).toMatchObject({ forecastMicros: 5_000_000, projectedExhaustionAt: null, elapsedDays: 30 });

    const idle = linearForecast({ ...month, spentMicros: 0, amountMicros: 1_000_000, now: new Date("2026-09-20T00:00:00Z") });
    expect(idle).toMatchObject({ forecastMicros: 0, dailyRateMicros: 0, projectedExhaustionAt: null });
  });
});

describe("budget utilisation and burn-down", () => {
  const now = new Date("2026-09-11T00:00:00Z");
  let teamBudgetId: string;
  let keyBudgetId: string;
  let rollingBudgetId: string;

  beforeAll(async () => {
    const admin = await cp.callerAs("ADMIN");
    const team = await admin.budgets.upsert({
      target: { scope: "TEAM", teamId: cp.seed.teamIds.research },
      amountMicros: 400_000_000,
      period: "MONTH",
    });
    const key = await admin.budgets.upsert({
      target: { scope: "KEY", keyId: dataset.keys.platform },
      amountMicros: 5_000_000,
      period: "DAY",
      softThreshold: 0.5,
    });
    const rolling = await admin.budgets.upsert({
      target: { scope: "USER", userId: cp.userId("MEMBER") },
      amountMicros: 20_000_000,
      period: "THIRTY_DAYS",
    });
    teamBudgetId = team.id;
    keyBudgetId = key.id;
    rollingBudgetId = rolling.id;
    // Pin each window inside the dataset's month (the API sets resetAt from the real clock).
    await cp.prisma.budget.update({ where: { id: team.id }, data: { resetAt: new Date("2026-10-01T00:00:00Z") } });
    await cp.prisma.budget.update({ where: { id: key.id }, data: { resetAt: new Date("2026-09-05T00:00:00Z") } });
    await cp.prisma.budget.update({ where: { id: rolling.id }, data: { resetAt: new Date("2026-10-03T14:23:00Z") } });
  });

  test("spend in each window equals the raw logs of its target (rolling windows from their start hour)", async () => {
    const { caller } = await serviceCaller("FINANCE");
    const items = await budgetUtilisation(caller, {}, now);
    const byId = new Map(items.map((item) => [item.budget.id, item]));
    const team = byId.get(teamBudgetId);
    expect(team?.windowStart).toBe("2026-09-01T00:00:00.000Z");
    expect(team?.spentMicros).toBe(await rawMicros("2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", { teamId: cp.seed.teamIds.research }));
    expect(team?.forecastMicros).toBe(Math.round((team?.spentMicros ?? 0) * 3));
    expect(team?.utilisation).toBeCloseTo((team?.spentMicros ?? 0) / 400_000_000, 12);

    const key = byId.get(keyBudgetId);
    // A DAY budget whose stored reset is in the past rolls to the day containing now.
    expect(key?.windowStart).toBe("2026-09-11T00:00:00.000Z");
    expect(key?.spentMicros).toBe(0);
    const pinnedKey = (await budgetUtilisation(caller, { scope: "KEY" }, new Date("2026-09-04T12:00:00Z")))[0];
    expect(pinnedKey?.spentMicros).toBe(await rawMicros("2026-09-04T00:00:00Z", "2026-09-05T00:00:00Z", { keyId: dataset.keys.platform }));
    expect(pinnedKey?.overSoftThreshold).toBe((pinnedKey?.utilisation ?? 0) >= 0.5);

    const rolling = byId.get(rollingBudgetId);
    expect(rolling?.windowStart).toBe("2026-09-03T14:23:00.000Z");
    expect(rolling?.spentMicros).toBe(await rawMicros("2026-09-03T14:00:00Z", "2026-10-03T14:23:00Z", { userId: cp.userId("MEMBER") }));
  });

  test("month burn-down: daily actuals to now, the forecast line after, the ideal line to zero", async () => {
    const { caller } = await serviceCaller("ADMIN");
    const report = await burnDown(caller, { budgetId: teamBudgetId }, now);
    expect(report.bucket).toBe("day");
    expect(report.points).toHaveLength(30);
    const daily = await rawSums(cp, { start: dataset.start, end: now, bucket: "day", filter: { teamId: cp.seed.teamIds.research } });
    const actual = report.points.slice(0, 10);
    expect(actual.map((point) => point.spendMicros)).toEqual(daily.map((row) => Number(decimalUsdToMicros(row.cost))));
    expect(actual.at(-1)?.cumulativeMicros).toBe(report.utilisation.spentMicros);
    expect(Number(decimalUsdToMicros(sumDecimals(daily.map((row) => row.cost))))).toBe(report.utilisation.spentMicros);
    expect(actual.every((point) => point.forecastCumulativeMicros === null)).toBe(true);
    // Sep 11 has started (at now) and ends in the future: both lines meet there.
    const today = report.points[10];
    expect(today).toMatchObject({
      bucketStart: "2026-09-11T00:00:00.000Z",
      spendMicros: 0,
      cumulativeMicros: report.utilisation.spentMicros,
    });
    const rate = report.utilisation.spentMicros / 10;
    expect(today?.forecastCumulativeMicros).toBe(Math.round(report.utilisation.spentMicros + rate));
    const last = report.points.at(-1);
    expect(last).toMatchObject({ bucketEnd: "2026-10-01T00:00:00.000Z", cumulativeMicros: null, idealRemainingMicros: 0 });
    expect(last?.forecastCumulativeMicros).toBe(report.utilisation.forecastMicros);
    expect(last?.remainingMicros).toBe(400_000_000 - report.utilisation.forecastMicros);
    expect(report.points[0]?.idealRemainingMicros).toBe(Math.round((400_000_000 * 29) / 30));
  });

  test("day burn-down has hour points", async () => {
    const { caller } = await serviceCaller("FINANCE");
    const report = await burnDown(caller, { budgetId: keyBudgetId }, new Date("2026-09-04T12:30:00Z"));
    expect(report.bucket).toBe("hour");
    expect(report.points.map((point) => point.bucketStart.slice(11, 13))).toEqual(
      Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, "0")),
    );
    const hourly = await rawSums(cp, {
      start: new Date("2026-09-04T00:00:00Z"),
      end: new Date("2026-09-05T00:00:00Z"),
      bucket: "hour",
      filter: { keyId: dataset.keys.platform },
    });
    const spendByHour = new Map(hourly.map((row) => [row.bucket.replace("Z", ".000Z"), Number(decimalUsdToMicros(row.cost))]));
    for (const point of report.points.slice(0, 13)) expect(point.spendMicros).toBe(spendByHour.get(point.bucketStart) ?? 0);
    expect(report.points.slice(13).every((point) => point.spendMicros === null && point.forecastCumulativeMicros !== null)).toBe(true);
  });

  test("through tRPC: scoped like budgets (a team admin cannot read another team's)", async () => {
    const admin = await cp.callerAs("ADMIN");
    const platform = await admin.budgets.upsert({
      target: { scope: "TEAM", teamId: cp.seed.teamIds.platform },
      amountMicros: 1_000_000,
      period: "WEEK",
    });
    const lead = await cp.callerAs("TEAM_ADMIN");
    expect(await outcome(() => lead.spend.burnDown({ budgetId: platform.id }))).toBe("NOT_FOUND");
    const own = await lead.spend.burnDown({ budgetId: teamBudgetId });
    expect(own.points.length).toBeGreaterThanOrEqual(28);
    expect((await lead.spend.budgetUtilisation()).map((item) => item.budget.id)).not.toContain(platform.id);
    const finance = await cp.callerAs("FINANCE");
    expect((await finance.spend.budgetUtilisation({ scope: "TEAM" })).map((item) => item.budget.scope)).toEqual(["TEAM", "TEAM"]);
  });
});

describe("overview", () => {
  test("spend this period against the organisation budget, requests, errors, p95, top models and teams", async () => {
    const admin = await cp.callerAs("ADMIN");
    const budget = await admin.budgets.upsert({ target: { scope: "ORGANIZATION" }, amountMicros: 1_000_000_000, period: "MONTH" });
    await cp.prisma.budget.update({ where: { id: budget.id }, data: { resetAt: new Date("2026-10-01T00:00:00Z") } });
    const now = new Date("2026-09-11T00:00:00Z");
    const { caller, session } = await serviceCaller("ADMIN");
    const overview = await getOverview(caller, session, now);
    expect(overview.period).toEqual({ start: "2026-09-01T00:00:00.000Z", end: "2026-10-01T00:00:00.000Z", basis: "organization-budget" });
    expect(overview.reach).toBe("organization");
    const [raw] = await rawSums(cp, { start: new Date(overview.period.start), end: new Date(overview.period.end) });
    expect(overview.totals).toMatchObject({ costUsdDecimal: raw?.cost, requests: raw?.requests, errors: raw?.errors });
    expect(overview.totals.errorRate).toBeCloseTo((raw?.errors ?? 0) / (raw?.requests ?? 1), 12);
    expect(overview.budget?.spentMicros).toBe(overview.totals.costMicros);
    expect(overview.budget?.budget.id).toBe(budget.id);
    const finance = await cp.callerAs("FINANCE");
    const latency = await finance.spend.latency({ from: "2026-09-01", to: "2026-09-30" });
    expect(overview.latency).toEqual({ p50Ms: latency.overall.p50Ms, p95Ms: latency.overall.p95Ms });
    const topModels = await finance.spend.topSpenders({ from: "2026-09-01", to: "2026-09-30", by: "model", limit: 5 });
    expect(overview.topModels).toEqual(topModels);
    expect(overview.topTeams.map((team) => team.label).sort()).toEqual(["(none)", "platform", "research"]);

    const lead = await serviceCaller("TEAM_ADMIN");
    const teamView = await getOverview(lead.caller, lead.session, now);
    expect(teamView).toMatchObject({ reach: "teams", budget: null, period: { basis: "calendar-month" } });
    const [research] = await rawSums(cp, { start: dataset.start, end: dataset.end, filter: { teamId: cp.seed.teamIds.research } });
    expect(teamView.totals.costUsdDecimal).toBe(research?.cost);
    expect(teamView.topTeams.map((team) => team.label)).toEqual(["research"]);
  });

  test("lists gateways with the version each runs and whether it is current", async () => {
    const admin = await cp.callerAs("ADMIN");
    const published = await admin.config.publish({ message: "overview" });
    const beat = (instanceId: string, appliedVersion: number | null, appliedSha256: string | null) =>
      cp.app.inject({
        method: "POST",
        url: "/dataplane/heartbeat",
        headers: { authorization: `Bearer ${dataPlaneToken}` },
        payload: { instanceId, appliedVersion, appliedSha256 },
      });
    expect((await beat("gw-current", published.version.number, published.version.sha256)).statusCode).toBe(200);
    expect((await beat("gw-behind", null, null)).statusCode).toBe(200);
    const member = await cp.callerAs("MEMBER");
    const overview = await member.overview.get();
    expect(overview.reach).toBe("own");
    expect(overview.budget).toBeNull();
    expect(overview.gateways?.latestVersion).toBe(published.version.number);
    expect(
      overview.gateways?.instances.map((gateway) => [gateway.instanceId, gateway.appliedVersion, gateway.current, gateway.online]),
    ).toEqual([
      ["gw-behind", null, false, true],
      ["gw-current", published.version.number, true, true],
    ]);
  });
});
