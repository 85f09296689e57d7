import type { OpenAIErrorBody } from "@switchyard/schemas";
import type { AnthropicErrorBody, AnthropicErrorType } from "@switchyard/schemas/anthropic";
import type { ZodError } from "zod";

/** Gateway status → Anthropic error type, so the Anthropic SDK raises the matching exception class. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 400:
    case 422:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 402:
      return "billing_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 503:
    case 529:
      return "overloaded_error";
    case 504:
      return "timeout_error";
    default:
      return status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
  }
}

export function anthropicErrorBody(status: number, message: string): AnthropicErrorBody {
  return { type: "error", error: { type: anthropicErrorType(status), message } };
}

/** The gateway's OpenAI-shaped error (from a guard, a limit or an UpstreamError) in Anthropic's envelope. */
export function openAIToAnthropicError(status: number, body: OpenAIErrorBody): AnthropicErrorBody {
  return anthropicErrorBody(status, body.error.message);
}

/** A request that failed anthropicMessagesRequestSchema, worded like Anthropic's own 400s ("messages.0.content: ..."). */
export function anthropicValidationError(error: ZodError): AnthropicErrorBody {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return anthropicErrorBody(400, `${path}${issue?.message ?? "invalid request"}`);
}
