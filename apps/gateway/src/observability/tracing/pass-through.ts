import type { IncomingHttpHeaders } from "node:http";

/**
 * With tracing off the gateway takes no part in the trace, but a client's W3C trace context still
 * reaches the upstream unchanged, so the client's and the provider's spans join up.
 */
export function clientTraceHeaders(headers: IncomingHttpHeaders): Readonly<Record<string, string>> | undefined {
  const parent = headers.traceparent;
  if (typeof parent !== "string" || parent === "") return undefined;
  const state = headers.tracestate;
  return typeof state === "string" && state !== "" ? { traceparent: parent, tracestate: state } : { traceparent: parent };
}
