import type { ChatCompletionRequest, ChatMessage } from "@switchyard/schemas";

type Role = ChatMessage["role"];

/** Every text a chat request carries in its messages, with the role that wrote it. */
export function* requestTexts(body: ChatCompletionRequest): Generator<{ role: Role; text: string }> {
  for (const message of body.messages) {
    const content: unknown = message.content;
    if (typeof content === "string") yield { role: message.role, text: content };
    else if (Array.isArray(content)) {
      for (const part of content as Array<{ type?: unknown; text?: unknown }>) {
        if (part.type === "text" && typeof part.text === "string") yield { role: message.role, text: part.text };
      }
    }
  }
}

/**
 * The request with every message text passed through `rewrite`; untouched messages are shared,
 * changed ones copied, so the caller's body is never mutated.
 */
export function rewriteRequestTexts(body: ChatCompletionRequest, rewrite: (text: string, role: Role) => string): ChatCompletionRequest {
  let changed = false;
  const messages = body.messages.map((message) => {
    const content: unknown = message.content;
    if (typeof content === "string") {
      const next = rewrite(content, message.role);
      if (next === content) return message;
      changed = true;
      return { ...message, content: next } as ChatMessage;
    }
    if (!Array.isArray(content)) return message;
    let partChanged = false;
    const parts = (content as Array<Record<string, unknown>>).map((part) => {
      if (part.type !== "text" || typeof part.text !== "string") return part;
      const next = rewrite(part.text, message.role);
      if (next === part.text) return part;
      partChanged = true;
      return { ...part, text: next };
    });
    if (!partChanged) return message;
    changed = true;
    return { ...message, content: parts } as ChatMessage;
  });
  return changed ? { ...body, messages } : body;
}
