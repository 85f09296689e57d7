import type { OpenAIErrorBody } from "@switchyard/schemas";
import type { AnthropicErrorBody, AnthropicErrorType } from "@switchyard/schemas/anthropic";
import type { ZodError } from "zod";
import type { $ZodIssue } from "zod/v4/core";

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

/**
 * The issue to report, with its full path. A union (`content`: string or blocks) fails as one
 * "Invalid input" at the union; the branch that got furthest (the longest path) says what is
 * actually wrong, e.g. `messages.0.content.0.source.data` rather than `messages.0.content`.
 */
function deepestIssue(issue: $ZodIssue, prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  let best = { path, message: issue.message };
  if (issue.code !== "invalid_union") return best;
  for (const branch of issue.errors) {
    for (const nested of branch) {
      const candidate = deepestIssue(nested, path);
      if (candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best;
}

/** A request that failed anthropicMessagesRequestSchema, worded like Anthropic's own 400s ("messages.0.content: ..."). */
export function anthropicValidationError(error: ZodError): AnthropicErrorBody {
  const issue = error.issues[0];
  if (!issue) return anthropicErrorBody(400, "invalid request");
  const { path, message } = deepestIssue(issue, []);
  return anthropicErrorBody(400, `${path.length > 0 ? `${path.map(String).join(".")}: ` : ""}${message}`);
}
