import { type ScopeSubject, scopeMatcher } from "@switchyard/guardrails";
import type { GuardrailConfig } from "@switchyard/schemas";
import { compileBlocklist } from "./blocklist";
import { compileMaxTokens } from "./max-tokens";
import { compilePii, restoreFilter } from "./pii/guardrail";
import { compilePromptInjection } from "./prompt-injection";
import { compileToolLoop } from "./tool-loop";
import type { CompiledGuardrail, ReplyTextFilter } from "./types";

/** Who a request is from, for guardrail scopes (`@switchyard/guardrails` scopeMatcher). */
export type GuardrailScopeInput = ScopeSubject;

export interface CompiledGuardrails {
  readonly all: readonly CompiledGuardrail[];
  /** Config problems (unknown entity names, invalid patterns): logged when the config is applied. */
  readonly problems: readonly string[];
}

/** Config → guardrails with their pre step and post filter, in config order. */
export function compileGuardrails(configs: readonly GuardrailConfig[]): CompiledGuardrails {
  const problems: string[] = [];
  const all = configs.map((config) => compileOne(config, problems));
  return { all, problems };
}

function compileOne(config: GuardrailConfig, problems: string[]): CompiledGuardrail {
  const applies = scopeMatcher(config.scope);
  const pre = config.stage === "pre" || config.stage === "both";
  const post = config.stage === "post" || config.stage === "both";
  switch (config.type) {
    case "pii": {
      const compiled = compilePii(config);
      for (const name of compiled.unknown) problems.push(`guardrail '${config.id}': unknown entity "${name}"`);
      const filters: ReplyTextFilter | undefined = post ? compiled.post : undefined;
      return {
        config,
        applies,
        pre: pre ? compiled.pre : undefined,
        post: filters,
        restore: pre && compiled.restore ? restoreFilter(config.id) : undefined,
      };
    }
    case "blocklist": {
      const compiled = compileBlocklist(config);
      problems.push(...compiled.errors);
      return { config, applies, pre: pre ? compiled.pre : undefined, post: post ? compiled.post : undefined };
    }
    case "prompt-injection":
      return { config, applies, pre: compilePromptInjection(config) };
    case "max-tokens":
      return { config, applies, pre: compileMaxTokens(config) };
    case "tool-loop":
      return { config, applies, pre: compileToolLoop(config) };
  }
}
