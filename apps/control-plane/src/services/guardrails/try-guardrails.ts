import {
  blocklistPattern,
  blocklistReplacement,
  defaultInjectionThreshold,
  findPii,
  type PiiEntity,
  PiiVault,
  type ScopeSubject,
  scopeMatcher,
  scoreInjection,
  wantedEntities,
} from "@switchyard/guardrails";
import type { GuardrailConfig } from "@switchyard/schemas";
import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { guardrailConfigOf } from "./guardrail-policies";

export const tryGuardrailsInput = z
  .object({
    /** One policy (even a disabled one); omitted: every enabled policy, in the order gateways run them. */
    guardrailId: z.string().min(1).optional(),
    text: z.string().min(1).max(20_000),
    /** Request: what a user sends (stage pre). Reply: what the model answers (stage post). */
    direction: z.enum(["request", "reply"]).default("request"),
    /**
     * Who the sample is from: policies' scopes then apply as on the gateways (a key brings its
     * team). Omitted: every policy runs, whatever its scope.
     */
    from: z
      .object({
        /** A key's id or name. */
        key: z.string().trim().min(1).optional(),
        /** A team's slug (for a sample without a key). */
        team: z.string().trim().min(1).optional(),
        /** A gateway model name. */
        model: z.string().trim().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TryOutcome = "passed" | "masked" | "blocked" | "flagged" | "not-applicable";

export interface TryStep {
  guardrailId: string;
  slug: string;
  name: string;
  type: string;
  mode: string;
  outcome: TryOutcome;
  /** One sentence on what happened and why. */
  detail: string;
  entities?: Record<string, number>;
  matches?: number;
  score?: number;
  signals?: readonly string[];
}

export interface TryResult {
  direction: "request" | "reply";
  /** The text as the next step (the provider, or the client for replies) would see it. */
  text: string;
  /** Set when a guardrail refused: the message the gateway answers with (HTTP 400, code guardrail_violation). */
  blocked: { slug: string; message: string } | null;
  steps: TryStep[];
}

function tally(entities: readonly PiiEntity[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entity of entities) counts[entity] = (counts[entity] ?? 0) + 1;
  return counts;
}

function checksDirection(config: GuardrailConfig, direction: "request" | "reply"): boolean {
  // Only pii and blocklist filter replies; the others run on requests whatever their stage says.
  if (config.type !== "pii" && config.type !== "blocklist") return direction === "request";
  const stage = config.stage ?? "pre";
  return stage === "both" || (direction === "request" ? stage === "pre" : stage === "post");
}

interface Evaluation {
  text: string;
  step: Omit<TryStep, "guardrailId" | "slug" | "name" | "type" | "mode">;
  blockedMessage?: string;
}

/**
 * One guardrail on one text, with the gateway's detectors (@switchyard/guardrails) and the
 * gateway's mask/block semantics: masks use the request's shared vault, blocks end the run.
 */
function evaluate(config: GuardrailConfig, text: string, direction: "request" | "reply", vault: PiiVault): Evaluation {
  const subject = direction === "request" ? "Request" : "Response";
  const mask = config.mode === "mask";
  switch (config.type) {
    case "pii": {
      const { wanted, unknown } = wantedEntities(config);
      const matches = findPii(text, wanted);
      const note = unknown.length > 0 ? ` Unknown entity names ignored: ${unknown.join(", ")}.` : "";
      if (matches.length === 0) return { text, step: { outcome: "passed", detail: `No personal data found.${note}` } };
      const entities = tally(matches.map((match) => match.entity));
      const found = Object.keys(entities).join(", ");
      if (!mask) {
        return {
          text,
          step: { outcome: "blocked", detail: `Found ${found}.${note}`, entities },
          blockedMessage: `${subject} blocked by guardrail '${config.id}': it contains ${found}.`,
        };
      }
      return {
        text: vault.mask(text, matches, direction === "request" && config.restore === true),
        step: { outcome: "masked", detail: `Masked ${matches.length} value${matches.length === 1 ? "" : "s"}: ${found}.${note}`, entities },
      };
    }
    case "blocklist": {
      const { pattern, errors } = blocklistPattern(config);
      const note = errors.length > 0 ? ` ${errors.join("; ")}.` : "";
      let count = 0;
      const replaced = pattern
        ? text.replace(pattern, (found) => {
            if (found.length === 0) return found;
            count++;
            return blocklistReplacement;
          })
        : text;
      if (count === 0) return { text, step: { outcome: "passed", detail: `No blocked terms found.${note}` } };
      if (!mask) {
        return {
          text,
          step: { outcome: "blocked", detail: `${count} blocked term${count === 1 ? "" : "s"} found.${note}`, matches: count },
          blockedMessage: `${subject} blocked by guardrail '${config.id}': it contains blocked terms.`,
        };
      }
      return {
        text: replaced,
        step: { outcome: "masked", detail: `Redacted ${count} match${count === 1 ? "" : "es"}.${note}`, matches: count },
      };
    }
    case "prompt-injection": {
      const threshold = config.threshold ?? defaultInjectionThreshold;
      const { score, signals } = scoreInjection(text);
      const measured = { score, signals };
      if (score < threshold)
        return { text, step: { outcome: "passed", detail: `Score ${score} is below the threshold ${threshold}.`, ...measured } };
      if (config.mode === "block") {
        return {
          text,
          step: { outcome: "blocked", detail: `Score ${score} reaches the threshold ${threshold}.`, ...measured },
          blockedMessage: `Request blocked by guardrail '${config.id}': it looks like a prompt injection.`,
        };
      }
      return {
        text,
        step: { outcome: "flagged", detail: `Score ${score} reaches the threshold ${threshold}; flagged and let through.`, ...measured },
      };
    }
    case "max-tokens":
      return {
        text,
        step: {
          outcome: "not-applicable",
          detail: `Inspects max_tokens, not text: requests ask for at most ${config.maxTokens ?? "the configured"} tokens.`,
        },
      };
    case "tool-loop":
      return {
        text,
        step: { outcome: "not-applicable", detail: `Inspects tool-call rounds, not text (limit ${config.maxRounds ?? 10}).` },
      };
  }
}

type TryInput = z.infer<typeof tryGuardrailsInput>;

/** The sample's sender as the gateway would see it: a key's id, name and hash, and the key's own team. */
async function subjectOf(caller: Caller, from: NonNullable<TryInput["from"]>): Promise<ScopeSubject> {
  if (from.key === undefined) return { team: from.team, keyNames: [], model: from.model };
  const key = await caller.prisma.virtualKey.findFirst({
    where: { organizationId: caller.scope.organizationId, OR: [{ id: from.key }, { name: from.key }] },
    select: { id: true, name: true, keyHash: true, team: { select: { slug: true } } },
    orderBy: { createdAt: "desc" },
  });
  if (!key) throw new AppError("not_found", `key '${from.key}' not found`);
  const team = key.team?.slug;
  if (from.team !== undefined && from.team !== team)
    throw new AppError("bad_request", `key '${from.key}' belongs to ${team ? `team '${team}'` : "no team"}, not '${from.team}'`);
  return { team, keyNames: [key.id, key.name, key.keyHash], model: from.model };
}

/** Why a scoped policy leaves the sample alone. */
function outOfScope(scope: NonNullable<GuardrailConfig["scope"]>, subject: ScopeSubject): string {
  const names = (list: readonly string[]) => list.join(", ") || "none";
  if (scope.teams && (subject.team === undefined || !scope.teams.includes(subject.team)))
    return `Applies to teams ${names(scope.teams)} only; the sample's team is ${subject.team ?? "not set"}.`;
  if (scope.keys && !subject.keyNames.some((name) => scope.keys?.includes(name)))
    return `Applies to keys ${names(scope.keys)} only; the sample's key is ${subject.keyNames[1] ?? "not set"}.`;
  return `Applies to models ${names(scope.models ?? [])} only; the sample's model is ${subject.model ?? "not set"}.`;
}

/**
 * What a sample text becomes under the organisation's guardrails: the text is treated as one user
 * message (request) or one assistant reply (reply). With `from`, scopes apply as on the gateways;
 * without, every policy runs. Nothing is stored or audited.
 */
export async function tryGuardrails(caller: Caller, input: TryInput): Promise<TryResult> {
  const organizationId = caller.scope.organizationId;
  const subject = input.from ? await subjectOf(caller, input.from) : undefined;
  const rows = await caller.prisma.guardrailPolicy.findMany({
    where: { organizationId, ...(input.guardrailId ? { id: input.guardrailId } : { enabled: true }) },
    orderBy: { slug: "asc" },
  });
  if (input.guardrailId && rows.length === 0) throw new AppError("not_found", "guardrail not found");
  const vault = new PiiVault();
  let text = input.text;
  const steps: TryStep[] = [];
  for (const row of rows) {
    const config = guardrailConfigOf(row);
    const identity = { guardrailId: row.id, slug: row.slug, name: row.name, type: row.type, mode: row.mode };
    if (subject && config.scope && !scopeMatcher(config.scope)(subject)) {
      steps.push({ ...identity, outcome: "not-applicable", detail: outOfScope(config.scope, subject) });
      continue;
    }
    if (!checksDirection(config, input.direction)) {
      const checks = config.stage === "post" ? "replies" : "requests";
      steps.push({ ...identity, outcome: "not-applicable", detail: `Checks ${checks} only.` });
      continue;
    }
    const result = evaluate(config, text, input.direction, vault);
    steps.push({ ...identity, ...result.step });
    if (result.blockedMessage)
      return { direction: input.direction, text: input.text, blocked: { slug: row.slug, message: result.blockedMessage }, steps };
    text = result.text;
  }
  return { direction: input.direction, text, blocked: null, steps };
}
