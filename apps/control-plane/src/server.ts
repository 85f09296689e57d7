import { openDatabase, pgliteDataDir } from "@switchyard/db";
import { Redis } from "ioredis";
import { buildApp } from "./app";
import { seedAndPublishDemo } from "./bootstrap/demo";
import { loadEnv } from "./env";

/**
 * Opens PostgreSQL (DATABASE_URL) or the embedded PGlite under SWITCHYARD_DATA_DIR,
 * applies migrations, listens, and shuts down cleanly on SIGINT/SIGTERM: stop
 * accepting requests, release long-polls, then close Redis and the database.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: pgliteDataDir(env.SWITCHYARD_DATA_DIR), migrate: true });
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
  const app = await buildApp({ prisma: database.prisma, env, redis });
  app.log.info({ database: database.kind, redis: Boolean(redis) }, "control plane starting");
  if (env.SWITCHYARD_DEMO_KEY) await seedAndPublishDemo(app.deps, env.SWITCHYARD_DEMO_KEY);
  if (!env.SWITCHYARD_CONSOLE_SECRET) app.log.warn("SWITCHYARD_CONSOLE_SECRET is not set: every tRPC call is unauthenticated");
  if (!env.SWITCHYARD_DATAPLANE_TOKEN) app.log.warn("SWITCHYARD_DATAPLANE_TOKEN is not set: gateways cannot sync");
  if (!env.SWITCHYARD_MASTER_KEY) app.log.warn("SWITCHYARD_MASTER_KEY is not set: provider credentials cannot be stored");

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      redis?.disconnect();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await app.listen({ port: env.CONTROL_PLANE_PORT, host: env.CONTROL_PLANE_HOST });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
