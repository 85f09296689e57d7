import { errorKindFromStatus, redactSecret } from "../shared/error-kind";
import { isObject, tryParseJson } from "../shared/json";
import { parseRetryAfterMs } from "../shared/retry-after";
import type { CallContext, UpstreamErrorKind, UpstreamErrorResponse } from "../spec";
import { UpstreamError } from "../spec";
import { ollamaProvider } from "./request";

// llama.cpp underneath: "the input length exceeds the context length", "prompt too long".
const contextLengthPattern = /context (length|window)|too long|exceeds the (maximum|context)/i;

function mapMessage(rawMessage: string | undefined, response: UpstreamErrorResponse | undefined, context: CallContext): UpstreamError {
  const status = response?.status;
  let kind: UpstreamErrorKind = status === undefined ? "stream" : errorKindFromStatus(status);
  if ((kind === "bad_request" || kind === "server" || kind === "stream") && rawMessage && contextLengthPattern.test(rawMessage))
    kind = "context_length";
  const secret = context.target.apiKey;
  const message =
    kind === "auth" || kind === "permission"
      ? `upstream rejected the gateway's credentials (HTTP ${status})`
      : redactSecret(rawMessage ?? `upstream returned HTTP ${status ?? "error"}`, secret);
  return new UpstreamError({
    kind,
    provider: ollamaProvider,
    deploymentId: context.target.deploymentId,
    status,
    message,
    body: response ? redactSecret(response.body, secret) : undefined,
    retryAfterMs: response ? parseRetryAfterMs(response.headers) : undefined,
  });
}

/** Ollama errors are `{"error":"..."}` (a plain string) with the HTTP status saying what kind. */
export function mapOllamaError(response: UpstreamErrorResponse, context: CallContext): UpstreamError {
  const parsed = tryParseJson(response.body);
  const text = isObject(parsed) && typeof parsed.error === "string" ? parsed.error : undefined;
  return mapMessage(text, response, context);
}

/** An `{"error":"..."}` line in the middle of an NDJSON stream. */
export function mapOllamaStreamError(message: string, context: CallContext): UpstreamError {
  return mapMessage(message, undefined, context);
}
