import type { ChatCompletion, ChatCompletionChoice, ChatCompletionChunk, CompletionUsage, ToolCall } from "@switchyard/schemas";

interface ChoiceParts {
  content: string;
  hasContent: boolean;
  refusal: string | undefined;
  toolCalls: Map<number, { id: string; name: string; arguments: string }>;
  finishReason: string | null;
}

/** Rebuilds the non-streaming completion from a stream's chunks, so a streamed reply can be cached. */
export class CompletionAssembler {
  private id = "";
  private created = 0;
  private model = "";
  private systemFingerprint: string | undefined;
  private readonly choices = new Map<number, ChoiceParts>();

  add(chunk: ChatCompletionChunk): void {
    if (this.id === "") {
      this.id = chunk.id;
      this.created = chunk.created;
      this.model = chunk.model;
    }
    if (chunk.system_fingerprint) this.systemFingerprint = chunk.system_fingerprint;
    for (const choice of chunk.choices) {
      let parts = this.choices.get(choice.index);
      if (!parts) {
        parts = { content: "", hasContent: false, refusal: undefined, toolCalls: new Map(), finishReason: null };
        this.choices.set(choice.index, parts);
      }
      const delta = choice.delta;
      if (typeof delta.content === "string") {
        parts.content += delta.content;
        parts.hasContent = true;
      }
      if (typeof delta.refusal === "string") parts.refusal = (parts.refusal ?? "") + delta.refusal;
      for (const call of delta.tool_calls ?? []) {
        const existing = parts.toolCalls.get(call.index) ?? { id: "", name: "", arguments: "" };
        if (call.id) existing.id = call.id;
        if (call.function?.name) existing.name += call.function.name;
        if (call.function?.arguments) existing.arguments += call.function.arguments;
        parts.toolCalls.set(call.index, existing);
      }
      if (choice.finish_reason) parts.finishReason = choice.finish_reason;
    }
  }

  /** The completion, or undefined when the stream never finished a choice (nothing worth caching). */
  completion(usage: CompletionUsage | undefined): ChatCompletion | undefined {
    if (this.choices.size === 0) return undefined;
    const choices: ChatCompletionChoice[] = [];
    for (const [index, parts] of [...this.choices.entries()].sort(([first], [second]) => first - second)) {
      if (parts.finishReason === null) return undefined;
      const toolCalls: ToolCall[] = [...parts.toolCalls.entries()]
        .sort(([first], [second]) => first - second)
        .map(([, call]) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }));
      choices.push({
        index,
        message: {
          role: "assistant",
          content: parts.hasContent || toolCalls.length === 0 ? parts.content : null,
          ...(parts.refusal !== undefined ? { refusal: parts.refusal } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: parts.finishReason,
        logprobs: null,
      });
    }
    const completion: ChatCompletion = { id: this.id, object: "chat.completion", created: this.created, model: this.model, choices };
    if (usage) completion.usage = usage;
    if (this.systemFingerprint) completion.system_fingerprint = this.systemFingerprint;
    return completion;
  }
}
