import type { PlannedReply } from "./fake-openai-replies";
import { streamPieces } from "./fake-openai-replies";

/**
 * A planned reply as OpenAI's stream chunks, the way api.openai.com sends them: a role delta
 * first, content (or tool-call argument) deltas, a finish_reason chunk per choice, an optional
 * usage chunk with empty choices. The fake server writes each as an SSE event, then `data: [DONE]`.
 */

export interface StreamChunkOptions {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

type Json = Record<string, unknown>;

export function buildStreamChunks(reply: PlannedReply, options: StreamChunkOptions): Json[] {
  const base = (choices: Json[]): Json => {
    const chunk: Json = {
      id: options.id,
      object: "chat.completion.chunk",
      created: options.created,
      model: options.model,
      service_tier: "default",
      system_fingerprint: "fp_switchyard_demo",
      choices,
    };
    // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
    if (options.includeUsage) chunk.usage = null;
    return chunk;
  };
  const chunks: Json[] = [];
  reply.choices.forEach((choice, index) => {
    if (choice.toolCalls.length > 0) {
      choice.toolCalls.forEach((call, callIndex) => {
        const toolDelta = { index: callIndex, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
        const delta: Json =
          callIndex === 0 ? { role: "assistant", content: null, tool_calls: [toolDelta], refusal: null } : { tool_calls: [toolDelta] };
        chunks.push(base([{ index, delta, logprobs: null, finish_reason: null }]));
        for (const piece of call.arguments.match(/.{1,12}/gs) ?? []) {
          chunks.push(
            base([
              { index, delta: { tool_calls: [{ index: callIndex, function: { arguments: piece } }] }, logprobs: null, finish_reason: null },
            ]),
          );
        }
      });
    } else {
      chunks.push(base([{ index, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null }]));
      for (const piece of streamPieces(choice.content ?? "")) {
        chunks.push(base([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }]));
      }
    }
    chunks.push(base([{ index, delta: {}, logprobs: null, finish_reason: choice.finishReason }]));
  });
  if (options.includeUsage) {
    const usageChunk = base([]);
    usageChunk.usage = {
      prompt_tokens: reply.promptTokens,
      completion_tokens: reply.completionTokens,
      total_tokens: reply.promptTokens + reply.completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
    chunks.push(usageChunk);
  }
  return chunks;
}
