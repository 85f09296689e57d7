import type { GuardrailConfig } from "@switchyard/schemas";
import { rewriteRequestTexts } from "./request-text";
import { type GuardrailRun, GuardrailViolation, type ReplyTextFilter } from "./types";

const replacement = "[REDACTED]";

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Words match whole and case-insensitively; patterns are regular expressions (case-insensitive). */
export function blocklistPattern(config: GuardrailConfig): { pattern: RegExp | undefined; errors: string[]; longest: number } {
  const sources: string[] = [];
  const errors: string[] = [];
  for (const word of config.words ?? []) {
    if (word.trim() === "") continue;
    sources.push(`(?<![\\p{L}\\p{N}_])${escapeRegExp(word)}(?![\\p{L}\\p{N}_])`);
  }
  for (const pattern of config.patterns ?? []) {
    try {
      new RegExp(pattern, "iu");
      sources.push(`(?:${pattern})`);
    } catch (error) {
      errors.push(`guardrail '${config.id}': invalid pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
  }
  const longest = Math.max(
    0,
    ...(config.words ?? []).map((word) => word.length),
    ...(config.patterns ?? []).map((pattern) => pattern.length),
  );
  return { pattern: sources.length > 0 ? new RegExp(sources.join("|"), "giu") : undefined, errors, longest };
}

function matches(pattern: RegExp, text: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (const match of text.matchAll(pattern)) if (match[0].length > 0) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

export function compileBlocklist(config: GuardrailConfig) {
  const { pattern, errors, longest } = blocklistPattern(config);
  const mask = config.mode === "mask";

  const pre = (body: Parameters<typeof rewriteRequestTexts>[0], run: GuardrailRun) => {
    if (!pattern) return body;
    let hits = 0;
    const next = rewriteRequestTexts(body, (text) =>
      text.replace(pattern, (found) => {
        if (found.length === 0) return found;
        hits++;
        return replacement;
      }),
    );
    if (hits === 0) return body;
    if (!mask) {
      run.record({ id: config.id, type: "blocklist", action: "blocked", stage: "pre", count: hits });
      throw new GuardrailViolation(config.id, `Request blocked by guardrail '${config.id}': it contains blocked terms.`);
    }
    run.record({ id: config.id, type: "blocklist", action: "masked", stage: "pre", count: hits });
    return next;
  };

  const post: ReplyTextFilter = {
    holdChars: Math.max(16, longest + 4),
    spans: (text) => (pattern ? matches(pattern, text) : []),
    apply(text, run) {
      if (!pattern) return text;
      const spans = matches(pattern, text);
      if (spans.length === 0) return text;
      if (!mask) {
        run.record({ id: config.id, type: "blocklist", action: "blocked", stage: "post", count: spans.length });
        throw new GuardrailViolation(config.id, `Response blocked by guardrail '${config.id}': it contains blocked terms.`);
      }
      run.record({ id: config.id, type: "blocklist", action: "masked", stage: "post", count: spans.length });
      return text.replace(pattern, (found) => (found.length === 0 ? found : replacement));
    },
  };
  return { pre, post, errors };
}
