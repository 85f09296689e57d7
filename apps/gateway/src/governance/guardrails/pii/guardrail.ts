import { findPii, type PiiEntity, wantedEntities } from "@switchyard/guardrails";
import type { GuardrailConfig } from "@switchyard/schemas";
import { rewriteRequestTexts } from "../request-text";
import { type GuardrailRun, GuardrailViolation, type ReplyTextFilter } from "../types";

/** Longest entity that may contain spaces (IBAN with groups, phone numbers): the stream holds that much back. */
const spacedEntityChars = 48;

function tally(entities: readonly PiiEntity[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entity of entities) counts[entity] = (counts[entity] ?? 0) + 1;
  return counts;
}

export function compilePii(config: GuardrailConfig) {
  const { wanted, unknown } = wantedEntities(config);
  const mask = config.mode === "mask";
  const restore = mask && config.restore === true;

  const pre = (body: Parameters<typeof rewriteRequestTexts>[0], run: GuardrailRun) => {
    const seen: PiiEntity[] = [];
    const next = rewriteRequestTexts(body, (text) => {
      const matches = findPii(text, wanted);
      if (matches.length === 0) return text;
      for (const match of matches) seen.push(match.entity);
      if (!mask) return text;
      return run.vault.mask(text, matches, restore);
    });
    if (seen.length === 0) return body;
    const entities = tally(seen);
    if (!mask) {
      run.record({ id: config.id, type: "pii", action: "blocked", stage: "pre", entities });
      throw new GuardrailViolation(
        config.id,
        `Request blocked by guardrail '${config.id}': it contains ${Object.keys(entities).join(", ")}.`,
      );
    }
    run.record({ id: config.id, type: "pii", action: "masked", stage: "pre", entities });
    return next;
  };

  const post: ReplyTextFilter = {
    holdChars: spacedEntityChars,
    spans: (text) => findPii(text, wanted).map((match) => [match.start, match.end] as const),
    apply(text, run) {
      const matches = findPii(text, wanted);
      if (matches.length === 0) return text;
      const entities = tally(matches.map((match) => match.entity));
      if (!mask) {
        run.record({ id: config.id, type: "pii", action: "blocked", stage: "post", entities });
        throw new GuardrailViolation(
          config.id,
          `Response blocked by guardrail '${config.id}': it contains ${Object.keys(entities).join(", ")}.`,
        );
      }
      run.record({ id: config.id, type: "pii", action: "masked", stage: "post", entities });
      return run.vault.mask(text, matches, false);
    },
  };

  return { pre, post, restore, unknown };
}

/** Puts back the values a `restore: true` guardrail masked in the request. */
export function restoreFilter(id: string): ReplyTextFilter {
  return {
    holdChars: 24,
    spans: (text, run) => run.vault.placeholderSpans(text),
    apply(text, run) {
      const { text: restored, restored: count } = run.vault.restore(text);
      if (count > 0) run.record({ id, type: "pii", action: "restored", stage: "post", count });
      return restored;
    },
  };
}
