import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp as buildControlPlane } from "@switchyard/control-plane/app";
import { loadEnv } from "@switchyard/control-plane/env";
import { type DatabaseClient, openDatabase, seedDemo } from "@switchyard/db";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { createTestDatabase, type TestDatabase } from "@switchyard/testkit";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatBody, type GovernedGateway, metric, post, type RawReply, startGoverned } from "./governance-helpers";

/**
 * The spend pipeline end to end: gateway → disk spool → POST /dataplane/spend → PostgreSQL (the
 * control plane's own ingest, idempotent by requestId). Nothing is lost or doubled when the
 * control plane restarts mid-load, nor when a gateway is killed with SIGKILL.
 */

const token = `dp-${randomBytes(8).toString("hex")}`;
const demoKey = `sk-sy-${"S".repeat(32)}`;

let database: TestDatabase;
let prisma: DatabaseClient;
let closeDatabase: () => Promise<void>;
let controlPlane: FastifyInstance | undefined;
let controlPlanePort = 0;
let upstream: FakeOpenAI;
let directory: string;

async function startControlPlane(port: number): Promise<void> {
  const env = loadEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", SWITCHYARD_DATAPLANE_TOKEN: token });
  const app = await buildControlPlane({ prisma, env, logger: pino({ level: "silent" }) });
  await app.listen({ port, host: "127.0.0.1" });
  controlPlanePort = (app.server.address() as AddressInfo).port;
  controlPlane = app;
}

async function stopControlPlane(): Promise<void> {
  await controlPlane?.close();
  controlPlane = undefined;
}

const controlPlaneUrl = () => `http://127.0.0.1:${controlPlanePort}`;

function gatewayConfig(fake: FakeOpenAI): GatewayConfigInput {
  return {
    version: 1,
    models: [
      {
        name: "demo-fast",
        deployments: [
          { id: "fast-1", provider: "openai", model: "demo-fast", apiBase: fake.url, price: { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
        ],
      },
    ],
    teams: [{ id: "research" }],
    keys: [{ key: demoKey, team: "research", rpm: 250 }],
  };
}

beforeAll(async () => {
  database = await createTestDatabase("govspool");
  const opened = await openDatabase({ databaseUrl: database.url, migrate: true });
  prisma = opened.prisma;
  closeDatabase = () => opened.close();
  await seedDemo(prisma, { demoKey, demoProviderBase: "http://127.0.0.1:4500/v1" });
  await startControlPlane(0);
  upstream = await startFakeOpenAI({});
  directory = await mkdtemp(join(tmpdir(), "switchyard-gov-spool-"));
});
afterAll(async () => {
  await stopControlPlane();
  await upstream?.close();
  await closeDatabase?.();
  await database?.drop();
  await rm(directory, { recursive: true, force: true });
});

async function loggedRequestIds(): Promise<string[]> {
  const rows = await prisma.spendLog.findMany({ select: { requestId: true } });
  return rows.map((row) => row.requestId);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `total` requests, `concurrency` at a time: successes, 401s, 404s and (past the key's RPM) 429s. */
async function load(url: string, total: number, concurrency: number, onProgress?: (done: number) => Promise<void>): Promise<RawReply[]> {
  const replies: RawReply[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const key = index % 17 === 0 ? "sk-sy-not-a-key-000000000000" : demoKey;
      const body = index % 13 === 0 ? { ...chatBody("hi"), model: "no-such-model" } : chatBody(`request ${index}`);
      replies.push(await post(`${url}/v1/chat/completions`, key, body));
      await onProgress?.(replies.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return replies;
}

describe("spend events reach PostgreSQL exactly once", () => {
  it("through a control-plane restart mid-load", async () => {
    let gateway: GovernedGateway | undefined;
    try {
      gateway = await startGoverned(gatewayConfig(upstream), {
        redisUrl: null,
        governance: {
          spend: { kind: "control-plane", url: controlPlaneUrl(), token, dataDir: join(directory, "restart"), sendIntervalMs: 100 },
        },
      });
      const port = controlPlanePort;
      let stopped = false;
      let restarted = false;
      const replies = await load(gateway.gateway.url, 400, 16, async (done) => {
        if (done === 100 && !stopped) {
          stopped = true;
          await stopControlPlane();
          // Let the sender meet the outage (and back off) before the load goes on.
          const url = gateway?.gateway.url ?? "";
          await waitFor(async () => (await metric(url, "switchyard_spend_delivery_failures_total")) > 0, 10_000);
        }
        if (done === 300 && !restarted) {
          restarted = true;
          // The events of requests 100–300 waited on disk; the sender keeps retrying with backoff.
          await startControlPlane(port);
        }
      });
      expect(stopped && restarted).toBe(true);
      const statuses = new Set(replies.map((reply) => reply.status));
      expect(statuses).toEqual(new Set([200, 401, 404, 429]));
      const sent = replies.map((reply) => reply.headers["x-request-id"] ?? "");

      await waitFor(async () => (await prisma.spendLog.count()) >= sent.length, 60_000);
      await gateway.gateway.app.governance.drain();
      const logged = await loggedRequestIds();
      expect(logged.length).toBe(sent.length);
      expect(new Set(logged)).toEqual(new Set(sent));
      const rollups = await prisma.spendDailyRollup.aggregate({ _sum: { requests: true } });
      expect(rollups._sum.requests).toBe(sent.length);
      expect(await metric(gateway.gateway.url, "switchyard_spend_events_total", { outcome: "delivered" })).toBeGreaterThanOrEqual(
        sent.length,
      );

      // What was recorded matches what the client saw.
      const ok = replies.find((reply) => reply.status === 200);
      const row = await prisma.spendLog.findFirst({ where: { requestId: ok?.headers["x-request-id"] } });
      expect(row?.costUsd.toString()).toBe(ok?.headers["x-switchyard-cost-usd"]);
      expect(row?.keyId).not.toBeNull();
      expect(row).toMatchObject({ status: 200, model: "demo-fast", deployment: "fast-1", provider: "openai", cacheHit: false });
      // Rejections are attributed when the key is known, anonymous when it is not.
      const unknownModel = replies.find((reply) => reply.status === 404);
      expect(await prisma.spendLog.findFirst({ where: { requestId: unknownModel?.headers["x-request-id"] } })).toMatchObject({
        status: 404,
        model: "no-such-model",
        errorCode: "model_not_found",
        keyId: row?.keyId,
      });
      const badKey = replies.find((reply) => reply.status === 401);
      expect(await prisma.spendLog.findFirst({ where: { requestId: badKey?.headers["x-request-id"] } })).toMatchObject({
        status: 401,
        keyId: null,
        errorCode: "invalid_api_key",
      });
      const limited = replies.find((reply) => reply.status === 429);
      expect(await prisma.spendLog.findFirst({ where: { requestId: limited?.headers["x-request-id"] } })).toMatchObject({
        status: 429,
        errorCode: "rate_limit_exceeded",
      });
      // Every segment was acknowledged and removed.
      expect((await readdir(join(directory, "restart", "spend-spool"))).filter((name) => name.startsWith("segment-"))).toHaveLength(1);
    } finally {
      await gateway?.gateway.close();
    }
  });

  it("after the gateway is killed with SIGKILL: the next one sends what the spool holds", async () => {
    await prisma.spendLog.deleteMany();
    const dataDir = join(directory, "killed");
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "governance-spool-child.ts"), dataDir, upstream.url, "http://127.0.0.1:9", demoKey],
      { cwd: join(import.meta.dirname, ".."), stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout?.on("data", (part: Buffer) => {
          out += part.toString("utf8");
          if (out.includes("\n")) resolve(out.trim());
        });
        child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
      });
      const replies = await load(url, 150, 8);
      // The spool writes batches every 20 ms; past that, every answered request is on disk.
      await new Promise((resolve) => setTimeout(resolve, 60));
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));

      const gateway = await startGoverned(gatewayConfig(upstream), {
        redisUrl: null,
        governance: { spend: { kind: "control-plane", url: controlPlaneUrl(), token, dataDir, sendIntervalMs: 100 } },
      });
      try {
        await gateway.gateway.app.governance.drain();
        const logged = await loggedRequestIds();
        expect(logged.length).toBe(replies.length);
        expect(new Set(logged)).toEqual(new Set(replies.map((reply) => reply.headers["x-request-id"])));
      } finally {
        await gateway.gateway.close();
      }
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
