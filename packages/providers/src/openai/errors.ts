import { errorKindFromStatus, redactSecret } from "../shared/error-kind";
import { isObject, tryParseJson } from "../shared/json";
import { parseRetryAfterMs } from "../shared/retry-after";
import type { CallContext, UpstreamErrorKind, UpstreamErrorResponse } from "../spec";
import { UpstreamError } from "../spec";

const contextLengthCodes = new Set(["context_length_exceeded", "string_above_max_length"]);
const contentFilterCodes = new Set(["content_filter", "content_policy_violation"]);

function refineKind(kind: UpstreamErrorKind, code: string | undefined, message: string): UpstreamErrorKind {
  if (code && contextLengthCodes.has(code)) return "context_length";
  if (code && contentFilterCodes.has(code)) return "content_filter";
  // vLLM and llama.cpp say it only in words.
  if (kind === "bad_request" && /context length|maximum context|too many tokens/i.test(message)) return "context_length";
  return kind;
}

/**
 * `{"error":{message,type,param,code}}` (OpenAI and every compatible server) → UpstreamError.
 * Used for HTTP error replies and for error events inside a stream (status undefined).
 */
export function mapOpenAIStyleErrorBody(
  parsed: unknown,
  response: UpstreamErrorResponse | undefined,
  context: CallContext,
  provider: string,
): UpstreamError {
  const status = response?.status;
  const envelope = isObject(parsed) ? (isObject(parsed.error) ? parsed.error : parsed) : undefined;
  const upstreamMessage = envelope && typeof envelope.message === "string" ? envelope.message : undefined;
  const code = envelope && (typeof envelope.code === "string" || typeof envelope.code === "number") ? String(envelope.code) : undefined;
  const param = envelope && typeof envelope.param === "string" ? envelope.param : null;
  const baseKind = status === undefined ? "stream" : errorKindFromStatus(status);
  const kind = refineKind(baseKind, code, upstreamMessage ?? "");
  const apiKey = context.target.apiKey;
  // Our provider credential was refused: the caller needs to know that, not the upstream's wording
  // (OpenAI's 401 text quotes part of the key).
  const message =
    kind === "auth" || kind === "permission"
      ? `upstream rejected the gateway's credentials (HTTP ${status})`
      : redactSecret(upstreamMessage ?? `upstream returned HTTP ${status ?? "error"}`, apiKey);
  return new UpstreamError({
    kind,
    provider,
    deploymentId: context.target.deploymentId,
    status,
    message,
    body: response ? redactSecret(response.body, apiKey) : undefined,
    retryAfterMs: response ? parseRetryAfterMs(response.headers) : undefined,
    // A spent quota does not come back by retrying.
    retryable: code === "insufficient_quota" ? false : undefined,
    code: kind === "rate_limit" || kind === "auth" || kind === "permission" ? undefined : code,
    param,
  });
}

export function mapOpenAIStyleError(response: UpstreamErrorResponse, context: CallContext, provider: string): UpstreamError {
  return mapOpenAIStyleErrorBody(tryParseJson(response.body), response, context, provider);
}
