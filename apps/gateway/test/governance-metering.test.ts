import { lookupPrice, priceSheets } from "@switchyard/providers/prices/index";
import { describe, expect, it } from "vitest";
import { budgetWindow, formatResetDuration, minuteWindow } from "../src/governance/limits/windows";
import { compilePrice, costAtto, maxPrice, tokenCounts } from "../src/governance/metering/cost";
import { chatPromptTokens, maxOutputTokens } from "../src/governance/metering/estimate";
import { attoToNanoCeil, formatUsd, parseDecimal, usdToNano } from "../src/governance/metering/money";

describe("exact money", () => {
  it("keeps decimals exact where binary floats drift", () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in attodollars it is exact.
    expect(formatUsd(parseDecimal("0.1", 18) + parseDecimal("0.2", 18))).toBe("0.3");
    expect(parseDecimal("1e-7", 12)).toBe(100_000n);
    expect(parseDecimal("0.075", 12)).toBe(75_000_000_000n);
    expect(() => parseDecimal("0.0000000000001", 12)).toThrow(/more than 12 decimals/);
    expect(usdToNano(0.001)).toBe(1_000_000n);
    expect(attoToNanoCeil(1n)).toBe(1n);
    expect(attoToNanoCeil(1_000_000_000n)).toBe(1n);
    expect(formatUsd(0n)).toBe("0");
  });

  it("prices prompt, completion, cached-read and cache-write tokens apart", () => {
    const sonnet = lookupPrice("anthropic", "claude-sonnet-4-20250514");
    expect(sonnet).toBeDefined();
    const price = compilePrice(sonnet ?? { inputPerMTok: "0", outputPerMTok: "0" }, "table");
    const tokens = tokenCounts({
      prompt_tokens: 10_000,
      completion_tokens: 500,
      total_tokens: 10_500,
      prompt_tokens_details: { cached_tokens: 8_000, cache_write_tokens: 1_000 },
    });
    // 1000 plain × $3 + 8000 cached × $0.30 + 1000 written × $3.75 + 500 out × $15, per million.
    expect(formatUsd(costAtto(tokens, price))).toBe("0.01665");
  });

  it("sums many small costs without drift", () => {
    const price = compilePrice({ inputPerMTok: 0.15, outputPerMTok: 0.6 }, "deployment");
    let total = 0n;
    let floats = 0;
    for (let index = 0; index < 10_000; index++) {
      total += costAtto(tokenCounts({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 }), price);
      floats += 7 * 0.15e-6 + 3 * 0.6e-6;
    }
    expect(formatUsd(total)).toBe("0.0285");
    expect(floats).not.toBe(0.0285);
  });

  it("reserves at the dearest input and output among candidate deployments", () => {
    const cheap = compilePrice({ inputPerMTok: 0.1, outputPerMTok: 0.4 }, "deployment");
    const dear = compilePrice({ inputPerMTok: 3, outputPerMTok: 15, cacheWritePerMTok: 3.75 }, "deployment");
    const worst = maxPrice([cheap, dear]);
    expect(worst.input).toBe(dear.cacheWrite);
    expect(worst.output).toBe(dear.output);
  });
});

describe("price table", () => {
  it("covers every supported hosted provider, each with a source URL and a date", () => {
    const providers = priceSheets.map((sheet) => sheet.provider).sort();
    expect(providers).toEqual([
      "anthropic",
      "azure",
      "bedrock",
      "deepseek",
      "fireworks",
      "gemini",
      "groq",
      "mistral",
      "openai",
      "together",
    ]);
    for (const sheet of priceSheets) {
      expect(sheet.source).toMatch(/^https:\/\//);
      expect(sheet.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Object.keys(sheet.models).length).toBeGreaterThan(1);
      for (const row of Object.values(sheet.models)) expect(() => compilePrice(row, "table")).not.toThrow();
    }
  });

  it("finds dated snapshots, presets and Bedrock/Gemini spellings", () => {
    expect(lookupPrice("openai", "gpt-4o-2024-08-06")?.inputPerMTok).toBe("2.50");
    expect(lookupPrice("openai", "gpt-4o-mini")?.outputPerMTok).toBe("0.60");
    expect(lookupPrice("azure", "gpt-4.1")?.inputPerMTok).toBe("2.00");
    expect(lookupPrice("anthropic", "claude-3-5-haiku-20241022")?.cacheWritePerMTok).toBe("1");
    expect(lookupPrice("bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0")?.inputPerMTok).toBe("0.80");
    expect(lookupPrice("gemini", "models/gemini-2.0-flash-001")?.outputPerMTok).toBe("0.40");
    expect(lookupPrice("openai-compatible/groq", "llama-3.3-70b-versatile")?.inputPerMTok).toBe("0.59");
    expect(lookupPrice("openai-compatible", "deepseek-chat", "deepseek")?.cachedInputPerMTok).toBe("0.07");
    expect(lookupPrice("openai-compatible/vllm", "llama-3.3-70b-versatile")).toBeUndefined();
    expect(lookupPrice("openai", "gpt-4o-mini-audio-preview")).toBeUndefined();
  });
});

describe("token estimates", () => {
  it("bounds the prompt from above by UTF-8 bytes, and estimates near 4 characters a token", () => {
    const english = chatPromptTokens({ model: "m", messages: [{ role: "user", content: "a".repeat(400) }] });
    expect(english.estimate).toBe(100 + 7);
    expect(english.worstCase).toBe(400 + 7);
    const cjk = chatPromptTokens({ model: "m", messages: [{ role: "user", content: "漢".repeat(100) }] });
    expect(cjk.worstCase).toBe(300 + 7);
    expect(cjk.worstCase).toBeGreaterThan(cjk.estimate);
    const image = chatPromptTokens({
      model: "m",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }] }],
    });
    expect(image.worstCase).toBeGreaterThanOrEqual(1_600);
  });

  it("takes the output cap from the request (times n), else the default", () => {
    expect(maxOutputTokens({ model: "m", messages: [], max_tokens: 50 }, 4096)).toBe(50);
    expect(maxOutputTokens({ model: "m", messages: [], max_completion_tokens: 20, n: 3 }, 4096)).toBe(60);
    expect(maxOutputTokens({ model: "m", messages: [] }, 4096)).toBe(4096);
  });
});

describe("windows and periods", () => {
  it("names fixed windows by their start and resets at their end", () => {
    const at = Date.UTC(2026, 10, 22, 10, 30, 15, 500);
    const minute = minuteWindow(at);
    expect(minute.resetAtMs).toBe(Date.UTC(2026, 10, 22, 10, 31, 0));
    expect(minuteWindow(at + 44_000).id).toBe(minute.id);
    expect(minuteWindow(at + 45_000).id).not.toBe(minute.id);

    expect(budgetWindow("1d", at).resetAtMs).toBe(Date.UTC(2026, 10, 23));
    expect(budgetWindow("month", Date.UTC(2026, 1, 28, 23, 59)).id).toBe("M2026-02");
    expect(budgetWindow("month", Date.UTC(2026, 1, 28, 23, 59)).resetAtMs).toBe(Date.UTC(2026, 2, 1));
    expect(budgetWindow("month", Date.UTC(2026, 11, 31, 12)).resetAtMs).toBe(Date.UTC(2027, 0, 1));
    // 7d and 30d: blocks of days counted from 1970-01-01.
    const week = budgetWindow("7d", at);
    expect((week.resetAtMs / 86_400_000) % 7).toBe(0);
    expect(week.resetAtMs - at).toBeLessThanOrEqual(7 * 86_400_000);
    const thirty = budgetWindow("30d", at);
    expect((thirty.resetAtMs / 86_400_000) % 30).toBe(0);
    expect(thirty.ttlMs).toBeGreaterThan(thirty.resetAtMs - at);
  });

  it("formats reset times as OpenAI does", () => {
    expect(formatResetDuration(20)).toBe("20ms");
    expect(formatResetDuration(1000)).toBe("1s");
    expect(formatResetDuration(1500)).toBe("1.5s");
    expect(formatResetDuration(360_000)).toBe("6m0s");
    expect(formatResetDuration(3_723_500)).toBe("1h2m3.5s");
  });
});
