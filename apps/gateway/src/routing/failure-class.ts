import type { UpstreamError } from "@switchyard/providers";

/**
 * What a failed attempt means for the rest of the request:
 * - retry: transient (429, 408, 5xx, timeouts, resets): this or another deployment may answer;
 * - deployment: this deployment cannot serve (credentials refused, model missing upstream, spent
 *   quota): another deployment may, this one not again in this request;
 * - context / content: the request is too long / was refused by a content filter here: only the
 *   model's contextWindowFallbacks / contentPolicyFallbacks may help;
 * - request: the request itself is wrong (400): every deployment would say the same.
 */
export type FailureClass = "retry" | "deployment" | "context" | "content" | "request";

export function classifyFailure(error: UpstreamError): FailureClass {
  if (error.kind === "context_length") return "context";
  if (error.kind === "content_filter") return "content";
  if (error.retryable) return "retry";
  if (error.kind === "bad_request") return "request";
  return "deployment";
}

/** Failures that say something about the deployment's health, so they count towards its cooldown. */
export function countsTowardsCooldown(failure: FailureClass): boolean {
  return failure === "retry" || failure === "deployment";
}
