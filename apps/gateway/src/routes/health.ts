import type { FastifyInstance } from "fastify";

/** Liveness is the process; readiness is having a config to serve from. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const runtime = app.gateway.store.current;
    if (!runtime) return reply.code(503).send({ status: "not_ready", reason: "no configuration loaded" });
    const config = { version: runtime.meta.version ?? null, sha256: runtime.meta.sha256 ?? null, source: runtime.meta.source };
    // Redis down is "ready, degraded" in fail-open (per-instance limits); fail-closed refuses limited requests, so not ready.
    const { redis } = app.governance.health();
    if (redis === "down" && runtime.config.limits.failMode === "closed")
      return reply.code(503).send({ status: "not_ready", reason: "redis unreachable and limits.failMode is closed", redis, config });
    return { status: "ready", redis, config };
  });
}
