import type { ChatCompletion, EmbeddingsResponse } from "@switchyard/schemas";
import { openAIStyleFinishReason, toOpenAIFinishReason } from "../shared/finish-reason";
import { isObject, numberOr, stringOr } from "../shared/json";
import type { CallContext, ChatResult, FinishReason } from "../spec";
import { UpstreamError } from "../spec";

const openAIFinishWords = new Set(["stop", "length", "tool_calls", "content_filter", "function_call"]);

function unreadable(context: CallContext, provider: string, what: string): UpstreamError {
  return new UpstreamError({ kind: "server", provider, deploymentId: context.target.deploymentId, message: `unreadable reply: ${what}` });
}

/**
 * OpenAI-style completion JSON → OpenAI chat completion. Checks only what clients rely on and
 * fills what lenient servers leave out; everything else (logprobs, annotations, vendor fields)
 * is passed on as the upstream wrote it.
 */
export function parseOpenAIStyleChatResponse(body: unknown, context: CallContext, provider: string): ChatResult {
  if (!isObject(body) || !Array.isArray(body.choices)) throw unreadable(context, provider, "no choices");
  const finishReasons: FinishReason[] = [];
  for (const choice of body.choices) {
    if (!isObject(choice) || !isObject(choice.message)) throw unreadable(context, provider, "choice without message");
    const raw = choice.finish_reason;
    const reason = openAIStyleFinishReason(typeof raw === "string" ? raw : null);
    finishReasons[numberOr(choice.index, finishReasons.length)] = reason;
    if (typeof raw === "string" && !openAIFinishWords.has(raw)) choice.finish_reason = toOpenAIFinishReason(reason);
    if (choice.message.role === undefined) choice.message.role = "assistant";
  }
  body.id = stringOr(body.id, `chatcmpl-${context.requestId}`);
  body.object = "chat.completion";
  body.created = numberOr(body.created, context.created);
  body.model = stringOr(body.model, context.target.model);
  return { completion: body as ChatCompletion, finishReasons };
}

export function parseOpenAIStyleEmbeddingsResponse(body: unknown, context: CallContext, provider: string): EmbeddingsResponse {
  if (!isObject(body) || !Array.isArray(body.data)) throw unreadable(context, provider, "no data");
  body.data.forEach((item, index) => {
    if (!isObject(item) || (!Array.isArray(item.embedding) && typeof item.embedding !== "string"))
      throw unreadable(context, provider, "embedding without vector");
    item.object = "embedding";
    item.index = numberOr(item.index, index);
  });
  body.object = "list";
  body.model = stringOr(body.model, context.target.model);
  return body as EmbeddingsResponse;
}
