import type { AnthropicStopReason } from "@switchyard/schemas/anthropic";

/** What `/v1/messages` answers with: Anthropic's Message and stream event shapes, as we produce them. */

export type AnthropicReplyBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicReplyUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
}

export interface AnthropicReplyMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicReplyBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicReplyUsage;
}

export type AnthropicReplyEvent =
  | { type: "message_start"; message: AnthropicReplyMessage }
  | { type: "content_block_start"; index: number; content_block: AnthropicReplyBlock }
  | {
      type: "content_block_delta";
      index: number;
      delta: { type: "text_delta"; text: string } | { type: "input_json_delta"; partial_json: string };
    }
  | { type: "content_block_stop"; index: number }
  | {
      type: "message_delta";
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      usage: Partial<AnthropicReplyUsage> & { output_tokens: number };
    }
  | { type: "message_stop" }
  | { type: "ping" }
  | { type: "error"; error: { type: string; message: string } };

/** One SSE frame: `event: <type>` then `data: <json>`, as Anthropic writes them. */
export function serializeAnthropicEvent(event: AnthropicReplyEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
