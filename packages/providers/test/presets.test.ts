import { describe, expect, it } from "vitest";
import { providerRegistry } from "../src/registry";
import type { ProviderAdapter } from "../src/spec";
import { callContext, runStream, sse } from "./helpers";

function preset(name: string): ProviderAdapter {
  const adapter = providerRegistry.resolve({ provider: "openai-compatible", preset: name });
  if (!adapter) throw new Error(`no preset ${name}`);
  return adapter;
}

const request = {
  model: "alias",
  messages: [{ role: "user" as const, content: "hi", name: "alice" }],
  seed: 42,
  max_completion_tokens: 100,
  logprobs: true,
  top_logprobs: 2,
  logit_bias: { "1": 1 },
  user: "u-1",
  tool_choice: "required" as const,
  tools: [{ type: "function" as const, function: { name: "f", parameters: { type: "object" } } }],
  guided_json: { type: "object" },
};

describe("openai-compatible presets", () => {
  it("groq: default base, drops rejected params and message names, reads x_groq usage", async () => {
    const groq = preset("groq");
    const context = callContext(
      { provider: "openai-compatible", preset: "groq", apiBase: groq.defaultApiBase ?? "", model: "llama-3.3-70b-versatile" },
      true,
    );
    const upstream = await groq.chat.buildRequest({ ...request, stream: true }, context);
    expect(upstream.url).toBe("https://api.groq.com/openai/v1/chat/completions");
    expect(upstream.headers.authorization).toBe("Bearer sk-test-key");
    expect(JSON.parse(String(upstream.body))).toEqual({
      model: "llama-3.3-70b-versatile",
      messages: [{ role: "user", content: "hi" }],
      seed: 42,
      max_completion_tokens: 100,
      user: "u-1",
      tool_choice: "required",
      tools: request.tools,
      guided_json: { type: "object" },
      stream: true,
      stream_options: { include_usage: true },
    });

    const transformer = groq.chat.createStreamTransformer(context);
    const chunk = {
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "llama",
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
    };
    transformer.transform({
      data: JSON.stringify({ ...chunk, x_groq: { id: "req_1", usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } } }),
    });
    expect(transformer.summary().usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it("mistral: renames seed and max_completion_tokens, maps tool_choice required → any, no stream_options", async () => {
    const mistral = preset("mistral");
    const context = callContext(
      { provider: "openai-compatible", preset: "mistral", apiBase: mistral.defaultApiBase ?? "", model: "mistral-large-latest" },
      true,
    );
    const upstream = await mistral.chat.buildRequest({ ...request, stream: true }, context);
    expect(upstream.url).toBe("https://api.mistral.ai/v1/chat/completions");
    expect(JSON.parse(String(upstream.body))).toEqual({
      model: "mistral-large-latest",
      messages: [{ role: "user", content: "hi", name: "alice" }],
      random_seed: 42,
      max_tokens: 100,
      tool_choice: "any",
      tools: request.tools,
      guided_json: { type: "object" },
      stream: true,
    });
    // Mistral puts usage on its last chunk without being asked.
    const parts = runStream(
      mistral,
      context,
      sse([
        {
          id: "m",
          object: "chat.completion.chunk",
          created: 2,
          model: "mistral-large-latest",
          choices: [{ index: 0, delta: { role: "assistant", content: "Bonjour" }, finish_reason: null }],
        },
        {
          id: "m",
          object: "chat.completion.chunk",
          created: 2,
          model: "mistral-large-latest",
          choices: [{ index: 0, delta: { content: "" }, finish_reason: "model_length" }],
          usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
        },
        "[DONE]",
      ]),
    );
    const last = parts.at(-1);
    expect(last).toMatchObject({ type: "chunk", chunk: { choices: [{ finish_reason: "length" }] } });
    expect(last?.type === "chunk" && "usage" in last.chunk).toBe(false);
  });

  it("vllm and llama.cpp: local default bases, pass vendor fields through", async () => {
    const vllm = preset("vllm");
    expect(vllm.defaultApiBase).toBe("http://127.0.0.1:8000/v1");
    const upstream = await vllm.chat.buildRequest(
      request,
      callContext({ provider: "openai-compatible", apiBase: "http://gpu-box:8000/v1", model: "Qwen/Qwen2.5-7B" }),
    );
    expect(upstream.url).toBe("http://gpu-box:8000/v1/chat/completions");
    expect(JSON.parse(String(upstream.body))).toMatchObject({ model: "Qwen/Qwen2.5-7B", guided_json: { type: "object" }, logprobs: true });

    const llamacpp = preset("llamacpp");
    const local = await llamacpp.chat.buildRequest(
      request,
      callContext({ provider: "openai-compatible", apiBase: "http://127.0.0.1:8080/v1", model: "local", apiKey: undefined }),
    );
    expect(local.headers).not.toHaveProperty("authorization");
    expect(JSON.parse(String(local.body))).not.toHaveProperty("logit_bias");
  });

  it("openrouter: deployment option headers are sent", async () => {
    const openrouter = preset("openrouter");
    const upstream = await openrouter.chat.buildRequest(
      request,
      callContext({
        provider: "openai-compatible",
        apiBase: openrouter.defaultApiBase ?? "",
        model: "anthropic/claude-3.5-sonnet",
        options: { headers: { "HTTP-Referer": "https://switchyard.example", "X-Title": "Switchyard" } },
      }),
    );
    expect(upstream.url).toBe("https://openrouter.ai/api/v1/chat/completions");
    expect(upstream.headers).toMatchObject({
      "http-referer": "https://switchyard.example",
      "x-title": "Switchyard",
      authorization: "Bearer sk-test-key",
    });
  });

  it("every preset is registered with its capabilities", () => {
    for (const name of ["vllm", "llamacpp", "groq", "mistral", "deepseek", "together", "fireworks", "openrouter"]) {
      const adapter = preset(name);
      expect(adapter.provider).toBe("openai-compatible");
      expect(adapter.streamFraming).toBe("sse");
      expect(Boolean(adapter.embeddings)).toBe(adapter.capabilities.embeddings);
    }
  });
});
