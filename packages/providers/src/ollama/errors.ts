import { errorKindFromStatus } from "../shared/error-kind";
import { isObject, tryParseJson } from "../shared/json";
import { upstreamErrorFrom } from "../shared/upstream-error";
import type { CallContext, UpstreamError, UpstreamErrorKind, UpstreamErrorResponse } from "../spec";
import { ollamaProvider } from "./request";

// llama.cpp underneath: "the input length exceeds the context length", "prompt too long".
const contextLengthPattern = /context (length|window)|too long|exceeds the (maximum|context)/i;

function mapMessage(rawMessage: string | undefined, response: UpstreamErrorResponse | undefined, context: CallContext): UpstreamError {
  const status = response?.status;
  let kind: UpstreamErrorKind = status === undefined ? "stream" : errorKindFromStatus(status);
  if ((kind === "bad_request" || kind === "server" || kind === "stream") && rawMessage && contextLengthPattern.test(rawMessage))
    kind = "context_length";
  return upstreamErrorFrom({ provider: ollamaProvider, kind, message: rawMessage, response }, context);
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
