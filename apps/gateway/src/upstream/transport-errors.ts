import { UpstreamError } from "@switchyard/providers";
import type { RuntimeDeployment } from "../config/runtime";
import type { UpstreamSignal } from "../pipeline/client-abort";

/** The client went away; nothing to answer, the upstream call was aborted. */
export class ClientClosedError extends Error {
  override readonly name = "ClientClosedError";
}

const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return errorCode((error as { cause?: unknown }).cause);
}

/**
 * A failure below HTTP (refused, reset, timed out) → UpstreamError, or ClientClosedError when
 * the abort came from the client hanging up.
 */
export function mapTransportError(error: unknown, deployment: RuntimeDeployment, clientSignal: UpstreamSignal): Error {
  if (error instanceof UpstreamError || error instanceof ClientClosedError) return error;
  if (clientSignal.aborted) return new ClientClosedError("client closed the connection");
  const code = errorCode(error);
  const provider = deployment.adapter.name;
  const base = { provider, deploymentId: deployment.id, cause: error };
  if (code && timeoutCodes.has(code)) {
    return new UpstreamError({ ...base, kind: "timeout", message: `no answer from the upstream within ${deployment.timeoutMs} ms` });
  }
  const detail = code ?? (error instanceof Error ? error.message : "unknown error");
  return new UpstreamError({ ...base, kind: "connection", message: `cannot reach the upstream (${detail})` });
}
