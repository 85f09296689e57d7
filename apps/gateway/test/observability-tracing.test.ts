import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTracing, tracingSettings } from "../src/observability/tracing/settings";
import type { GatewayTracing } from "../src/observability/tracing/types";
import { type RunningGateway, startGateway } from "../src/server";
import { chatBody, post } from "./governance-helpers";
import { captureLogs, upstreamKey } from "./helpers";
import { type CollectedSpan, type OtlpCollector, spanKind, startOtlpCollector } from "./otlp-collector";

/**
 * Traces: a test OTLP collector on loopback receives a server span per request and a client span
 * per upstream attempt, with the GenAI semantic-convention attributes, parented under the
 * client's traceparent, and the upstream receives each attempt's own traceparent.
 */

const key = "sk-sy-tracing-0123456789";

function config(upstream: FakeOpenAI): GatewayConfigInput {
  const deployment = (id: string) => ({ id, provider: "openai" as const, model: "demo-fast", apiBase: upstream.url, apiKey: upstreamKey });
  return {
    version: 1,
    models: [{ name: "demo-fast", deployments: [deployment("fast-a"), deployment("fast-b")] }],
    routing: { retries: 2, backoffMs: 1, cooldownSeconds: 0 },
    teams: [{ id: "research" }],
    keys: [{ key, name: "tracing", team: "research" }],
  };
}

function traceparent(): { header: string; traceId: string; parentId: string } {
  const traceId = randomBytes(16).toString("hex");
  const parentId = randomBytes(8).toString("hex");
  return { header: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

let upstream: FakeOpenAI;
let collector: OtlpCollector;
let tracing: GatewayTracing;
let gateway: RunningGateway;

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: upstreamKey });
  collector = await startOtlpCollector();
  const settings = tracingSettings({
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: "sy-test",
  });
  if (!settings) throw new Error("tracing settings expected");
  tracing = await startTracing({ ...settings, scheduledDelayMs: 20 }, "gw-trace-test");
  gateway = await startGateway({ port: 0, config: config(upstream), logger: captureLogs().logger, tracing, routingSeed: 3 });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await collector?.close();
});

function spansOf(traceId: string): CollectedSpan[] {
  return collector.spans.filter((span) => span.traceId === traceId);
}

describe("OpenTelemetry traces", () => {
  it("exports a server span under the client's trace and a GenAI client span per attempt (retry included)", async () => {
    const client = traceparent();
    upstream.reset();
    upstream.fail({ type: "status", status: 500 }, { times: 1 });
    const reply = await post(`${gateway.url}/v1/chat/completions`, key, chatBody("traced"), { traceparent: client.header });
    expect(reply.status).toBe(200);
    expect(reply.headers["x-switchyard-attempts"]).toBe("2");
    await tracing.flush();
    await collector.waitForSpans(3);

    const spans = spansOf(client.traceId);
    expect(spans).toHaveLength(3);
    expect(collector.contentTypes[0]).toBe("application/json");
    const server = spans.find((span) => span.kind === spanKind.server);
    if (!server) throw new Error("no server span");
    expect(server.name).toBe("POST /v1/chat/completions");
    expect(server.parentSpanId).toBe(client.parentId);
    expect(server.resource["service.name"]).toBe("sy-test");
    expect(server.resource["service.instance.id"]).toBe("gw-trace-test");
    const completion = reply.json<{ model: string; usage: { prompt_tokens: number; completion_tokens: number } }>();
    expect(server.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/v1/chat/completions",
      "http.response.status_code": 200,
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "demo-fast",
      "gen_ai.response.model": completion.model,
      "gen_ai.usage.input_tokens": completion.usage.prompt_tokens,
      "gen_ai.usage.output_tokens": completion.usage.completion_tokens,
      "gen_ai.response.finish_reasons": ["stop"],
      "switchyard.attempts": 2,
      "switchyard.retries": 1,
      "switchyard.team": "research",
    });
    expect(server.attributes["switchyard.deployment.id"]).toBe(reply.headers["x-switchyard-deployment"]);

    const attempts = spans
      .filter((span) => span.kind === spanKind.client)
      .sort((a, b) => Number(a.attributes["switchyard.attempt"]) - Number(b.attributes["switchyard.attempt"]));
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt.parentSpanId).toBe(server.spanId);
      expect(attempt.name).toBe("chat demo-fast");
      expect(attempt.attributes).toMatchObject({
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "demo-fast",
        "server.address": "127.0.0.1",
        "server.port": upstream.port,
        "switchyard.model": "demo-fast",
        "switchyard.route_kind": "primary",
      });
    }
    const [failed, succeeded] = attempts as [CollectedSpan, CollectedSpan];
    expect(failed.statusCode).toBe(2);
    expect(failed.attributes).toMatchObject({ "error.type": "server", "http.response.status_code": 500, "switchyard.attempt": 1 });
    expect(succeeded.statusCode).toBe(0);
    expect(succeeded.attributes).toMatchObject({
      "switchyard.attempt": 2,
      "switchyard.deployment.id": reply.headers["x-switchyard-deployment"],
      "gen_ai.response.model": completion.model,
      "gen_ai.usage.input_tokens": completion.usage.prompt_tokens,
      "gen_ai.usage.output_tokens": completion.usage.completion_tokens,
      "gen_ai.response.finish_reasons": ["stop"],
      "http.response.status_code": 200,
    });

    // Each upstream call carried its own attempt span as parent, in the client's trace.
    const sent = upstream.requests.map((recorded) => recorded.headers.traceparent);
    expect(sent).toEqual([`00-${client.traceId}-${failed.spanId}-01`, `00-${client.traceId}-${succeeded.spanId}-01`]);
  });

  it("records a stream's usage and finish reasons on its attempt span when the stream ends", async () => {
    const client = traceparent();
    const reply = await post(
      `${gateway.url}/v1/chat/completions`,
      key,
      chatBody("traced stream", { stream: true, stream_options: { include_usage: true } }),
      { traceparent: client.header, tracestate: "vendor=abc" },
    );
    expect(reply.status).toBe(200);
    const usageChunk = reply.text
      .split("\n\n")
      .filter((event) => event.startsWith("data: {"))
      .map((event) => JSON.parse(event.slice(6)) as { usage?: { prompt_tokens: number; completion_tokens: number } })
      .find((chunk) => chunk.usage);
    await tracing.flush();
    const deadline = Date.now() + 5_000;
    while (spansOf(client.traceId).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const spans = spansOf(client.traceId);
    const attempt = spans.find((span) => span.kind === spanKind.client);
    const server = spans.find((span) => span.kind === spanKind.server);
    expect(attempt?.attributes).toMatchObject({
      "switchyard.stream": true,
      "gen_ai.usage.input_tokens": usageChunk?.usage?.prompt_tokens,
      "gen_ai.usage.output_tokens": usageChunk?.usage?.completion_tokens,
      "gen_ai.response.finish_reasons": ["stop"],
    });
    expect(attempt?.parentSpanId).toBe(server?.spanId);
    expect(server?.parentSpanId).toBe(client.parentId);
    expect(upstream.requests.at(-1)?.headers.tracestate).toBe("vendor=abc");
  });

  it("starts a new trace when the client sends none", async () => {
    const before = collector.spans.length;
    expect((await post(`${gateway.url}/v1/chat/completions`, key, chatBody("untraced client"))).status).toBe(200);
    await tracing.flush();
    await collector.waitForSpans(before + 2);
    const server = collector.spans.slice(before).find((span) => span.kind === spanKind.server);
    expect(server?.parentSpanId).toBeUndefined();
    expect(upstream.requests.at(-1)?.headers.traceparent).toMatch(new RegExp(`^00-${server?.traceId}-[0-9a-f]{16}-01$`));
  });
});

describe("OTLP protocols", () => {
  it("exports protobuf by default (OTEL_EXPORTER_OTLP_PROTOCOL unset), the spec's default", async () => {
    const settings = tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces` });
    if (!settings) throw new Error("tracing settings expected");
    const protobuf = await startTracing({ ...settings, scheduledDelayMs: 20 }, "gw-proto");
    const gatewayWithProto = await startGateway({ port: 0, config: config(upstream), logger: false, tracing: protobuf });
    try {
      const before = collector.protobufBodies.length;
      expect((await post(`${gatewayWithProto.url}/v1/chat/completions`, key, chatBody("protobuf"))).status).toBe(200);
      // The server span ends when the response closes, which can be after the client has its
      // answer: flush until it has gone out (in one export or two).
      await vi.waitFor(
        async () => {
          await protobuf.flush();
          // The span name and GenAI attribute keys travel as plain strings inside the protobuf body.
          const bodies = Buffer.concat(collector.protobufBodies.slice(before)).toString("latin1");
          expect(bodies).toContain("POST /v1/chat/completions");
          expect(bodies).toContain("gen_ai.request.model");
        },
        { timeout: 5_000 },
      );
    } finally {
      await gatewayWithProto.close();
    }
  });
});

describe("tracing off", () => {
  it("is off unless an OTLP endpoint is set, and honours OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER", () => {
    expect(tracingSettings({})).toBeUndefined();
    expect(tracingSettings({ OTEL_SERVICE_NAME: "x" })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: true })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "none" })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318/" })).toEqual({
      endpoint: "http://c:4318/v1/traces",
      protocol: "http/protobuf",
      serviceName: "switchyard-gateway",
    });
    expect(
      tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:1/x" })?.endpoint,
    ).toBe("http://t:1/x");
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(
      /not supported/,
    );
  });

  it("never loads the OpenTelemetry SDK or exporters (checked in a fresh process)", async () => {
    // prom-client itself requires @opentelemetry/api (a no-op facade); nothing else may be loaded.
    const server = fileURLToPath(new URL("../src/server.ts", import.meta.url));
    const script = `
      import { createRequire } from "node:module";
      import { startGateway } from ${JSON.stringify(server)};
      const gateway = await startGateway({ port: 0, logger: false, config: { version: 1, models: [], keys: [] } });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /@opentelemetry\\/(?!api\\/)/.test(path));
      console.log(JSON.stringify(loaded));
      await gateway.close();`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "null")).toEqual([]);
  });

  it("passes the client's trace context to the upstream unchanged and exports nothing", async () => {
    const plainUpstream = await startFakeOpenAI({ apiKey: upstreamKey });
    const plain = await startGateway({ port: 0, config: config(plainUpstream), logger: false });
    try {
      expect(plain.app.gateway.tracing).toBeUndefined();
      const client = traceparent();
      const reply = await post(`${plain.url}/v1/chat/completions`, key, chatBody("pass through"), {
        traceparent: client.header,
        tracestate: "vendor=xyz",
      });
      expect(reply.status).toBe(200);
      expect(plainUpstream.requests.at(-1)?.headers.traceparent).toBe(client.header);
      expect(plainUpstream.requests.at(-1)?.headers.tracestate).toBe("vendor=xyz");
      expect(spansOf(client.traceId)).toHaveLength(0);
    } finally {
      await plain.close();
      await plainUpstream.close();
    }
  });
});
