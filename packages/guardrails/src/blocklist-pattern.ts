import type { GuardrailConfig } from "@switchyard/schemas";

/** What a masking blocklist puts in place of each match. */
export const blocklistReplacement = "[REDACTED]";

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

export function blocklistMatches(pattern: RegExp, text: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (const match of text.matchAll(pattern)) if (match[0].length > 0) spans.push([match.index, match.index + match[0].length]);
  return spans;
}
