import type { EmbeddingsRequest, EmbeddingsResponse } from "@switchyard/schemas";
import type { Cancel } from "./client-abort";

/** Upstream calls of one split batch in flight at once (a provider's per-key concurrency is finite). */
const parallelCalls = 4;

/**
 * A request's inputs as separate items, when it has more than one: strings, or token arrays
 * (number[][]). A single string or a single token array (number[]) is one input.
 */
function inputItems(input: EmbeddingsRequest["input"]): unknown[] | undefined {
  if (!Array.isArray(input) || input.length === 0) return undefined;
  return typeof input[0] === "number" ? undefined : input;
}

/**
 * Embeds a batch larger than one upstream call takes (`maxInputs`, e.g. Bedrock Titan's one text) as
 * consecutive slices, at most `parallelCalls` at a time, and joins the replies in input order with
 * their indexes and usage added up. One slice failing aborts the others and fails the whole call,
 * so dispatch retries or falls back with the batch whole. Without a limit, or within it: one call.
 */
export async function embedInSlices(
  body: EmbeddingsRequest,
  maxInputs: number | undefined,
  signal: Cancel,
  call: (slice: EmbeddingsRequest, signal: Cancel) => Promise<EmbeddingsResponse>,
): Promise<EmbeddingsResponse> {
  const items = inputItems(body.input);
  if (maxInputs === undefined || maxInputs < 1 || !items || items.length <= maxInputs) return call(body, signal);
  const slices: EmbeddingsRequest[] = [];
  for (let start = 0; start < items.length; start += maxInputs)
    slices.push({ ...body, input: items.slice(start, start + maxInputs) as EmbeddingsRequest["input"] });
  const both = signal.child();
  const replies: EmbeddingsResponse[] = new Array(slices.length);
  let next = 0;
  const worker = async () => {
    while (next < slices.length) {
      const index = next++;
      replies[index] = await call(slices[index] as EmbeddingsRequest, both);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallelCalls, slices.length) }, worker));
  } catch (error) {
    both.abort();
    throw error;
  }
  const data: EmbeddingsResponse["data"] = [];
  let promptTokens = 0;
  let totalTokens = 0;
  let usageKnown = true;
  replies.forEach((reply, slice) => {
    for (const item of reply.data) data.push({ ...item, index: slice * maxInputs + item.index });
    if (reply.usage) {
      promptTokens += reply.usage.prompt_tokens;
      totalTokens += reply.usage.total_tokens;
    } else usageKnown = false;
  });
  const first = replies[0] as EmbeddingsResponse;
  return { ...first, data, usage: usageKnown ? { prompt_tokens: promptTokens, total_tokens: totalTokens } : first.usage };
}
