import { describe, expect, test } from "vitest";
import { parseIfNoneMatch } from "../src/dataplane/config-route";
import { tokenMatches } from "../src/dataplane/dataplane-auth";
import { currentWindow, nextResetAt } from "../src/services/budgets/budget-period";
import { diffConfigs } from "../src/services/config/diff";
import { generateKey, hashKey } from "../src/services/keys/generate-key";
import { roleFromGroups } from "../src/services/users/sso-login";
import { decimalUsdToMicros, microsToUsd, microsToUsdString, usdStringToMicros } from "../src/util/money";

describe("money", () => {
  test("micro-dollars convert to the same number a decimal literal gives", () => {
    expect(microsToUsd(150_000n)).toBe(0.15);
    expect(microsToUsd(600_000n)).toBe(0.6);
    expect(microsToUsd(400_001n)).toBe(0.400001);
    expect(microsToUsd(10_000_000n)).toBe(10);
    expect(microsToUsdString(1n)).toBe("0.000001");
    expect(microsToUsdString(-2_500_000n)).toBe("-2.5");
    expect(usdStringToMicros("12.345678")).toBe(12_345_678n);
    expect(() => usdStringToMicros("0.0000001")).toThrow();
    expect(decimalUsdToMicros("1.2345679999")).toBe(1_234_567n);
  });
});

describe("budget periods", () => {
  const wednesday = new Date("2026-10-14T15:30:00Z");
  test("calendar periods reset at UTC boundaries", () => {
    expect(nextResetAt("DAY", wednesday).toISOString()).toBe("2026-10-15T00:00:00.000Z");
    expect(nextResetAt("WEEK", wednesday).toISOString()).toBe("2026-10-19T00:00:00.000Z");
    expect(nextResetAt("WEEK", new Date("2026-10-19T00:00:00Z")).toISOString()).toBe("2026-10-26T00:00:00.000Z");
    expect(nextResetAt("MONTH", new Date("2026-12-31T23:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(nextResetAt("THIRTY_DAYS", wednesday).toISOString()).toBe("2026-11-13T15:30:00.000Z");
  });
  test("a passed resetAt rolls forward to the window containing now", () => {
    const window = currentWindow("THIRTY_DAYS", new Date("2026-08-01T00:00:00Z"), wednesday);
    expect(window.resetAt.toISOString()).toBe("2026-10-30T00:00:00.000Z");
    expect(window.start.toISOString()).toBe("2026-09-30T00:00:00.000Z");
    const month = currentWindow("MONTH", new Date("2026-09-01T00:00:00Z"), wednesday);
    expect([month.start.toISOString(), month.resetAt.toISOString()]).toEqual(["2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z"]);
  });
});

describe("config diff", () => {
  test("matches array items by identity and reports paths", () => {
    const before = {
      models: [
        { name: "a", deployments: [{ id: "a1", weight: 1 }] },
        { name: "b", deployments: [{ id: "b1" }] },
      ],
      cache: { mode: "off" },
    };
    const after = {
      models: [
        { name: "b", deployments: [{ id: "b1" }] },
        { name: "a", deployments: [{ id: "a1", weight: 2 }, { id: "a2" }] },
      ],
    };
    expect(diffConfigs(before, after)).toEqual([
      { path: "cache", kind: "removed", before: { mode: "off" } },
      { path: "models[a].deployments[a1].weight", kind: "changed", before: 1, after: 2 },
      { path: "models[a].deployments[a2]", kind: "added", after: { id: "a2" } },
    ]);
    expect(diffConfigs({ tags: ["x", "y"] }, { tags: ["x", "y"] })).toEqual([]);
    expect(diffConfigs({ tags: ["x"] }, { tags: ["y"] })).toEqual([{ path: "tags", kind: "changed", before: ["x"], after: ["y"] }]);
  });
});

describe("virtual keys", () => {
  test("sk-sy- plus 32 base62 characters, hashed with SHA-256", () => {
    const keys = Array.from({ length: 200 }, () => generateKey());
    for (const key of keys) {
      expect(key.plaintext).toMatch(/^sk-sy-[0-9A-Za-z]{32}$/);
      expect(key.hash).toBe(hashKey(key.plaintext));
      expect(key.prefix).toBe(key.plaintext.slice(0, 10));
    }
    expect(new Set(keys.map((key) => key.plaintext)).size).toBe(200);
  });
});

describe("data plane", () => {
  test("if-none-match parsing and token comparison", () => {
    expect(parseIfNoneMatch('"abc"')).toEqual(["abc"]);
    expect(parseIfNoneMatch('W/"abc", "def"')).toEqual(["abc", "def"]);
    expect(parseIfNoneMatch(undefined)).toEqual([]);
    expect(tokenMatches("secret", "secret")).toBe(true);
    expect(tokenMatches("secret2", "secret")).toBe(false);
    expect(tokenMatches(undefined, "secret")).toBe(false);
  });
  test("IdP groups map to the most powerful matching role", () => {
    const mapping = { admins: "ADMIN", money: "FINANCE" };
    expect(roleFromGroups(["money", "admins"], mapping, "MEMBER")).toBe("ADMIN");
    expect(roleFromGroups(["money"], mapping, "MEMBER")).toBe("FINANCE");
    expect(roleFromGroups(["other"], mapping, "VIEWER")).toBe("VIEWER");
    expect(roleFromGroups(["admins"], { admins: "OWNER" }, "MEMBER")).toBe("MEMBER");
  });
});
