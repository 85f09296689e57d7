import { errorKindFromStatus } from "../shared/error-kind";
import { tryParseJson } from "../shared/json";
import { upstreamErrorFrom } from "../shared/upstream-error";
import type { CallContext, UpstreamError, UpstreamErrorKind, UpstreamErrorResponse } from "../spec";
import { bedrockProvider } from "./signing";
import { bedrockErrorSchema } from "./wire";

/** Keyed by exception name in lower case: HTTP errors say `ThrottlingException`, stream exceptions `throttlingException`. */
const kindByException: Readonly<Record<string, UpstreamErrorKind>> = {
  throttlingexception: "rate_limit",
  servicequotaexceededexception: "rate_limit",
  modelnotreadyexception: "overloaded",
  serviceunavailableexception: "overloaded",
  internalserverexception: "server",
  modelerrorexception: "server",
  modelstreamerrorexception: "server",
  modeltimeoutexception: "timeout",
  validationexception: "bad_request",
  accessdeniedexception: "permission",
  unrecognizedclientexception: "auth",
  invalidsignatureexception: "auth",
  expiredtokenexception: "auth",
  resourcenotfoundexception: "not_found",
};

// "Input is too long for requested model.", "too many input tokens", "prompt is too long".
const contextLengthPattern = /too long|too many (input )?tokens|exceeds? (the )?(model'?s? )?(context|maximum)/i;

function header(headers: UpstreamErrorResponse["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function mapException(
  exception: string | undefined,
  rawMessage: string | undefined,
  response: UpstreamErrorResponse | undefined,
  context: CallContext,
): UpstreamError {
  const status = response?.status;
  let kind: UpstreamErrorKind =
    (exception && kindByException[exception.toLowerCase()]) || (status === undefined ? "stream" : errorKindFromStatus(status));
  if (kind === "bad_request" && rawMessage && contextLengthPattern.test(rawMessage)) kind = "context_length";
  return upstreamErrorFrom(
    {
      provider: bedrockProvider,
      kind,
      message: rawMessage,
      label: exception,
      response,
      // The exception name helps a caller fix a bad request; other kinds keep the gateway's codes.
      code: kind === "bad_request" ? exception : undefined,
    },
    context,
  );
}

function messageOf(parsed: unknown): string | undefined {
  const body = bedrockErrorSchema.safeParse(parsed);
  return body.success ? (body.data.message ?? body.data.Message ?? undefined) : undefined;
}

/** Non-2xx: the exception name is in `x-amzn-errortype` ("ThrottlingException:http://internal.amazon.com/..."), the text in the body. */
export function mapBedrockError(response: UpstreamErrorResponse, context: CallContext): UpstreamError {
  const exception = header(response.headers, "x-amzn-errortype")?.split(":")[0];
  return mapException(exception, messageOf(tryParseJson(response.body)), response, context);
}

/** An exception frame inside a ConverseStream reply (`:exception-type` header, `{"message"}` payload). */
export function mapBedrockStreamException(exception: string | undefined, payload: string, context: CallContext): UpstreamError {
  return mapException(exception, messageOf(tryParseJson(payload)), undefined, context);
}
