import { csvRecords, parseCsv } from "@switchyard/testkit/csv";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { csvField, toCsv } from "../src/util/csv";
import { outcome, startControlPlane, type TestControlPlane, type TestRole } from "./helpers";
import { ingestDataset, rawSums, type SpendDataset, sumDecimals } from "./spend-fixtures";

let cp: TestControlPlane;
let dataset: SpendDataset;
const range = { from: "2026-09-02", to: "2026-09-08" };

beforeAll(async () => {
  cp = await startControlPlane({ label: "spend-export" });
  dataset = await ingestDataset(cp, 800, 23);
}, 120_000);
afterAll(async () => {
  await cp?.close();
});

function total(records: Record<string, string>[], column: string): number {
  return records.reduce((sum, record) => sum + Number(record[column]), 0);
}

describe("RFC 4180 writer", () => {
  test("quotes only what needs it, doubles quotes, ends records with CRLF, defuses formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1+2,3")).toBe(`"'-1+2,3"`);
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(null)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x", 1],
          ["y,z", null],
        ],
      ),
    ).toBe('a,b\r\nx,1\r\n"y,z",\r\n');
    expect(parseCsv(toCsv(["name"], [['he said "a,b"\r\nbye']]))).toEqual([["name"], ['he said "a,b"\r\nbye']]);
  });
});

describe("spend.exportCsv", () => {
  test("over time: one record per point, totals equal the query's and the raw logs'", async () => {
    const finance = await cp.callerAs("FINANCE");
    const input = { ...range, bucket: "hour" as const, groupBy: "key" as const };
    const points = await finance.spend.overTime(input);
    const exported = await finance.spend.exportCsv({ report: "overTime", ...input });
    expect(exported.filename).toBe("spend_hour_2026-09-02_2026-09-08_by-key.csv");
    expect(exported.csv.endsWith("\r\n")).toBe(true);
    const records = csvRecords(exported.csv);
    expect(records).toHaveLength(points.length);
    expect(exported.rows).toBe(points.length);
    expect(sumDecimals(records.map((record) => record.cost_usd ?? "0"))).toBe(sumDecimals(points.map((point) => point.costUsdDecimal)));
    const [raw] = await rawSums(cp, { start: new Date("2026-09-02T00:00:00Z"), end: new Date("2026-09-09T00:00:00Z") });
    expect(sumDecimals(records.map((record) => record.cost_usd ?? "0"))).toBe(raw?.cost);
    for (const column of ["requests", "errors", "prompt_tokens", "completion_tokens", "cached_tokens", "cache_hits"]) {
      expect(total(records, column), column).toBe(
        points.reduce((sum, point) => {
          const field = {
            requests: point.requests,
            errors: point.errors,
            prompt_tokens: point.promptTokens,
            completion_tokens: point.completionTokens,
            cached_tokens: point.cachedTokens,
            cache_hits: point.cacheHits,
          }[column];
          return sum + (field ?? 0);
        }, 0),
      );
    }
    expect(total(records, "requests")).toBe(raw?.requests);
    // User-controlled labels survive quoting; a formula-looking one is defused.
    const labels = new Set(records.map((record) => record.label));
    expect([...labels].some((label) => label?.startsWith('member, "quoted" notebook ('))).toBe(true);
    expect([...labels].some((label) => label?.startsWith("personal\nkey ("))).toBe(true);
    expect([...labels].some((label) => label?.startsWith("'=platform-bot ("))).toBe(true);
    expect(records.find((record) => record.group === dataset.keys.platform)?.label).toMatch(/^'=platform-bot/);
  });

  test("top spenders and latency match their queries", async () => {
    const finance = await cp.callerAs("FINANCE");
    const top = await finance.spend.topSpenders({ ...range, by: "model" });
    const topCsv = csvRecords((await finance.spend.exportCsv({ report: "topSpenders", ...range, by: "model" })).csv);
    expect(topCsv.map((record) => [record.rank, record.group, record.cost_usd, Number(record.requests)])).toEqual(
      top.map((spender, index) => [String(index + 1), spender.group, spender.costUsdDecimal, spender.requests]),
    );
    expect(sumDecimals(topCsv.map((record) => record.cost_usd ?? "0"))).toBe(sumDecimals(top.map((spender) => spender.costUsdDecimal)));

    const latency = await finance.spend.latency(range);
    const latencyCsv = csvRecords((await finance.spend.exportCsv({ report: "latency", ...range })).csv);
    expect(latencyCsv.at(-1)).toMatchObject({
      group: "*",
      label: "(all)",
      requests: String(latency.overall.requests),
      p95_ms: String(latency.overall.p95Ms),
    });
    expect(latencyCsv.slice(0, -1).map((record) => [record.group, Number(record.p50_ms), Number(record.p95_ms)])).toEqual(
      latency.groups.map((group) => [group.group, group.p50Ms, group.p95Ms]),
    );
    expect(total(latencyCsv.slice(0, -1), "requests")).toBe(latency.overall.requests);
  });

  test("budgets and burn-down match their queries; members may not export budgets", async () => {
    const admin = await cp.callerAs("ADMIN");
    const budget = await admin.budgets.upsert({
      target: { scope: "TEAM", teamId: cp.seed.teamIds.research },
      amountMicros: 90_000_000,
      period: "WEEK",
    });
    const utilisation = await admin.spend.budgetUtilisation();
    const budgetsCsv = csvRecords((await admin.spend.exportBudgetsCsv({ report: "budgets" })).csv);
    expect(budgetsCsv.map((record) => [record.budget_id, Number(record.spent_micros), Number(record.amount_usd)])).toEqual(
      utilisation.map((item) => [item.budget.id, item.spentMicros, item.budget.amountUsd]),
    );
    const burn = await admin.spend.burnDown({ budgetId: budget.id });
    const burnCsv = await admin.spend.exportBudgetsCsv({ report: "burnDown", budgetId: budget.id });
    expect(burnCsv.filename).toMatch(/^burn-down_research_\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csvRecords(burnCsv.csv).map((record) => record.ideal_remaining_usd)).toEqual(
      burn.points.map((point) => String(point.idealRemainingUsd)),
    );
    const member = await cp.callerAs("MEMBER");
    expect(await outcome(() => member.spend.exportBudgetsCsv({ report: "budgets" }))).toBe("FORBIDDEN");
  });
});

describe("GET /export/spend.csv", () => {
  async function download(role: TestRole | null, query: string) {
    const headers = role ? { authorization: `Bearer ${await cp.assertionFor(cp.userId(role))}` } : undefined;
    return cp.app.inject({ method: "GET", url: `/export/spend.csv?${query}`, ...(headers ? { headers } : {}) });
  }

  test("downloads the same CSV as the tRPC query, as an attachment", async () => {
    const response = await download("FINANCE", "report=topSpenders&from=2026-09-02&to=2026-09-08&by=team&limit=2");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers["content-disposition"]).toBe('attachment; filename="top_team_2026-09-02_2026-09-08.csv"');
    expect(response.headers["cache-control"]).toBe("no-store");
    const finance = await cp.callerAs("FINANCE");
    const viaTrpc = await finance.spend.exportCsv({ report: "topSpenders", ...range, by: "team", limit: 2 });
    expect(response.body).toBe(viaTrpc.csv);
    expect(parseCsv(response.body)).toHaveLength(3);

    const hourly = await download("ADMIN", "report=overTime&from=2026-09-03T00:00:00Z&to=2026-09-03T12:00:00Z&bucket=hour&model=gpt-4o");
    expect(hourly.statusCode, hourly.body).toBe(200);
    const [raw] = await rawSums(cp, {
      start: new Date("2026-09-03T00:00:00Z"),
      end: new Date("2026-09-03T12:00:00Z"),
      filter: { model: "gpt-4o" },
    });
    expect(total(csvRecords(hourly.body), "requests")).toBe(raw?.requests);
  });

  test("authenticates and authorises like tRPC, with errors in the JSON envelope", async () => {
    const anonymous = await download(null, "report=overTime&from=2026-09-02&to=2026-09-08");
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { type: "authentication_error" } });
    const forged = await cp.app.inject({
      method: "GET",
      url: "/export/spend.csv?report=overTime&from=2026-09-02&to=2026-09-08",
      headers: { authorization: `Bearer ${await cp.assertionFor(cp.userId("ADMIN"), { secret: "wrong" })}` },
    });
    expect(forged.statusCode).toBe(401);
    const member = await download("MEMBER", "report=budgets");
    expect(member.statusCode).toBe(403);
    expect(member.json()).toMatchObject({ error: { type: "permission_error", code: "forbidden" } });
    const missing = await download("ADMIN", "report=burnDown&budgetId=nope");
    expect(missing.statusCode).toBe(404);
    const invalid = await download("ADMIN", "report=overTime&from=2026-09-02");
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { param: "to" } });
    const unknown = await download("ADMIN", "report=overTime&from=2026-09-02&to=2026-09-03&colour=red");
    expect(unknown.statusCode).toBe(400);
    const repeated = await download("ADMIN", "report=overTime&from=2026-09-02&to=2026-09-03&model=a&model=b");
    expect(repeated.statusCode).toBe(400);
    const tooLong = await download("ADMIN", "report=overTime&from=2026-01-01&to=2026-03-01&bucket=hour");
    expect(tooLong.statusCode).toBe(400);
  });
});
