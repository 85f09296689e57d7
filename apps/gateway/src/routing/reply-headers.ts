import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";

/**
 * `x-switchyard-attempts`: how many upstream attempts a reply took (retries and fallbacks
 * included), on successes and on errors alike. The answering deployment is named by the routes
 * (`x-switchyard-deployment`); the attempt list itself is on `request.switchyard.routing`.
 */
async function routingReplyHeaders(app: FastifyInstance): Promise<void> {
  app.addHook("onSend", (request, reply, payload, done) => {
    const attempts = request.switchyard?.routing?.attempts.length;
    if (attempts) reply.header("x-switchyard-attempts", String(attempts));
    done(null, payload);
  });
}

export const routingReplyHeadersPlugin = fastifyPlugin(routingReplyHeaders, { name: "switchyard-routing-headers", fastify: "5.x" });
