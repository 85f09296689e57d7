import { describe, expect, it } from "vitest";
import { buildApp } from "../src/app";

describe("buildApp", () => {
  it("is not ready, and refuses data-plane calls, until a config is loaded", async () => {
    const app = await buildApp({ logger: false });
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    const chat = await app.inject({ method: "POST", url: "/v1/chat/completions", payload: { model: "x", messages: [] } });
    expect(chat.statusCode).toBe(503);
    expect(chat.json()).toEqual({ error: { message: expect.any(String), type: "api_error", param: null, code: "not_ready" } });
    expect(chat.headers["x-request-id"]).toBeTruthy();

    const applied = app.gateway.store.apply({ version: 1, models: [] }, { source: "test" });
    expect(applied.ok).toBe(true);
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    await app.close();
  });

  it("answers unknown URLs with a 404 in OpenAI's shape", async () => {
    const app = await buildApp({ logger: false, config: { version: 1 } });
    const response = await app.inject({ method: "GET", url: "/v1/nothing-here?x=1" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { message: "Unknown request URL: GET /v1/nothing-here.", type: "invalid_request_error", param: null, code: "unknown_url" },
    });
    await app.close();
  });

  it("refuses an invalid config listing every problem", async () => {
    const attempt = buildApp({
      logger: false,
      config: {
        version: 1,
        models: [
          { name: "a", deployments: [{ id: "d1", provider: "openai", model: "m", apiBase: "not a url" }] },
          { name: "b", fallbacks: ["missing"], deployments: [{ id: "d2", provider: "openai-compatible", model: "m" }] },
        ],
      },
    });
    await expect(attempt).rejects.toThrow(/models\[0\]\.deployments\[0\]\.apiBase[\s\S]*models\[1\]\.fallbacks\[0\]/);
  });

  it("refuses a config whose deployment has no apiBase and no provider default", async () => {
    const attempt = buildApp({
      logger: false,
      config: { version: 1, models: [{ name: "b", deployments: [{ id: "d2", provider: "openai-compatible", model: "m" }] }] },
    });
    await expect(attempt).rejects.toThrow("models[0].deployments[0].apiBase: required");
  });
});
