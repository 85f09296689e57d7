import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayConfigInput, PublishedConfig } from "@switchyard/schemas";
import { canonicalJson, sha256Hex } from "@switchyard/schemas/canonical-json";
import { seal } from "@switchyard/schemas/sealed-secret";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningGateway, startGateway } from "../src/server";
import { captureLogs, upstreamKey, virtualKey } from "./helpers";

const token = "dataplane-token-for-tests";
const masterKey = randomBytes(32).toString("base64");

/** A control plane as the gateway sees it: GET /dataplane/config (ETag, long-poll) and POST /dataplane/heartbeat. */
class FakeControlPlane {
  published: PublishedConfig | undefined;
  heartbeats: Array<Record<string, unknown>> = [];
  configRequests: Array<{ ifNoneMatch: string | undefined; wait: string | null }> = [];
  private waiting: Array<() => void> = [];
  private server: Server;
  url = "";

  constructor() {
    this.server = createServer((request, response) => {
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401).end();
        return;
      }
      const url = new URL(request.url ?? "/", "http://cp");
      if (request.method === "POST" && url.pathname === "/dataplane/heartbeat") {
        const parts: Buffer[] = [];
        request.on("data", (part: Buffer) => parts.push(part));
        request.on("end", () => {
          this.heartbeats.push(JSON.parse(Buffer.concat(parts).toString("utf8")));
          response.writeHead(204).end();
        });
        return;
      }
      if (request.method === "GET" && url.pathname === "/dataplane/config") {
        const ifNoneMatch = request.headers["if-none-match"];
        this.configRequests.push({ ifNoneMatch, wait: url.searchParams.get("wait") });
        const answer = () => {
          const current = this.published;
          if (!current) return response.writeHead(404).end();
          if (ifNoneMatch === `"${current.sha256}"`) return response.writeHead(304, { etag: `"${current.sha256}"` }).end();
          response.writeHead(200, { "content-type": "application/json", etag: `"${current.sha256}"` }).end(JSON.stringify(current));
        };
        const wait = Number(url.searchParams.get("wait") ?? 0);
        if (this.published && ifNoneMatch === `"${this.published.sha256}"` && wait > 0) {
          const timer = setTimeout(answer, wait * 1000);
          this.waiting.push(() => {
            clearTimeout(timer);
            answer();
          });
          return;
        }
        answer();
        return;
      }
      response.writeHead(404).end();
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  publish(version: number, config: GatewayConfigInput, options: { corruptSha?: boolean } = {}): void {
    const sha256 = sha256Hex(canonicalJson(config));
    this.published = { version, sha256: options.corruptSha ? "0".repeat(64) : sha256, publishedAt: new Date().toISOString(), config };
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  async close(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function publishedConfig(upstream: FakeOpenAI, models: string[]): GatewayConfigInput {
  return {
    version: 1,
    models: models.map((name) => ({
      name,
      deployments: [
        {
          id: `${name}-1`,
          provider: "openai-compatible",
          model: "demo-fast",
          apiBase: upstream.url,
          apiKeySealed: seal(upstreamKey, masterKey),
        },
      ],
    })),
    teams: [{ id: "research" }],
    keys: [{ hash: sha256Hex(virtualKey), id: "key_1", team: "research" }],
  };
}

let upstream: FakeOpenAI;
let controlPlane: FakeControlPlane;
let dataDir: string;

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: upstreamKey });
  controlPlane = new FakeControlPlane();
  await controlPlane.start();
  dataDir = await mkdtemp(join(tmpdir(), "switchyard-gateway-cp-"));
});
afterAll(async () => {
  await controlPlane.close();
  await upstream.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function modelIds(gateway: RunningGateway): Promise<string[]> {
  const client = new OpenAI({ apiKey: virtualKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const ids: string[] = [];
  for await (const model of client.models.list()) ids.push(model.id);
  return ids.sort();
}

describe("control-plane mode", () => {
  it("pulls, verifies, unseals and serves the published config; long-polls for new versions; heartbeats", async () => {
    controlPlane.publish(1, publishedConfig(upstream, ["alpha"]));
    const { capture, logger } = captureLogs();
    const gateway = await startGateway({
      port: 0,
      controlPlane: { url: controlPlane.url, token, dataDir, waitSeconds: 5, heartbeatIntervalMs: 100 },
      masterKey,
      logger,
    });
    try {
      expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
      const client = new OpenAI({ apiKey: virtualKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
      const reply = await client.chat.completions.create({ model: "alpha", messages: [{ role: "user", content: "via control plane" }] });
      expect(reply.choices[0]?.message.content).toContain("via control plane");
      // The sealed provider key was opened in memory and used upstream.
      expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${upstreamKey}`);

      await vi.waitFor(() =>
        expect(controlPlane.heartbeats.at(-1)).toMatchObject({
          appliedVersion: 1,
          status: "ok",
          appliedSha256: controlPlane.published?.sha256,
        }),
      );
      await vi.waitFor(() => expect(controlPlane.configRequests.at(-1)?.ifNoneMatch).toBe(`"${controlPlane.published?.sha256}"`));

      const publishedAt = Date.now();
      controlPlane.publish(2, publishedConfig(upstream, ["alpha", "beta"]));
      await vi.waitFor(async () => expect(await modelIds(gateway)).toEqual(["alpha", "beta"]), { timeout: 3_000, interval: 50 });
      // Long-poll: the new version arrived well before the 5 s wait expired.
      expect(Date.now() - publishedAt).toBeLessThan(2_000);
      await vi.waitFor(() => expect(controlPlane.heartbeats.at(-1)).toMatchObject({ appliedVersion: 2 }));

      // Integrity: a config whose sha256 does not match is refused, the running one stays.
      controlPlane.publish(3, publishedConfig(upstream, ["gamma"]), { corruptSha: true });
      await vi.waitFor(() => expect(capture.text()).toContain("config sha256 mismatch"), { timeout: 3_000 });
      expect(await modelIds(gateway)).toEqual(["alpha", "beta"]);

      // Last-known-good on disk: the published form, provider key still sealed.
      const saved = JSON.parse(await readFile(join(dataDir, "gateway-lkg.json"), "utf8")) as PublishedConfig;
      expect(saved.version).toBe(2);
      expect(JSON.stringify(saved)).not.toContain(upstreamKey);
      expect(capture.text()).not.toContain(upstreamKey);
    } finally {
      await gateway.close();
    }
  });

  it("boots from last-known-good when the control plane is unreachable", async () => {
    const { capture, logger } = captureLogs();
    const gateway = await startGateway({
      port: 0,
      controlPlane: { url: "http://127.0.0.1:9", token, dataDir, waitSeconds: 1, heartbeatIntervalMs: 60_000 },
      masterKey,
      logger,
    });
    try {
      const ready = await fetch(`${gateway.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ config: { version: 2, source: "last-known-good" } });
      expect(await modelIds(gateway)).toEqual(["alpha", "beta"]);
      expect(capture.text()).toContain("control plane unreachable");
    } finally {
      await gateway.close();
    }
  });

  it("stays not-ready when the master key cannot unseal provider keys", async () => {
    controlPlane.publish(4, publishedConfig(upstream, ["alpha"]));
    const emptyDir = await mkdtemp(join(tmpdir(), "switchyard-gateway-cp-empty-"));
    const { capture, logger } = captureLogs();
    const gateway = await startGateway({
      port: 0,
      controlPlane: { url: controlPlane.url, token, dataDir: emptyDir, waitSeconds: 1, heartbeatIntervalMs: 60_000 },
      masterKey: randomBytes(32).toString("base64"),
      logger,
    });
    try {
      expect((await fetch(`${gateway.url}/readyz`)).status).toBe(503);
      expect(capture.text()).toContain("cannot unseal");
    } finally {
      await gateway.close();
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});
