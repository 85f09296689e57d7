import { gracefulClosePlugin } from "@switchyard/server-kit/graceful-close";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Deps } from "./context";
import { createContext } from "./context";
import { dataPlanePlugin } from "./dataplane/plugin";
import type { Database } from "./db";
import type { Env } from "./env";
import { asAppError } from "./errors";
import { registerExportRoute } from "./export/export-route";
import { sendAppError, sendError } from "./http-errors";
import { registerSsoLoginRoute } from "./internal/sso-login-route";
import { createControlPlaneMetrics } from "./observability/metrics";
import { type AppRouter, appRouter } from "./router";
import { ConfigEvents } from "./services/config/config-events";

export interface BuildAppOptions {
  prisma: Database;
  env: Env;
  /** Enables the cross-instance publish nudge; a subscriber connection is duplicated from it. */
  redis?: Redis;
  /** A ready pino logger (tests capture lines with it); default: pino at LOG_LEVEL. */
  logger?: FastifyBaseLogger;
}

declare module "fastify" {
  interface FastifyInstance {
    /** What procedures and routes share; tests build tRPC callers from it. */
    deps: Deps;
  }
}

/** Secrets never reach log lines, whatever a future log call passes in. */
const redactPaths = ["req.headers.authorization", "*.apiKey", "*.plaintext", "*.ciphertext", "*.password", "*.token"];

/** Builds the plugin tree without listening, so tests can `inject()` or call the router directly. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { env } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: { level: env.LOG_LEVEL, redact: redactPaths } }),
    // tRPC batches put many procedure names into one path segment.
    routerOptions: { maxParamLength: 5000 },
    // Who may set X-Forwarded-For (the audit log's IP): env TRUST_PROXY, by default loopback and private networks.
    trustProxy: env.TRUST_PROXY,
  });
  // Gateways keep connections open (long-polls, heartbeats, spend batches): end them as soon as
  // they are idle on close instead of waiting out the keep-alive timeout.
  await app.register(gracefulClosePlugin);
  const events = new ConfigEvents(app.log, options.redis);
  const deps: Deps = { prisma: options.prisma, env, log: app.log, events, metrics: createControlPlaneMetrics(events) };
  await events.start();
  app.addHook("preClose", async () => {
    await events.stop();
  });

  app.setErrorHandler((error, request, reply) => {
    const appError = asAppError(error);
    if (appError) return sendAppError(reply, appError);
    const status =
      typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, "unhandled error");
      return sendError(reply, 500, "internal_error", "internal error");
    }
    return sendError(reply, status, "invalid_request", error instanceof Error ? error.message : "invalid request");
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  // Prometheus, unauthenticated like the gateway's: counts and gateway instance ids, nothing secret.
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) => createContext(deps, { authorization: req.headers.authorization, ip: req.ip }),
      onError({ path, error }) {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error, path }, "tRPC procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });
  await app.register(dataPlanePlugin(deps));
  registerSsoLoginRoute(app, deps);
  registerExportRoute(app, deps);

  app.decorate("deps", deps);
  return app;
}
