import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, lastUpstreamBody, restrictedKey, startHarness, upstreamKey } from "./helpers";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

describe("POST /v1/embeddings", () => {
  it("embeds a batch and maps the model name to the upstream's", async () => {
    const { data, response } = await harness.client.embeddings
      .create({ model: "embed", input: ["alpha", "beta"], encoding_format: "float" })
      .withResponse();
    expect(data.object).toBe("list");
    expect(data.data).toHaveLength(2);
    expect(data.data[0]?.embedding).toHaveLength(8);
    expect(data.data[1]?.index).toBe(1);
    expect(data.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-switchyard-deployment")).toBe("embed-1");
    const upstream = harness.upstream.requests.at(-1);
    expect(upstream?.path).toBe("/v1/embeddings");
    expect(upstream?.headers.authorization).toBe(`Bearer ${upstreamKey}`);
    expect(lastUpstreamBody(harness.upstream)).toEqual({ model: "demo-embed", input: ["alpha", "beta"], encoding_format: "float" });
  });

  it("works with the SDK's default base64 encoding and custom dimensions", async () => {
    const result = await harness.client.embeddings.create({ model: "embed", input: "gamma", dimensions: 4 });
    // The SDK asks for base64 and decodes it back to floats.
    expect(result.data[0]?.embedding).toHaveLength(4);
    expect(lastUpstreamBody(harness.upstream).encoding_format).toBe("base64");
  });

  it("refuses a chat model for embeddings with a 400", async () => {
    await expect(harness.client.embeddings.create({ model: "demo-fast", input: "x" })).rejects.toMatchObject({
      status: 400,
      param: "model",
    });
  });
});

describe("GET /v1/models", () => {
  it("lists the models this key may use", async () => {
    const all: string[] = [];
    for await (const model of harness.client.models.list()) all.push(model.id);
    expect(all.sort()).toEqual(["demo-fast", "demo-smart", "embed"]);

    const restricted: string[] = [];
    for await (const model of harness.clientFor(restrictedKey).models.list()) restricted.push(model.id);
    expect(restricted).toEqual(["demo-fast"]);
  });

  it("retrieves one model, and 404s models the key may not see", async () => {
    const { data, response } = await harness.client.models.retrieve("demo-smart").withResponse();
    expect(data).toMatchObject({ id: "demo-smart", object: "model", owned_by: "switchyard" });
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const hidden = await harness
      .clientFor(restrictedKey)
      .models.retrieve("demo-smart")
      .catch((error: unknown) => error);
    expect(hidden).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("health, readiness and metrics", () => {
  it("serves /healthz, /readyz and Prometheus metrics", async () => {
    expect((await fetch(`${harness.gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${harness.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    await harness.client.chat.completions.create({ model: "demo-fast", messages: [{ role: "user", content: "count me" }] });
    const metrics = await (await fetch(`${harness.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(
      /switchyard_requests_total\{route="\/v1\/chat\/completions",model="demo-fast",deployment="fast-1",provider="openai",status="200"\} \d+/,
    );
    expect(metrics).toContain(
      'switchyard_request_duration_seconds_bucket{le="0.005",route="/v1/chat/completions",model="demo-fast",stream="false"}',
    );
    expect(metrics).toMatch(/switchyard_tokens_total\{model="demo-fast",team="research",kind="prompt"\} \d+/);
  });
});
