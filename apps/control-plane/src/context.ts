import type { FastifyBaseLogger } from "fastify";
import { bearerToken, verifySessionAssertion } from "./auth/assertion";
import { loadSession, type Session } from "./auth/session";
import type { Database } from "./db";
import type { Env } from "./env";
import type { ControlPlaneMetrics } from "./observability/metrics";
import type { ConfigEvents } from "./services/config/config-events";

/** Long-lived things every request handler may use. */
export interface Deps {
  prisma: Database;
  env: Env;
  log: FastifyBaseLogger;
  events: ConfigEvents;
  metrics: ControlPlaneMetrics;
}

export interface Context extends Deps {
  session: Session | null;
  /** The end user's address: the console's `ip` claim, else the socket peer. */
  ip: string | undefined;
}

export interface RequestIdentity {
  authorization: string | undefined;
  ip: string | undefined;
}

/**
 * Builds a tRPC context from the request's Bearer assertion. Used by the Fastify
 * adapter and by tests (which sign real assertions), so both take the same path.
 */
export async function createContext(deps: Deps, identity: RequestIdentity): Promise<Context> {
  const anonymous: Context = { ...deps, session: null, ip: identity.ip };
  const secret = deps.env.SWITCHYARD_CONSOLE_SECRET;
  const token = bearerToken(identity.authorization);
  if (!secret || !token) return anonymous;
  const claims = await verifySessionAssertion(token, secret);
  if (!claims) return anonymous;
  const session = await loadSession(deps.prisma, claims.sub);
  if (!session) return anonymous;
  return { ...deps, session, ip: claims.ip ?? identity.ip };
}
