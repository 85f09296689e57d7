import type { CompletionUsage } from "@switchyard/schemas";
import { toCompletionUsage } from "../shared/usage";
import type { FinishReason } from "../spec";
import type { OllamaChat } from "./wire";

/** done_reason "stop" | "length" | "load" | "unload"; Ollama says "stop" after tool calls too. */
export function ollamaFinishReason(raw: string | null | undefined, calledTools: boolean): FinishReason {
  if (raw === "length") return { unified: "length", raw };
  if (raw === "stop" || raw === null || raw === undefined) return { unified: calledTools ? "tool_calls" : "stop", raw: raw ?? null };
  return { unified: "other", raw };
}

export function ollamaUsage(reply: OllamaChat): CompletionUsage | undefined {
  if (typeof reply.prompt_eval_count !== "number" && typeof reply.eval_count !== "number") return undefined;
  return toCompletionUsage({ promptTokens: reply.prompt_eval_count ?? 0, completionTokens: reply.eval_count ?? 0 });
}

/** created_at (RFC 3339 with nanoseconds) → Unix seconds; the gateway's clock when unreadable. */
export function ollamaCreated(createdAt: string | null | undefined, fallback: number): number {
  const milliseconds = createdAt ? Date.parse(createdAt) : Number.NaN;
  return Number.isNaN(milliseconds) ? fallback : Math.floor(milliseconds / 1000);
}
