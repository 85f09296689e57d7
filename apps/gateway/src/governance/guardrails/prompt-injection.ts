import { defaultInjectionThreshold, type InjectionScore, scoreInjection } from "@switchyard/guardrails";
import type { ChatCompletionRequest, GuardrailConfig } from "@switchyard/schemas";
import { requestTexts } from "./request-text";
import { type GuardrailRun, GuardrailViolation } from "./types";

/**
 * Scans what users and tools wrote (tool output is the classic indirect-injection channel; the
 * operator's system prompt is trusted). `block` refuses above the threshold; `mask` only flags.
 */
export function compilePromptInjection(config: GuardrailConfig) {
  const threshold = config.threshold ?? defaultInjectionThreshold;
  return (body: ChatCompletionRequest, run: GuardrailRun): ChatCompletionRequest => {
    let worst: InjectionScore = { score: 0, signals: [] };
    for (const { role, text } of requestTexts(body)) {
      if (role !== "user" && role !== "tool" && role !== "function") continue;
      const result = scoreInjection(text);
      if (result.score > worst.score) worst = result;
    }
    if (worst.score < threshold) return body;
    const detail = { score: worst.score, signals: worst.signals };
    if (config.mode === "block") {
      run.record({ id: config.id, type: "prompt-injection", action: "blocked", stage: "pre", ...detail });
      throw new GuardrailViolation(config.id, `Request blocked by guardrail '${config.id}': it looks like a prompt injection.`);
    }
    run.record({ id: config.id, type: "prompt-injection", action: "flagged", stage: "pre", ...detail });
    return body;
  };
}
