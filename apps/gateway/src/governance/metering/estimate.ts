import type { ChatCompletionRequest, EmbeddingsRequest } from "@switchyard/schemas";

/**
 * Token counts before the call, without a tokenizer. Two numbers per request:
 * - `estimate` (≈ 4 characters a token, OpenAI's rule of thumb) reserves TPM, which settles to the
 *   provider's count afterwards anyway;
 * - `worstCase` bounds the prompt from above for budget reservations: byte-level BPE tokenizers
 *   (OpenAI, Anthropic, Llama, Mistral) and SentencePiece with byte fallback (Gemini) never emit
 *   more tokens than UTF-8 bytes, plus a few framing tokens per message and a cap per image.
 */
export interface PromptTokens {
  readonly estimate: number;
  readonly worstCase: number;
}

const perMessageTokens = 4;
/** OpenAI high-detail images top out near 1,445 tokens, Anthropic's near 1,600. */
const imageWorstCaseTokens = 1_600;
const imageEstimateTokens = 765;
const lowDetailImageTokens = 85;

class Tally {
  chars = 0;
  bytes = 0;
  images = 0;
  imageEstimate = 0;

  text(value: string): void {
    this.chars += value.length;
    this.bytes += Buffer.byteLength(value, "utf8");
  }
}

function tallyContent(tally: Tally, content: unknown): void {
  if (typeof content === "string") {
    tally.text(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content as Array<Record<string, unknown>>) {
    if (part.type === "text" && typeof part.text === "string") tally.text(part.text);
    else if (part.type === "refusal" && typeof part.refusal === "string") tally.text(part.refusal);
    else if (part.type === "image_url") {
      tally.images++;
      const detail = (part.image_url as { detail?: string } | undefined)?.detail;
      tally.imageEstimate += detail === "low" ? lowDetailImageTokens : imageEstimateTokens;
    } else {
      // Audio and files: their base64 payload bounds them from above.
      tally.text(JSON.stringify(part));
    }
  }
}

function fromTally(tally: Tally, framing: number): PromptTokens {
  const estimate = Math.ceil(tally.chars / 4) + tally.imageEstimate + framing;
  const worstCase = tally.bytes + tally.images * imageWorstCaseTokens + framing;
  return { estimate, worstCase: Math.max(worstCase, estimate) };
}

export function chatPromptTokens(body: ChatCompletionRequest): PromptTokens {
  const tally = new Tally();
  for (const message of body.messages) {
    tallyContent(tally, message.content);
    if (message.role === "assistant" && message.tool_calls) {
      for (const call of message.tool_calls) tally.text(call.function.name + call.function.arguments);
    }
    if ("name" in message && typeof message.name === "string") tally.text(message.name);
  }
  if (body.tools) tally.text(JSON.stringify(body.tools));
  if (body.response_format) tally.text(JSON.stringify(body.response_format));
  return fromTally(tally, body.messages.length * perMessageTokens + 3);
}

export function embeddingPromptTokens(body: EmbeddingsRequest): PromptTokens {
  const input: unknown = body.input;
  const tally = new Tally();
  let exact = 0;
  const visit = (value: unknown) => {
    if (typeof value === "string") tally.text(value);
    else if (typeof value === "number") exact++;
    else if (Array.isArray(value)) for (const item of value) visit(item);
  };
  visit(input);
  const counted = fromTally(tally, 0);
  return { estimate: counted.estimate + exact, worstCase: counted.worstCase + exact };
}

/** The most a chat request may generate: its own cap, else the deployment's window, else a default. */
export function maxOutputTokens(body: ChatCompletionRequest, fallback: number): number {
  const requested = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const perChoice = typeof requested === "number" && requested > 0 ? requested : fallback;
  const choices = typeof body.n === "number" && body.n > 1 ? body.n : 1;
  return perChoice * choices;
}
