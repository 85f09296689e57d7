import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../src/server";
import { chatBody, post } from "./governance-helpers";
import { captureLogs, type LogCapture, upstreamKey } from "./helpers";

/**
 * Logs: JSON lines with the request id; prompts and replies only for a team with logPayloads
 * (after guardrails); never an Authorization, x-api-key or api-key value, even at debug level.
 */

const quietKey = "sk-sy-logs-quiet-0123456789";
const openKey = "sk-sy-logs-open-0123456789";

function config(upstream: FakeOpenAI): GatewayConfigInput {
  return {
    version: 1,
    models: [
      {
        name: "demo-fast",
        deployments: [{ id: "fast-1", provider: "openai", model: "demo-fast", apiBase: upstream.url, apiKey: upstreamKey }],
      },
      // Nothing listens on port 9: an upstream failure to log.
      {
        name: "down",
        deployments: [{ id: "down-1", provider: "openai", model: "demo-fast", apiBase: "http://127.0.0.1:9/v1", apiKey: upstreamKey }],
      },
    ],
    routing: { retries: 0 },
    teams: [{ id: "quiet" }, { id: "open", logPayloads: true }],
    keys: [
      { key: quietKey, name: "quiet", team: "quiet" },
      { key: openKey, name: "open", team: "open" },
    ],
    guardrails: [{ id: "pii", type: "pii", mode: "mask", stage: "pre", entities: ["email"], scope: { teams: ["open"] } }],
  };
}

let upstream: FakeOpenAI;
let gateway: RunningGateway;
let logs: LogCapture;

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: upstreamKey });
  const captured = captureLogs("debug");
  logs = captured.capture;
  gateway = await startGateway({ port: 0, config: config(upstream), logger: captured.logger });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

type Line = Record<string, unknown> & { msg?: string; reqId?: string };

function lines(): Line[] {
  return logs.lines.map((line) => JSON.parse(line) as Line);
}

function linesOf(requestId: string | undefined): Line[] {
  return lines().filter((line) => line.reqId === requestId);
}

/** The access line is written when the response closes, just after the client has it. */
async function accessLine(requestId: string | undefined): Promise<Line> {
  for (let wait = 0; wait < 50; wait++) {
    const line = linesOf(requestId).find((candidate) => candidate.msg === "request");
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no access line for ${requestId}`);
}

describe("payload logging", () => {
  it("never logs prompts or replies of a team without logPayloads", async () => {
    const reply = await post(`${gateway.url}/v1/chat/completions`, quietKey, chatBody("quiet-marker prompt text"));
    expect(reply.status).toBe(200);
    const streamed = await post(`${gateway.url}/v1/chat/completions`, quietKey, chatBody("quiet-marker streamed", { stream: true }));
    expect(streamed.status).toBe(200);
    const access = await accessLine(reply.headers["x-request-id"]);
    await accessLine(streamed.headers["x-request-id"]);
    expect(access).toMatchObject({ route: "/v1/chat/completions", status: 200, model: "demo-fast", team: "quiet" });
    expect(logs.text()).not.toContain("quiet-marker");
    expect(lines().filter((line) => String(line.msg).startsWith("payload"))).toHaveLength(0);
  });

  it("logs the masked prompt and the reply, JSON and streamed, for a team with logPayloads", async () => {
    const reply = await post(`${gateway.url}/v1/chat/completions`, openKey, chatBody("open-marker from alice@example.com"));
    expect(reply.status).toBe(200);
    const requestId = reply.headers["x-request-id"];
    await accessLine(requestId);
    const own = linesOf(requestId);
    const prompt = own.find((line) => line.msg === "payload: prompt");
    const answer = own.find((line) => line.msg === "payload: reply");
    expect(JSON.stringify(prompt)).toContain("open-marker from");
    // What went upstream: the pii guardrail's placeholder, not the address.
    expect(JSON.stringify(prompt)).not.toContain("alice@example.com");
    const content = reply.json<{ choices: Array<{ message: { content: string } }> }>().choices[0]?.message.content;
    expect(answer).toMatchObject({ payload: { kind: "reply", choices: [{ index: 0, message: { content } }] } });

    const streamed = await post(`${gateway.url}/v1/chat/completions`, openKey, chatBody("open-marker streamed", { stream: true }));
    const streamedId = streamed.headers["x-request-id"];
    await accessLine(streamedId);
    const text = streamed.text
      .split("\n\n")
      .filter((event) => event.startsWith("data: {"))
      .map((event) => (JSON.parse(event.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? "")
      .join("");
    const streamedReply = linesOf(streamedId).find((line) => line.msg === "payload: reply");
    expect(streamedReply).toMatchObject({
      payload: { kind: "reply", stream: true, choices: [{ index: 0, content: text, finishReason: "stop" }] },
    });
  });

  it("puts the request id on every line about a request", async () => {
    const reply = await post(`${gateway.url}/v1/chat/completions`, openKey, chatBody("fails upstream", { model: "down" }));
    expect(reply.status).toBe(502);
    const requestId = reply.headers["x-request-id"];
    await accessLine(requestId);
    const own = linesOf(requestId);
    expect(own.map((line) => line.msg)).toEqual(
      expect.arrayContaining(["payload: prompt", "request", expect.stringContaining("upstream error")]),
    );
    for (const line of own) expect(line.reqId).toBe(requestId);
  });

  it("logs a caller's x-request-id as clientRequestId next to the gateway's own id", async () => {
    const reply = await post(`${gateway.url}/v1/chat/completions`, quietKey, chatBody("correlated"), { "x-request-id": "caller-trace-42" });
    expect(reply.status).toBe(200);
    expect(reply.headers["x-request-id"]).toMatch(/^req_[0-9a-f]{32}$/);
    const access = await accessLine(reply.headers["x-request-id"]);
    expect(access.clientRequestId).toBe("caller-trace-42");
  });
});

describe("secrets in logs", () => {
  it("never writes Authorization, x-api-key or api-key values, whatever the outcome", async () => {
    await post(`${gateway.url}/v1/chat/completions`, openKey, chatBody("ok"));
    await post(`${gateway.url}/v1/chat/completions`, "sk-sy-logs-wrong-key-000000", chatBody("bad key"));
    await post(`${gateway.url}/v1/chat/completions`, openKey, chatBody("down", { model: "down" }));
    await post(`${gateway.url}/v1/chat/completions`, openKey, { model: "demo-fast", messages: "not a list" });
    const anthropic = await fetch(`${gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": quietKey, "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "demo-fast", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(anthropic.status).toBe(200);
    await fetch(`${gateway.url}/v1/models`, { headers: { "api-key": openKey } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = logs.text();
    for (const secret of [openKey, quietKey, "sk-sy-logs-wrong-key-000000", upstreamKey, "Bearer "]) expect(text).not.toContain(secret);
  });

  it("redacts credential fields at the top level and inside the objects that can carry them (err, req, target, ...)", () => {
    const captured = captureLogs("debug");
    const headers = { authorization: "Bearer sk-live-1", "x-api-key": "sk-live-2", "api-key": "sk-live-3", cookie: "session=sk-live-4" };
    captured.logger.info({ headers }, "top level");
    captured.logger.info({ req: { headers } }, "request serializer shape");
    captured.logger.info({ err: { request: { headers } } }, "client error shape");
    captured.logger.info(
      { target: { apiKey: "sk-live-5", apiKeySealed: { ciphertext: "sk-live-6" } }, token: "sk-live-7" },
      "config shape",
    );
    const text = captured.capture.text();
    for (let index = 1; index <= 7; index++) expect(text).not.toContain(`sk-live-${index}`);
    expect(text).toContain("[redacted]");
  });
});
