import { blocklistMatches, blocklistPattern, blocklistReplacement } from "@switchyard/guardrails";
import type { GuardrailConfig } from "@switchyard/schemas";
import { rewriteRequestTexts } from "./request-text";
import { type GuardrailRun, GuardrailViolation, type ReplyTextFilter } from "./types";

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
        return blocklistReplacement;
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
    spans: (text) => (pattern ? blocklistMatches(pattern, text) : []),
    apply(text, run) {
      if (!pattern) return text;
      const spans = blocklistMatches(pattern, text);
      if (spans.length === 0) return text;
      if (!mask) {
        run.record({ id: config.id, type: "blocklist", action: "blocked", stage: "post", count: spans.length });
        throw new GuardrailViolation(config.id, `Response blocked by guardrail '${config.id}': it contains blocked terms.`);
      }
      run.record({ id: config.id, type: "blocklist", action: "masked", stage: "post", count: spans.length });
      return text.replace(pattern, (found) => (found.length === 0 ? found : blocklistReplacement));
    },
  };
  return { pre, post, errors };
}
