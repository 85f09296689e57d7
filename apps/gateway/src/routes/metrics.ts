import type { FastifyInstance } from "fastify";

export async function metricsRoute(app: FastifyInstance): Promise<void> {
  app.get("/metrics", async (_request, reply) => {
    const registry = app.gateway.metrics.registry;
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
