import type { ChatCompletionChunk, CompletionUsage } from "@switchyard/schemas";
import type { AnthropicStopReason } from "@switchyard/schemas/anthropic";
import { anthropicMessageId, anthropicReplyUsage, anthropicStopReason } from "./response";
import type { AnthropicReplyEvent } from "./types";

export interface AnthropicEventStreamOptions {
  /** The model the client asked for: Anthropic clients see their own name back. */
  readonly model: string;
  /** Used when the stream ends before any chunk arrived. */
  readonly fallbackId: string;
}

/**
 * OpenAI chat.completion.chunk stream → Anthropic's SSE event sequence:
 * message_start, ping, then per content block content_block_start / _delta / _stop (text as
 * text_delta, each tool call as a tool_use block with input_json_delta), and at the end
 * message_delta (stop_reason, usage) and message_stop.
 *
 * Stateful, one per response. Anthropic blocks never interleave, so a block closes when
 * content of another kind (or another tool call) begins. Only choice 0 is read (Anthropic
 * has no `n`). Usage comes from a usage chunk or from `finish(usage)`, whichever is given.
 */
export class AnthropicEventStream {
  private readonly model: string;
  private id: string;
  private started = false;
  private ended = false;
  private blockCount = 0;
  private open: { index: number; kind: "text" } | { index: number; kind: "tool"; toolIndex: number } | undefined;
  /** OpenAI tool_call index → Anthropic block index, for argument deltas that arrive after another block opened. */
  private readonly toolBlocks = new Map<number, number>();
  private finishReason: string | null = null;
  private refused = false;
  private usage: CompletionUsage | undefined;

  constructor(options: AnthropicEventStreamOptions) {
    this.model = options.model;
    this.id = anthropicMessageId(options.fallbackId);
  }

  /** Events for one upstream chunk. */
  push(chunk: ChatCompletionChunk): AnthropicReplyEvent[] {
    if (this.ended) return [];
    const events: AnthropicReplyEvent[] = [];
    if (!this.started) {
      this.id = anthropicMessageId(chunk.id);
      this.start(events);
    }
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices.find((candidate) => candidate.index === 0);
    if (!choice) return events;
    const delta = choice.delta;
    const text = (delta.content ?? "") + (delta.refusal ?? "");
    if (delta.refusal) this.refused = true;
    if (text !== "") {
      if (this.open?.kind !== "text") this.openBlock(events, { kind: "text" }, { type: "text", text: "" });
      events.push({ type: "content_block_delta", index: this.blockIndex(), delta: { type: "text_delta", text } });
    }
    for (const call of delta.tool_calls ?? []) {
      let index = this.toolBlocks.get(call.index);
      if (index === undefined) {
        const id = call.id ?? `toolu_${this.id}_${call.index}`;
        index = this.openBlock(
          events,
          { kind: "tool", toolIndex: call.index },
          { type: "tool_use", id, name: call.function?.name ?? "", input: {} },
        );
        this.toolBlocks.set(call.index, index);
      }
      const partial = call.function?.arguments;
      if (partial) events.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: partial } });
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return events;
  }

  /** The upstream finished: close the open block, report stop reason and usage, end the message. */
  finish(usage?: CompletionUsage): AnthropicReplyEvent[] {
    if (this.ended) return [];
    const events: AnthropicReplyEvent[] = [];
    if (!this.started) this.start(events);
    this.closeBlock(events);
    const final = anthropicReplyUsage(usage ?? this.usage);
    const stopReason: AnthropicStopReason =
      this.refused && this.finishReason === "stop" ? "refusal" : anthropicStopReason(this.finishReason);
    events.push({ type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: final });
    events.push({ type: "message_stop" });
    this.ended = true;
    return events;
  }

  /** The upstream failed mid-stream: Anthropic's `error` event ends the stream. */
  fail(error: { type: string; message: string }): AnthropicReplyEvent[] {
    if (this.ended) return [];
    this.ended = true;
    return [{ type: "error", error }];
  }

  /** A keep-alive the gateway may send while the upstream is quiet. */
  ping(): AnthropicReplyEvent[] {
    return this.started && !this.ended ? [{ type: "ping" }] : [];
  }

  private start(events: AnthropicReplyEvent[]): void {
    this.started = true;
    events.push({
      type: "message_start",
      message: {
        id: this.id,
        type: "message",
        role: "assistant",
        model: this.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // Input counts arrive with the final usage (OpenAI reports usage last); message_delta carries them.
        usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null },
      },
    });
    events.push({ type: "ping" });
  }

  private blockIndex(): number {
    return this.open?.index ?? 0;
  }

  private openBlock(
    events: AnthropicReplyEvent[],
    kind: { kind: "text" } | { kind: "tool"; toolIndex: number },
    contentBlock: Extract<AnthropicReplyEvent, { type: "content_block_start" }>["content_block"],
  ): number {
    this.closeBlock(events);
    const index = this.blockCount++;
    this.open = { index, ...kind };
    events.push({ type: "content_block_start", index, content_block: contentBlock });
    return index;
  }

  private closeBlock(events: AnthropicReplyEvent[]): void {
    if (!this.open) return;
    events.push({ type: "content_block_stop", index: this.open.index });
    this.open = undefined;
  }
}
