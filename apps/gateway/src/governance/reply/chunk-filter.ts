import type { ChatCompletionChunk, ChatCompletionChunkChoice } from "@switchyard/schemas";
import type { StreamTextFilter } from "../guardrails/stream-filter";

function isEmpty(choice: ChatCompletionChunkChoice, hadContent: boolean): boolean {
  const delta = choice.delta;
  return (
    hadContent &&
    (delta.content === "" || delta.content == null) &&
    delta.role == null &&
    delta.refusal == null &&
    (delta.tool_calls == null || delta.tool_calls.length === 0) &&
    delta.function_call == null &&
    choice.finish_reason == null
  );
}

/**
 * Reply guardrails on chunks: each choice's content goes through the stream text filter, which may
 * hold text back (it comes out in a later chunk, at the latest with the choice's finish reason).
 * Chunks whose only content was held are dropped rather than sent empty.
 */
export class ChunkTextFilter {
  private last: ChatCompletionChunk | undefined;

  constructor(private readonly text: StreamTextFilter) {}

  /** Throws GuardrailViolation when a post-stage guardrail blocks. */
  filter(chunks: readonly ChatCompletionChunk[]): ChatCompletionChunk[] {
    const out: ChatCompletionChunk[] = [];
    for (const chunk of chunks) {
      this.last = chunk;
      if (chunk.choices.length === 0) {
        out.push(chunk);
        continue;
      }
      const choices: ChatCompletionChunkChoice[] = [];
      for (const choice of chunk.choices) {
        const content = choice.delta.content;
        const hadContent = typeof content === "string" && content !== "";
        let released = hadContent ? this.text.push(choice.index, content) : undefined;
        if (choice.finish_reason) released = (released ?? "") + this.text.end(choice.index);
        const next: ChatCompletionChunkChoice =
          released === undefined ? choice : { ...choice, delta: { ...choice.delta, content: released } };
        if (!isEmpty(next, hadContent)) choices.push(next);
      }
      if (choices.length > 0 || chunk.usage) out.push({ ...chunk, choices });
    }
    return out;
  }

  /** Whatever is still held when the stream ends without finish reasons (cut, error). */
  flush(): ChatCompletionChunk[] {
    const last = this.last;
    if (!last) return [];
    return this.text.pending().map((index) => ({
      ...last,
      usage: undefined,
      choices: [{ index, delta: { content: this.text.end(index) }, finish_reason: null, logprobs: null }],
    }));
  }
}
