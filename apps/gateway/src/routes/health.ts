import type { FastifyInstance } from "fastify";

/** Liveness is the process; readiness is having a config to serve from. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const runtime = app.gateway.store.current;
    if (!runtime) return reply.code(503).send({ status: "not_ready", reason: "no configuration loaded" });
    return {
      status: "ready",
      config: { version: runtime.meta.version ?? null, sha256: runtime.meta.sha256 ?? null, source: runtime.meta.source },
    };
  });
}
