import type { ChatCompletionRequest, GuardrailConfig } from "@switchyard/schemas";
import { type GuardrailRun, GuardrailViolation } from "./types";

const defaultMaxRounds = 10;

/**
 * Tool-call rounds at the end of the conversation since the last user message: each assistant
 * turn that called tools (and the tool results answering it) is one round.
 */
export function trailingToolRounds(body: ChatCompletionRequest): number {
  let rounds = 0;
  for (let index = body.messages.length - 1; index >= 0; index--) {
    const message = body.messages[index];
    if (!message || message.role === "user") break;
    if (message.role === "assistant") {
      const calls = message.tool_calls?.length ?? 0;
      if (calls === 0 && !message.function_call) break;
      rounds++;
    }
  }
  return rounds;
}

/** Refuses a runaway agent: more consecutive tool rounds than maxRounds (default 10). */
export function compileToolLoop(config: GuardrailConfig) {
  const maxRounds = config.maxRounds ?? defaultMaxRounds;
  return (body: ChatCompletionRequest, run: GuardrailRun): ChatCompletionRequest => {
    const rounds = trailingToolRounds(body);
    if (rounds <= maxRounds) return body;
    run.record({ id: config.id, type: "tool-loop", action: "blocked", stage: "pre", rounds, maxRounds });
    throw new GuardrailViolation(
      config.id,
      `Request blocked by guardrail '${config.id}': ${rounds} consecutive tool-call rounds (limit ${maxRounds}).`,
    );
  };
}
