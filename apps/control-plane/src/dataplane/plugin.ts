import type { FastifyInstance } from "fastify";
import type { Deps } from "../context";
import { registerConfigRoute } from "./config-route";
import { dataPlaneAuth } from "./dataplane-auth";
import { registerIngestRoutes } from "./ingest-routes";

/** Everything gateways talk to, behind the data-plane token. Registered as an encapsulated child. */
export function dataPlanePlugin(deps: Deps) {
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", dataPlaneAuth(deps.env));
    registerConfigRoute(app, deps);
    registerIngestRoutes(app, deps);
  };
}
