import type { FastifyInstance } from "fastify";
import type { RuntimeConfig } from "../config/runtime";
import { errors } from "../errors";

/** The config this request runs under, taken once so a swap mid-request cannot mix two. */
export function requireRuntime(app: FastifyInstance): RuntimeConfig {
  const runtime = app.gateway.store.current;
  if (!runtime) throw errors.notReady();
  return runtime;
}
