import { PiiVault } from "@switchyard/guardrails";
import type { ChatCompletionRequest } from "@switchyard/schemas";
import type { CompiledGuardrails, GuardrailScopeInput } from "./compile";
import type { CompiledGuardrail, GuardrailActionRecord, GuardrailRun, ReplyTextFilter } from "./types";

function mergeCounts(first: unknown, second: unknown): Record<string, number> {
  const merged: Record<string, number> = { ...(first as Record<string, number>) };
  for (const [name, count] of Object.entries((second ?? {}) as Record<string, number>)) merged[name] = (merged[name] ?? 0) + count;
  return merged;
}

/** A request's guardrail state. Repeated actions (a stream masked piece by piece) fold into one record. */
export function createGuardrailRun(): GuardrailRun {
  const actions: GuardrailActionRecord[] = [];
  return {
    actions,
    vault: new PiiVault(),
    record(action) {
      const index = actions.findIndex((other) => other.id === action.id && other.action === action.action && other.stage === action.stage);
      const existing = actions[index];
      if (!existing) {
        actions.push(action);
        return;
      }
      const merged: Record<string, unknown> = { ...existing, ...action };
      if (existing.entities || action.entities) merged.entities = mergeCounts(existing.entities, action.entities);
      if (typeof existing.count === "number" && typeof action.count === "number") merged.count = existing.count + action.count;
      actions[index] = merged as GuardrailActionRecord;
    },
  };
}

export interface SelectedGuardrails {
  readonly pre: readonly CompiledGuardrail[];
  /** Stage-post filters in config order, then placeholder restores. */
  readonly replyFilters: readonly ReplyTextFilter[];
}

export const noGuardrails: SelectedGuardrails = { pre: [], replyFilters: [] };

export function selectGuardrails(compiled: CompiledGuardrails, scope: GuardrailScopeInput): SelectedGuardrails {
  if (compiled.all.length === 0) return noGuardrails;
  const pre: CompiledGuardrail[] = [];
  const post: ReplyTextFilter[] = [];
  const restores: ReplyTextFilter[] = [];
  for (const guardrail of compiled.all) {
    if (!guardrail.applies(scope)) continue;
    if (guardrail.pre) pre.push(guardrail);
    if (guardrail.post) post.push(guardrail.post);
    if (guardrail.restore) restores.push(guardrail.restore);
  }
  return { pre, replyFilters: [...post, ...restores] };
}

/** Stage pre, in config order: each guardrail sees the request as the previous one left it. */
export function runPreGuardrails(selected: SelectedGuardrails, body: ChatCompletionRequest, run: GuardrailRun): ChatCompletionRequest {
  let current = body;
  for (const guardrail of selected.pre) if (guardrail.pre) current = guardrail.pre(current, run);
  return current;
}

export function filterReplyText(filters: readonly ReplyTextFilter[], text: string, run: GuardrailRun): string {
  let current = text;
  for (const filter of filters) current = filter.apply(current, run);
  return current;
}
