import type { ChatCompletionRequest, GuardrailConfig } from "@switchyard/schemas";
import { type GuardrailRun, GuardrailViolation } from "./types";

/**
 * Bounds what a request may generate. `mask` caps a larger ask at maxTokens; `block` refuses it.
 * A request that sets no cap gets maxTokens either way (as max_completion_tokens), so its output,
 * and the budget reserved for it, are bounded.
 */
export function compileMaxTokens(config: GuardrailConfig) {
  return (body: ChatCompletionRequest, run: GuardrailRun): ChatCompletionRequest => {
    const cap = config.maxTokens;
    if (cap === undefined) return body;
    const field = body.max_completion_tokens != null ? "max_completion_tokens" : body.max_tokens != null ? "max_tokens" : undefined;
    const requested = field ? (body[field] ?? undefined) : undefined;
    if (requested === undefined) {
      run.record({ id: config.id, type: "max-tokens", action: "capped", stage: "pre", requested: null, cap });
      return { ...body, max_completion_tokens: cap };
    }
    if (requested <= cap || !field) return body;
    if (config.mode === "block") {
      run.record({ id: config.id, type: "max-tokens", action: "blocked", stage: "pre", requested, cap });
      throw new GuardrailViolation(
        config.id,
        `Request blocked by guardrail '${config.id}': ${field} ${requested} is above the limit of ${cap}.`,
      );
    }
    run.record({ id: config.id, type: "max-tokens", action: "capped", stage: "pre", requested, cap });
    return { ...body, [field]: cap };
  };
}
