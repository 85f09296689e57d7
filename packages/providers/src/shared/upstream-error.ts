import type { CallContext, StreamPart, UpstreamErrorKind, UpstreamErrorResponse } from "../spec";
import { UpstreamError } from "../spec";
import { redactSecret } from "./error-kind";
import { parseRetryAfterMs } from "./retry-after";

/** What a provider's error mapper read from an error reply or an in-stream error event. */
export interface UpstreamErrorFacts {
  readonly provider: string;
  readonly kind: UpstreamErrorKind;
  /** The provider's own wording, if any. */
  readonly message: string | undefined;
  /** Names the refusal when credentials were refused (an error type or exception name). */
  readonly label?: string;
  /** Undefined for errors inside a 200 stream. */
  readonly response: UpstreamErrorResponse | undefined;
  /** A provider-specific wait (e.g. Gemini's RetryInfo); else the retry-after headers. */
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly retryable?: boolean;
}

/** Our credentials in any form a deployment holds them: its apiKey, or AWS keys kept in options (Bedrock standalone files). */
function redactCredentials(text: string, context: CallContext): string {
  const { apiKey, options } = context.target;
  let redacted = redactSecret(text, apiKey);
  for (const name of ["secretAccessKey", "sessionToken"]) {
    const value = options[name];
    if (typeof value === "string") redacted = redactSecret(redacted, value);
  }
  return redacted;
}

/**
 * The UpstreamError every non-OpenAI mapper builds: the provider's message with our key
 * redacted, or, when our credentials were refused, a fixed sentence (some providers quote the key).
 */
export function upstreamErrorFrom(facts: UpstreamErrorFacts, context: CallContext): UpstreamError {
  const { kind, response } = facts;
  const status = response?.status;
  const message =
    kind === "auth" || kind === "permission"
      ? `upstream rejected the gateway's credentials (${facts.label ?? `HTTP ${status}`})`
      : redactCredentials(facts.message ?? facts.label ?? `upstream returned HTTP ${status ?? "error"}`, context);
  return new UpstreamError({
    kind,
    provider: facts.provider,
    deploymentId: context.target.deploymentId,
    status,
    message,
    body: response ? redactCredentials(response.body, context) : undefined,
    retryAfterMs: facts.retryAfterMs ?? (response ? parseRetryAfterMs(response.headers) : undefined),
    code: facts.code,
    retryable: facts.retryable,
  });
}

/** A reply the adapter cannot read: the upstream misbehaved, so a server error another deployment may not repeat. */
export function unreadableReply(provider: string, context: CallContext, what: string, cause?: unknown): UpstreamError {
  return new UpstreamError({
    kind: "server",
    provider,
    deploymentId: context.target.deploymentId,
    message: `unreadable reply: ${what}`,
    cause,
  });
}

/** A broken stream (bad event, early close) as the error part transformers return instead of throwing. */
export function streamErrorPart(provider: string, context: CallContext, message: string, cause?: unknown): StreamPart {
  return {
    type: "error",
    error: new UpstreamError({ kind: "stream", provider, deploymentId: context.target.deploymentId, message, cause }),
  };
}
