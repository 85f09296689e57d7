import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGatewayBundle } from "../scripts/build";
import { type OtlpCollector, startOtlpCollector } from "./otlp-collector";

/**
 * The production build (scripts/build.ts: one ES module, everything bundled) is what `pnpm start`
 * and the image run, while every other test runs the sources: build it here and run it as a user
 * would — a config file, a chat request, the OpenTelemetry exporter (the code path most likely to
 * trip over bundling: it is loaded lazily), a clean SIGTERM.
 */

const key = "sk-sy-bundle-0123456789abcdef";
let directory: string;
let bundle: string;
let upstream: FakeOpenAI;
let collector: OtlpCollector;
let gateway: ChildProcess;
let url: string;
let output = "";

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  return typeof address === "object" && address ? address.port : 0;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "switchyard-bundle-"));
  bundle = await buildGatewayBundle(undefined, join(directory, "gateway.mjs"));
  upstream = await startFakeOpenAI({});
  collector = await startOtlpCollector();
  const config = join(directory, "gateway.json");
  await writeFile(
    config,
    JSON.stringify({
      version: 1,
      models: [
        {
          name: "demo-fast",
          deployments: [{ id: "fast-1", provider: "openai", model: "demo-fast", apiBase: upstream.url, apiKey: "sk-up" }],
        },
      ],
      keys: [{ key, name: "bundle" }],
    }),
  );
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  gateway = spawn(process.execPath, [bundle, "--config", config, "--port", String(port), "--host", "127.0.0.1"], {
    env: {
      PATH: process.env.PATH,
      SWITCHYARD_DATA_DIR: join(directory, "data"),
      SWITCHYARD_SPEND_SINK: "none",
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_SERVICE_NAME: "switchyard-bundle-test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  gateway.stdout?.on("data", (part: Buffer) => {
    output += part.toString();
  });
  gateway.stderr?.on("data", (part: Buffer) => {
    output += part.toString();
  });
  for (let waited = 0; waited < 20_000; waited += 100) {
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    if (gateway.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the bundled gateway did not become ready:\n${output}`);
}, 60_000);

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    gateway.kill("SIGKILL");
    await once(gateway, "exit");
  }
  await upstream?.close();
  await collector?.close();
  await rm(directory, { recursive: true, force: true });
});

describe("the production bundle (dist/gateway.mjs)", () => {
  it("serves a chat completion, exports its spans over OTLP and stops cleanly on SIGTERM", async () => {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: "hello from the bundle" }] }),
    });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { object: string; choices: unknown[] };
    expect(completion.object).toBe("chat.completion");
    expect(response.headers.get("x-switchyard-overhead-ms")).toMatch(/^\d+(\.\d+)?$/);

    const spans = await collector.waitForSpans(2, 10_000);
    expect(spans.map((span) => span.name)).toEqual(expect.arrayContaining(["POST /v1/chat/completions", "chat demo-fast"]));
    expect(spans[0]?.resource["service.name"]).toBe("switchyard-bundle-test");

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('switchyard_requests_total{route="/v1/chat/completions",model="demo-fast"');

    gateway.kill("SIGTERM");
    const [code] = (await once(gateway, "exit")) as [number | null];
    expect(code, output).toBe(0);
    expect(output).not.toContain("sk-up");
  });
});
