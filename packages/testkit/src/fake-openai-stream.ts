import type { ServerResponse } from "node:http";
import type { PlannedReply } from "./fake-openai-replies";
import { streamPieces } from "./fake-openai-replies";

/**
 * Writes a planned reply as OpenAI's SSE stream, chunk for chunk the way api.openai.com does:
 * a role delta first, content (or tool-call argument) deltas, a finish_reason chunk per choice,
 * an optional usage chunk with empty choices, then `data: [DONE]`.
 */

export interface StreamWriteOptions {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
  /** Pause between chunks (ms); 0 writes as fast as the socket takes them. */
  chunkDelayMs: number;
  /** Destroy the socket after this many data events: a provider dying mid-answer. */
  cutAfterChunks?: number;
  /** True once the client went away; the writer stops. */
  isClosed: () => boolean;
}

type Json = Record<string, unknown>;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function buildStreamChunks(
  reply: PlannedReply,
  options: Pick<StreamWriteOptions, "id" | "created" | "model" | "includeUsage">,
): Json[] {
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

export async function writeStream(response: ServerResponse, reply: PlannedReply, options: StreamWriteOptions): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  const chunks = buildStreamChunks(reply, options);
  let written = 0;
  for (const chunk of chunks) {
    if (options.isClosed()) return;
    if (options.cutAfterChunks !== undefined && written >= options.cutAfterChunks) {
      response.socket?.destroy();
      return;
    }
    const event = `data: ${JSON.stringify(chunk)}\n\n`;
    // Before a cut, wait until each event reached the socket, or destroy() would discard it.
    if (options.cutAfterChunks !== undefined) await new Promise<void>((resolve) => response.write(event, () => resolve()));
    else response.write(event);
    written++;
    if (options.chunkDelayMs > 0) await delay(options.chunkDelayMs);
  }
  if (options.isClosed()) return;
  response.end("data: [DONE]\n\n");
}
