import type { OpenAIFinishReason } from "@switchyard/schemas";
import type { FinishReason, UnifiedFinishReason } from "../spec";

const openAIReasons: Readonly<Record<string, UnifiedFinishReason>> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter",
  function_call: "function_call",
  // Seen from OpenAI-compatible servers: vLLM/llama.cpp "abort", TGI "eos_token", Mistral "model_length".
  eos_token: "stop",
  eos: "stop",
  model_length: "length",
  max_tokens: "length",
  tool_call: "tool_calls",
  error: "error",
};

/** A finish reason from an OpenAI-style reply, unified, keeping the raw word. */
export function openAIStyleFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: "other", raw: null };
  return { unified: openAIReasons[raw] ?? "other", raw };
}

/** What an OpenAI client may see: OpenAI has no "error"/"other", "stop" is the honest nearest. */
export function toOpenAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  return reason.unified === "error" || reason.unified === "other" ? "stop" : reason.unified;
}
