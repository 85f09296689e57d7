import { errorKindFromStatus } from "../shared/error-kind";
import { tryParseJson } from "../shared/json";
import { upstreamErrorFrom } from "../shared/upstream-error";
import type { CallContext, UpstreamError, UpstreamErrorKind, UpstreamErrorResponse } from "../spec";
import { geminiProvider } from "./request";
import { geminiErrorSchema } from "./wire";

const kindByStatus: Readonly<Record<string, UpstreamErrorKind>> = {
  INVALID_ARGUMENT: "bad_request",
  FAILED_PRECONDITION: "bad_request",
  OUT_OF_RANGE: "bad_request",
  UNAUTHENTICATED: "auth",
  PERMISSION_DENIED: "permission",
  NOT_FOUND: "not_found",
  RESOURCE_EXHAUSTED: "rate_limit",
  INTERNAL: "server",
  UNKNOWN: "server",
  UNAVAILABLE: "overloaded",
  DEADLINE_EXCEEDED: "timeout",
};

// "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."
const contextLengthPattern = /exceeds the maximum number of tokens|input token count|context (length|window)|too long/i;

/** google.rpc.RetryInfo's retryDelay is a protobuf Duration in JSON: "37s", "0.5s". */
function retryDelayMs(delay: string | null | undefined): number | undefined {
  const match = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
  return match?.[1] ? Math.ceil(Number(match[1]) * 1000) : undefined;
}

/** `{"error":{code,message,status,details}}` → UpstreamError, for HTTP replies and in-stream error events. */
export function mapGeminiErrorBody(parsed: unknown, response: UpstreamErrorResponse | undefined, context: CallContext): UpstreamError {
  const envelope = geminiErrorSchema.safeParse(parsed);
  const error = envelope.success ? envelope.data.error : undefined;
  const status = response?.status ?? error?.code ?? undefined;
  const details = error?.details ?? [];
  let kind: UpstreamErrorKind =
    (error?.status && kindByStatus[error.status]) || (status === undefined ? "stream" : errorKindFromStatus(status));
  // A bad key is a 400 INVALID_ARGUMENT whose ErrorInfo says API_KEY_INVALID.
  if (details.some((detail) => detail.reason === "API_KEY_INVALID")) kind = "auth";
  if (kind === "bad_request" && error?.message && contextLengthPattern.test(error.message)) kind = "context_length";
  const retryInfo = details.find((detail) => detail["@type"]?.endsWith("google.rpc.RetryInfo"));
  return upstreamErrorFrom(
    {
      provider: geminiProvider,
      kind,
      message: error?.message ?? undefined,
      label: error?.status ?? undefined,
      response,
      retryAfterMs: retryDelayMs(retryInfo?.retryDelay),
    },
    context,
  );
}

export function mapGeminiError(response: UpstreamErrorResponse, context: CallContext): UpstreamError {
  return mapGeminiErrorBody(tryParseJson(response.body), response, context);
}
