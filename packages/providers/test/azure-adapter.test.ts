import { startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { azureAdapter, defaultAzureApiVersion } from "../src/azure";
import { callContext, runStream, simpleRequest, sse } from "./helpers";

const target = { provider: "azure" as const, apiBase: "https://contoso.openai.azure.com", model: "gpt4o-prod", apiVersion: "2024-10-21" };

describe("azure adapter", () => {
  it("calls the deployment URL with api-version and the api-key header, model taken from the URL", async () => {
    const upstream = await azureAdapter.chat.buildRequest({ ...simpleRequest, stream: true }, callContext(target, true));
    expect(upstream.url).toBe("https://contoso.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    expect(upstream.headers).toEqual({ "api-key": "sk-test-key", "content-type": "application/json", accept: "text/event-stream" });
    expect(JSON.parse(String(upstream.body))).toEqual({
      messages: simpleRequest.messages,
      temperature: 0.5,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("defaults the api-version and builds embeddings URLs", async () => {
    const embeddings = azureAdapter.embeddings;
    if (!embeddings) throw new Error("azure serves embeddings");
    const upstream = await embeddings.buildRequest(
      { model: "e", input: "x" },
      callContext({ ...target, apiVersion: undefined, model: "embed-prod" }),
    );
    expect(upstream.url).toBe(
      `https://contoso.openai.azure.com/openai/deployments/embed-prod/embeddings?api-version=${defaultAzureApiVersion}`,
    );
    expect(JSON.parse(String(upstream.body))).toEqual({ input: "x" });
  });

  it("maps Azure's content filter finish reason and error", () => {
    const context = callContext(target);
    const result = azureAdapter.chat.parseResponse(
      {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1,
        model: "gpt-4o-2024-08-06",
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: null },
            finish_reason: "content_filter",
            content_filter_results: { hate: { filtered: true } },
          },
        ],
      },
      context,
    );
    expect(result.finishReasons).toEqual([{ unified: "content_filter", raw: "content_filter" }]);
    const error = azureAdapter.mapError(
      {
        status: 400,
        headers: {},
        body: JSON.stringify({
          error: { message: "The response was filtered", type: null, param: "prompt", code: "content_filter", status: 400 },
        }),
      },
      context,
    );
    expect(error).toMatchObject({ kind: "content_filter", provider: "azure", gatewayStatus: 400, param: "prompt" });
  });

  it("drops Azure's empty prompt_filter_results chunk and fills the empty first model", () => {
    const parts = runStream(
      azureAdapter,
      callContext(target, true),
      sse([
        {
          id: "",
          object: "",
          created: 0,
          model: "",
          choices: [],
          prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
        },
        {
          id: "chatcmpl-9",
          object: "chat.completion.chunk",
          created: 5,
          model: "gpt-4o",
          choices: [{ index: 0, delta: { role: "assistant", content: "Hi" }, finish_reason: null }],
        },
        {
          id: "chatcmpl-9",
          object: "chat.completion.chunk",
          created: 5,
          model: "gpt-4o",
          choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
        },
        "[DONE]",
      ]),
    );
    expect(parts.map((part) => part.type)).toEqual(["chunk", "chunk"]);
    expect(parts[0]).toMatchObject({ type: "chunk", chunk: { model: "gpt-4o", choices: [{ delta: { content: "Hi" } }] } });
  });

  it("round-trips over real HTTP against the fake server's Azure routes", async () => {
    const fake = await startFakeOpenAI({ apiKey: "azure-secret", models: ["gpt4o-prod"] });
    try {
      const context = callContext({ ...target, apiBase: fake.origin, apiKey: "azure-secret" });
      const upstream = await azureAdapter.chat.buildRequest(simpleRequest, context);
      const response = await request(upstream.url, { method: upstream.method, headers: upstream.headers, body: upstream.body });
      expect(response.statusCode).toBe(200);
      const result = azureAdapter.chat.parseResponse(await response.body.json(), context);
      expect(result.completion.model).toBe("gpt4o-prod");
      expect(result.completion.choices[0]?.message.content).toContain("Hello");
      expect(fake.requests[0]?.query).toEqual({ "api-version": "2024-10-21" });
      expect(fake.requests[0]?.headers["api-key"]).toBe("azure-secret");
    } finally {
      await fake.close();
    }
  });
});
