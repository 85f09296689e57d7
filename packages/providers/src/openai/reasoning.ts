import type { JsonObject } from "../shared/json";
import type { CallContext } from "../spec";

/**
 * OpenAI's reasoning families (o1, o3, o4-mini, gpt-5 and its point releases) refuse
 * `max_tokens` ("Unsupported parameter: 'max_tokens' ... Use 'max_completion_tokens' instead"),
 * while older models and most compatible servers only know `max_tokens`.
 */
const reasoningModel = /^(?:o[1-9]|gpt-5)(?:[-.]|$)/;

export function isReasoningModel(model: string): boolean {
  return reasoningModel.test(model);
}

/** adjustBody for OpenAI and Azure: move a client's `max_tokens` to `max_completion_tokens` on reasoning models. */
export function useMaxCompletionTokens(body: JsonObject, context: CallContext): void {
  if (!isReasoningModel(context.target.model) || body.max_tokens === undefined) return;
  // A client that sent both meant max_completion_tokens for this family.
  if (body.max_completion_tokens === undefined) body.max_completion_tokens = body.max_tokens;
  delete body.max_tokens;
}
