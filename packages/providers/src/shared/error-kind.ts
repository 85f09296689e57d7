import type { UpstreamErrorKind } from "../spec";

/** The default kind for an upstream HTTP status; adapters refine it from the error body. */
export function errorKindFromStatus(status: number): UpstreamErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 409) return "server";
  if (status === 503 || status === 529) return "overloaded";
  if (status >= 500) return "server";
  if (status >= 400) return "bad_request";
  return "unknown";
}

/**
 * Replace every occurrence of a secret, so an upstream echoing our key never reaches a log or
 * client. Compound credentials ("ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]" for Bedrock)
 * are also redacted part by part: an upstream may echo one part alone.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  let redacted = text.split(secret).join("[redacted]");
  if (secret.includes(":")) {
    for (const part of secret.split(":")) if (part.length >= 8) redacted = redacted.split(part).join("[redacted]");
  }
  return redacted;
}
