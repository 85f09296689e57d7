import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { bearerToken } from "../auth/assertion";
import type { Env } from "../env";
import { sendError } from "../http-errors";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Constant-time comparison; hashing first keeps the token length from leaking too. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/** A preHandler for /dataplane/*: gateways hold SWITCHYARD_DATAPLANE_TOKEN, nobody else gets in. */
export function dataPlaneAuth(env: Env) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const expected = env.SWITCHYARD_DATAPLANE_TOKEN;
    if (!expected) return sendError(reply, 503, "dataplane_disabled", "SWITCHYARD_DATAPLANE_TOKEN is not configured on the control plane");
    if (!tokenMatches(bearerToken(request.headers.authorization), expected)) {
      return sendError(reply, 401, "invalid_dataplane_token", "missing or invalid data-plane token");
    }
  };
}
