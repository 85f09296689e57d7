import { anthropicErrorSchema } from "@switchyard/schemas/anthropic";
import { errorKindFromStatus } from "../shared/error-kind";
import { tryParseJson } from "../shared/json";
import { upstreamErrorFrom } from "../shared/upstream-error";
import type { CallContext, UpstreamError, UpstreamErrorKind, UpstreamErrorResponse } from "../spec";
import { anthropicProvider } from "./request";

const kindByErrorType: Readonly<Record<string, UpstreamErrorKind>> = {
  invalid_request_error: "bad_request",
  request_too_large: "bad_request",
  authentication_error: "auth",
  permission_error: "permission",
  // Out of credit: a retry will not help, another deployment might.
  billing_error: "permission",
  not_found_error: "not_found",
  rate_limit_error: "rate_limit",
  overloaded_error: "overloaded",
  api_error: "server",
  timeout_error: "timeout",
};

// "prompt is too long: 208357 tokens > 200000 maximum" and its relatives.
const contextLengthPattern = /prompt is too long|too many (input )?tokens|exceeds? (the )?(model'?s? )?(context|maximum)/i;

interface AnthropicErrorFields {
  readonly type: string | undefined;
  readonly message: string | undefined;
}

function readErrorFields(parsed: unknown): AnthropicErrorFields {
  const envelope = anthropicErrorSchema.safeParse(parsed);
  if (!envelope.success) return { type: undefined, message: undefined };
  return { type: envelope.data.error.type ?? undefined, message: envelope.data.error.message ?? undefined };
}

function mapFields(fields: AnthropicErrorFields, response: UpstreamErrorResponse | undefined, context: CallContext): UpstreamError {
  const status = response?.status;
  let kind: UpstreamErrorKind =
    (fields.type && kindByErrorType[fields.type]) || (status === undefined ? "stream" : errorKindFromStatus(status));
  if (kind === "bad_request" && fields.message && contextLengthPattern.test(fields.message)) kind = "context_length";
  return upstreamErrorFrom(
    {
      provider: anthropicProvider,
      kind,
      message: fields.message,
      label: fields.type,
      response,
      // A billing_error is not transient even though another deployment may succeed.
      retryable: fields.type === "billing_error" ? false : undefined,
    },
    context,
  );
}

/** Non-2xx reply `{"type":"error","error":{"type","message"}}` → UpstreamError. */
export function mapAnthropicError(response: UpstreamErrorResponse, context: CallContext): UpstreamError {
  return mapFields(readErrorFields(tryParseJson(response.body)), response, context);
}

/** An `event: error` inside a 200 stream (overloaded_error is the usual one). */
export function mapAnthropicStreamError(parsed: unknown, context: CallContext): UpstreamError {
  return mapFields(readErrorFields(parsed), undefined, context);
}
