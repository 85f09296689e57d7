import type { ChatCompletion, ChatCompletionChunk } from "@switchyard/schemas";

/**
 * A cached completion as the chunks OpenAI would have streamed: a role chunk, the content (or tool
 * calls) of each choice, its finish reason, and the usage chunk when the client asked for one.
 */
export function completionChunks(completion: ChatCompletion, includeUsage: boolean): ChatCompletionChunk[] {
  const base = (choices: ChatCompletionChunk["choices"]): ChatCompletionChunk => ({
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    ...(completion.system_fingerprint ? { system_fingerprint: completion.system_fingerprint } : {}),
    choices,
  });
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const { index, message } = choice;
    chunks.push(base([{ index, delta: { role: "assistant", content: "" }, finish_reason: null, logprobs: null }]));
    if (typeof message.content === "string" && message.content !== "") {
      chunks.push(base([{ index, delta: { content: message.content }, finish_reason: null, logprobs: null }]));
    }
    if (typeof message.refusal === "string" && message.refusal !== "") {
      chunks.push(base([{ index, delta: { refusal: message.refusal }, finish_reason: null, logprobs: null }]));
    }
    (message.tool_calls ?? []).forEach((call, callIndex) => {
      const delta = {
        tool_calls: [
          {
            index: callIndex,
            id: call.id,
            type: "function" as const,
            function: { name: call.function.name, arguments: call.function.arguments },
          },
        ],
      };
      chunks.push(base([{ index, delta, finish_reason: null, logprobs: null }]));
    });
    chunks.push(base([{ index, delta: {}, finish_reason: choice.finish_reason ?? "stop", logprobs: null }]));
  }
  if (includeUsage && completion.usage) chunks.push({ ...base([]), usage: completion.usage });
  return chunks;
}
