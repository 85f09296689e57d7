import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { type DatabaseClient, type DemoSeedResult, openDatabase, seedDemo } from "@switchyard/db";
import { adminUrl, createTestDatabase, type TestDatabase } from "@switchyard/testkit";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { SignJWT } from "jose";
import pg from "pg";
import { pino } from "pino";
import { buildApp } from "../src/app";
import { consoleAudience, consoleIssuer, ssoAudience } from "../src/auth/assertion";
import { createContext } from "../src/context";
import { type Env, loadEnv } from "../src/env";
import { createCaller } from "../src/router";

export const consoleSecret = `console-secret-${randomBytes(8).toString("hex")}`;
export const dataPlaneToken = `dp-${randomBytes(12).toString("hex")}`;
export const masterKey = randomBytes(32).toString("base64");
export const demoKey = `sk-sy-${"D".repeat(32)}`;

export type TestRole = "ADMIN" | "TEAM_ADMIN" | "MEMBER" | "FINANCE" | "VIEWER";
export const roleEmails: Record<TestRole, string> = {
  ADMIN: "admin@example.com",
  TEAM_ADMIN: "lead@example.com",
  MEMBER: "member@example.com",
  FINANCE: "finance@example.com",
  VIEWER: "viewer@example.com",
};

export interface TestControlPlane {
  app: FastifyInstance;
  prisma: DatabaseClient;
  env: Env;
  seed: DemoSeedResult;
  /** Every log line the app wrote, raw JSON text. */
  logLines: string[];
  userId(role: TestRole): string;
  /** A real console assertion, as the console would sign it. */
  assertionFor(userId: string, options?: { secret?: string; audience?: string; expiresInSeconds?: number }): Promise<string>;
  callerAs(role: TestRole | null): Promise<ReturnType<typeof createCaller>>;
  close(): Promise<void>;
}

export async function startControlPlane(options: {
  label: string;
  redis?: Redis;
  env?: Record<string, string>;
}): Promise<TestControlPlane> {
  const database: TestDatabase = await createTestDatabase(options.label);
  const opened = await openDatabase({ databaseUrl: database.url, migrate: true });
  const seed = await seedDemo(opened.prisma, { demoKey, demoProviderBase: "http://127.0.0.1:4500/v1" });
  const viewer = await opened.prisma.user.create({
    data: { organizationId: seed.organizationId, email: roleEmails.VIEWER, name: "Vic Viewer", role: "VIEWER", status: "ACTIVE" },
  });
  const env = loadEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "debug",
    SWITCHYARD_CONSOLE_SECRET: consoleSecret,
    SWITCHYARD_DATAPLANE_TOKEN: dataPlaneToken,
    SWITCHYARD_MASTER_KEY: masterKey,
    ...options.env,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString("utf8"));
      callback();
    },
  });
  const app = await buildApp({ prisma: opened.prisma, env, redis: options.redis, logger: pino({ level: "debug" }, sink) });
  await app.ready();
  const userIds: Record<TestRole, string> = {
    ADMIN: required(seed.userIds[roleEmails.ADMIN]),
    TEAM_ADMIN: required(seed.userIds[roleEmails.TEAM_ADMIN]),
    MEMBER: required(seed.userIds[roleEmails.MEMBER]),
    FINANCE: required(seed.userIds[roleEmails.FINANCE]),
    VIEWER: viewer.id,
  };
  const assertionFor: TestControlPlane["assertionFor"] = (userId, signOptions = {}) =>
    new SignJWT({ email: "ignored@example.com" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(userId)
      .setIssuer(consoleIssuer)
      .setAudience(signOptions.audience ?? consoleAudience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (signOptions.expiresInSeconds ?? 60))
      .sign(new TextEncoder().encode(signOptions.secret ?? consoleSecret));
  return {
    app,
    prisma: opened.prisma,
    env,
    seed,
    logLines,
    userId: (role) => userIds[role],
    assertionFor,
    async callerAs(role) {
      const authorization = role ? `Bearer ${await assertionFor(userIds[role])}` : undefined;
      return createCaller(await createContext(app.deps, { authorization, ip: "203.0.113.7" }));
    },
    async close() {
      await app.close();
      await opened.close();
      await waitForDisconnects(database.name);
      await database.drop();
    },
  };
}

export function signSsoAssertion(
  claims: { email: string; name?: string; subject: string; issuer?: string; groups?: string[] },
  secret = consoleSecret,
) {
  return new SignJWT({
    email: claims.email,
    name: claims.name,
    subject: claims.subject,
    issuer: claims.issuer ?? "http://127.0.0.1:4400",
    groups: claims.groups ?? [],
  })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(consoleIssuer)
    .setAudience(ssoAudience)
    .setIssuedAt()
    .setExpirationTime("60s")
    .sign(new TextEncoder().encode(secret));
}

/**
 * pg's Pool.end() resolves before its idle sockets have closed; dropping the database
 * WITH (FORCE) then makes the server send those half-closed clients a FATAL that
 * surfaces as an unhandled error. Wait until the server has let them go.
 */
async function waitForDisconnects(databaseName: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await admin.query<{ count: string }>("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", [databaseName]);
      if (rows[0]?.count === "0") return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await admin.end();
  }
}

function required(value: string | undefined): string {
  if (value === undefined) throw new Error("seed did not create an expected user");
  return value;
}

/** The tRPC error code of a rejected call, or "OK". */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "OK";
  } catch (error) {
    if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
    throw error;
  }
}
