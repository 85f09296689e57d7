import type { RuntimeDeployment } from "../config/runtime";

/** Why a model in the chain was tried: the one asked for, or a fallback of one kind. */
export type RouteKind = "primary" | "fallback" | "context-window" | "content-policy";

/** One upstream call of a request, successful or not. */
export interface AttemptRecord {
  readonly deploymentId: string;
  /** The gateway model the deployment belongs to (differs from the requested one on fallbacks). */
  readonly model: string;
  readonly outcome: "success" | "error";
  /** Upstream HTTP status; undefined for transport failures and timeouts. */
  readonly status: number | undefined;
  /** UpstreamError kind (rate_limit, server, timeout, ...) for failures. */
  readonly errorKind: string | undefined;
  /** From the attempt's start to its answer (first chunk for streams). */
  readonly latencyMs: number;
}

/**
 * What dispatch did for a request, on `request.switchyard.routing`: metering prices the
 * deployment that answered, logs and headers report the attempts.
 */
export interface RoutingTrace {
  readonly attempts: AttemptRecord[];
  /** Attempts beyond the first within a model. */
  retries: number;
  /** Fallback models tried. */
  fallbacks: number;
  /** The deployment that answered; undefined when none did. */
  deployment: RuntimeDeployment | undefined;
  /** How the answering model was reached. */
  routeKind: RouteKind | undefined;
}

export function newRoutingTrace(): RoutingTrace {
  return { attempts: [], retries: 0, fallbacks: 0, deployment: undefined, routeKind: undefined };
}
