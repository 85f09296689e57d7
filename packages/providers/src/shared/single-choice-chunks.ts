import type { ChatCompletionChunk, ChatCompletionChunkChoice } from "@switchyard/schemas";
import type { CallContext, StreamPart } from "../spec";

type Delta = ChatCompletionChunkChoice["delta"];

/**
 * Builds the chunks of a one-choice stream (Anthropic, Bedrock, Ollama): the first carries
 * `role: "assistant"`, all share id, created and model. Fields are mutable because some
 * providers name the message (id, model, time) only in their first event.
 */
export class SingleChoiceChunks {
  id: string;
  created: number;
  model: string;
  private sentRole = false;

  constructor(context: CallContext) {
    this.id = `chatcmpl-${context.requestId}`;
    this.created = context.created;
    this.model = context.target.model;
  }

  get started(): boolean {
    return this.sentRole;
  }

  part(delta: Delta, finishReason: string | null = null): StreamPart {
    const first = !this.sentRole;
    this.sentRole = true;
    const chunk: ChatCompletionChunk = {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta: first ? { role: "assistant", ...delta } : delta, finish_reason: finishReason, logprobs: null }],
    };
    return { type: "chunk", chunk };
  }
}
