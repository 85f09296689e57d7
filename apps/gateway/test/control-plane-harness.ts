import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { buildApp as buildControlPlane } from "@switchyard/control-plane/app";
import { seedAndPublishDemo } from "@switchyard/control-plane/bootstrap/demo";
import { loadEnv } from "@switchyard/control-plane/env";
import { type PublishOptions, publishConfig } from "@switchyard/control-plane/services/config/publish";
import { type DatabaseClient, openDatabase } from "@switchyard/db";
import { createTestDatabase } from "@switchyard/testkit";
import { pino } from "pino";

/**
 * The real control plane on a throwaway PostgreSQL database, seeded with the demo organisation
 * and its first published version, for tests that run it next to a real gateway.
 */
export interface DemoControlPlane {
  readonly prisma: DatabaseClient;
  readonly organizationId: string;
  readonly token: string;
  readonly masterKey: string;
  readonly demoKey: string;
  /** http://127.0.0.1:port while it runs (kept after stop(), for "control plane down" tests). */
  readonly url: string;
  publish(options: PublishOptions): ReturnType<typeof publishConfig>;
  /** Stops the HTTP server only; the database stays for assertions. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoControlPlane(options: { label: string; demoProviderUrl: string }): Promise<DemoControlPlane> {
  const token = `dp-${randomBytes(8).toString("hex")}`;
  const masterKey = randomBytes(32).toString("base64");
  const demoKey = `sk-sy-${options.label}-${randomBytes(12).toString("hex")}`;
  const database = await createTestDatabase(options.label);
  const opened = await openDatabase({ databaseUrl: database.url, migrate: true });
  const env = loadEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    SWITCHYARD_DATAPLANE_TOKEN: token,
    SWITCHYARD_MASTER_KEY: masterKey,
    DEMO_PROVIDER_URL: options.demoProviderUrl,
  });
  const app = await buildControlPlane({ prisma: opened.prisma, env, logger: pino({ level: "silent" }) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await seedAndPublishDemo(app.deps, demoKey);
  const organizationId = (await opened.prisma.organization.findFirstOrThrow({ where: { slug: "demo" } })).id;
  const actor = { id: null, email: "test@example.com", ip: undefined };
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    await app.close();
  };
  return {
    prisma: opened.prisma,
    organizationId,
    token,
    masterKey,
    demoKey,
    url,
    publish: (publishOptions) => publishConfig(app.deps, organizationId, actor, publishOptions),
    stop,
    async close() {
      await stop();
      await opened.close();
      await database.drop();
    },
  };
}

/** Polls until the condition holds; resolves with the time it took. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, intervalMs = 25): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await condition()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
