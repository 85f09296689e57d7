import type { ChatCompletion, ChatCompletionRequest, EmbeddingsRequest } from "@switchyard/schemas";
import type { FastifyRequest } from "fastify";
import type { RuntimeKey } from "../config/runtime";
import type { ChatStreamStep } from "../pipeline/chat-stream";

/**
 * Prompts and replies in the log, only for teams whose `logPayloads` is on (off by default, and
 * for keys without a team). What is logged is what crossed the gateway's edges after guardrails:
 * the request as sent upstream (masked PII stays masked) and the reply as the client received it.
 * Headers are never part of it.
 */
export function logsPayloads(key: RuntimeKey): boolean {
  return key.teamConfig?.logPayloads === true;
}

export function logPrompt(request: FastifyRequest, body: ChatCompletionRequest | EmbeddingsRequest): void {
  request.log.info({ payload: { kind: "prompt", body } }, "payload: prompt");
}

export function logCompletion(request: FastifyRequest, completion: ChatCompletion): void {
  const choices = completion.choices.map((choice) => ({
    index: choice.index,
    message: choice.message,
    finishReason: choice.finish_reason,
  }));
  request.log.info({ payload: { kind: "reply", model: completion.model, choices } }, "payload: reply");
}

interface StreamedChoice {
  content: string;
  toolCalls: string;
  finishReason: string | null;
}

/** Passes a stream through unchanged and logs the text it carried once it ends. */
export async function* logStreamedReply(request: FastifyRequest, steps: AsyncGenerator<ChatStreamStep>): AsyncGenerator<ChatStreamStep> {
  const choices = new Map<number, StreamedChoice>();
  let model: string | undefined;
  try {
    for await (const step of steps) {
      if (step.type === "chunks") {
        for (const chunk of step.chunks) {
          model ??= chunk.model;
          for (const choice of chunk.choices) {
            let entry = choices.get(choice.index);
            if (!entry) {
              entry = { content: "", toolCalls: "", finishReason: null };
              choices.set(choice.index, entry);
            }
            if (typeof choice.delta.content === "string") entry.content += choice.delta.content;
            for (const call of choice.delta.tool_calls ?? [])
              entry.toolCalls += `${call.function?.name ?? ""}${call.function?.arguments ?? ""}`;
            if (choice.finish_reason) entry.finishReason = choice.finish_reason;
          }
        }
      }
      yield step;
    }
  } finally {
    const logged = [...choices].map(([index, entry]) => ({
      index,
      content: entry.content,
      ...(entry.toolCalls ? { toolCalls: entry.toolCalls } : {}),
      finishReason: entry.finishReason,
    }));
    request.log.info({ payload: { kind: "reply", model, stream: true, choices: logged } }, "payload: reply");
  }
}
