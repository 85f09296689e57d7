import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allSecrets,
  bedrockAccessKeyId,
  bedrockRegion,
  type ProviderId,
  type ProvidersHarness,
  providerIds,
  secrets,
  startProvidersHarness,
  virtualKey,
} from "./providers-harness";

/**
 * No provider secret (each provider's API key, Bedrock's AWS secret access key) appears in any log
 * line or any reply the gateway writes, on every path through every adapter: successes, streams,
 * upstream credential refusals, and upstream error bodies that quote our key back. Replies are
 * read raw (status, headers, body text) on both ingresses (/v1/chat/completions, /v1/messages),
 * and the gateway's pino output is captured at trace level.
 */

/** Wrong credentials the refusal paths use; they are secrets too. */
const wrongSecrets: Record<ProviderId, string> = {
  openai: "sk-openai-WRONG-SECRET-0f1e2d3c4b5a",
  azure: "azure-WRONG-SECRET-1e2d3c4b5a69",
  together: "together-WRONG-SECRET-2d3c4b5a6978",
  anthropic: "sk-ant-api03-WRONG-SECRET-3c4b5a697887",
  gemini: "AIzaSyWRONG-SECRET-4b5a69788796",
  bedrock: "bedrockWRONG-SECRET/5a6978879605",
  ollama: "ollama-WRONG-SECRET-697887960514",
};

/** What each deployment's credential is, as the config holds it. */
const configuredCredential: Record<ProviderId, string> = {
  ...secrets,
  bedrock: `${bedrockAccessKeyId}:${secrets.bedrockSecretAccessKey}`,
};

/** The secret an upstream would quote back, in each provider's own error format (400: the path where upstream wording reaches the client). */
function echoingFailure(provider: ProviderId) {
  const secret = provider === "bedrock" ? secrets.bedrockSecretAccessKey : configuredCredential[provider];
  const text = `The credential ${secret} is not allowed to use this feature`;
  switch (provider) {
    case "anthropic":
      return { type: "status" as const, status: 400, body: { type: "error", error: { type: "invalid_request_error", message: text } } };
    case "gemini":
      return { type: "status" as const, status: 400, body: { error: { code: 400, message: text, status: "INVALID_ARGUMENT" } } };
    case "bedrock":
      return {
        type: "status" as const,
        status: 400,
        body: { message: text },
        headers: { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/" },
      };
    case "ollama":
      return { type: "status" as const, status: 400, body: { error: text } };
    default:
      return {
        type: "status" as const,
        status: 400,
        body: { error: { message: text, type: "invalid_request_error", param: null, code: null } },
      };
  }
}

let harness: ProvidersHarness;
const replies: string[] = [];

beforeAll(async () => {
  harness = await startProvidersHarness({
    extraModels: (fakes) =>
      providerIds.map((provider) => {
        const deployment = (() => {
          switch (provider) {
            case "openai":
              return { provider: "openai" as const, model: "demo-fast", apiBase: fakes.openai.url };
            case "azure":
              return { provider: "azure" as const, model: "azure-chat", apiBase: fakes.azure.origin };
            case "together":
              return {
                provider: "openai-compatible" as const,
                preset: "together",
                model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
                apiBase: fakes.together.url,
              };
            case "anthropic":
              return { provider: "anthropic" as const, model: "claude-sonnet-4-5", apiBase: fakes.anthropic.url };
            case "gemini":
              return { provider: "gemini" as const, model: "gemini-2.5-flash", apiBase: fakes.gemini.url };
            case "bedrock":
              return {
                provider: "bedrock" as const,
                model: "anthropic.claude-3-5-sonnet-20240620-v1:0",
                apiBase: fakes.bedrock.url,
                region: bedrockRegion,
              };
            case "ollama":
              return { provider: "ollama" as const, model: "llama3.2", apiBase: fakes.ollama.url };
          }
        })();
        const apiKey = provider === "bedrock" ? `${bedrockAccessKeyId}:${wrongSecrets.bedrock}` : wrongSecrets[provider];
        return { name: `${provider}-wrong-key`, deployments: [{ id: `${provider}-wrong`, ...deployment, apiKey }] };
      }),
  });
});
afterAll(async () => {
  await harness?.close();
});

async function call(
  path: "/v1/chat/completions" | "/v1/messages" | "/v1/embeddings",
  body: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${harness.gateway.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${virtualKey}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  replies.push(JSON.stringify([...response.headers.entries()]), text);
  return { status: response.status, text };
}

const chat = (model: string, stream = false) => ({ model, stream, messages: [{ role: "user", content: "secret check" }] });
const message = (model: string, stream = false) => ({
  model,
  stream,
  max_tokens: 50,
  messages: [{ role: "user", content: "secret check" }],
});

describe.each(providerIds)("%s: no secret on any path", (provider) => {
  const fake = () => harness.providers[provider].fake;
  const model = () => harness.providers[provider].chatModel;

  it("successes, JSON and streamed, on both ingresses", async () => {
    expect((await call("/v1/chat/completions", chat(model()))).status).toBe(200);
    expect((await call("/v1/chat/completions", chat(model(), true))).text).toContain("data: [DONE]");
    expect((await call("/v1/messages", message(model()))).status).toBe(200);
    expect((await call("/v1/messages", message(model(), true))).text).toContain("event: message_stop");
  });

  it("the upstream refuses the gateway's credential: 502, no credential quoted", async () => {
    for (const path of ["/v1/chat/completions", "/v1/messages"] as const) {
      const body = path === "/v1/messages" ? message(`${provider}-wrong-key`) : chat(`${provider}-wrong-key`);
      const reply = await call(path, body);
      expect(reply.status).toBe(502);
      expect(reply.text).toContain("rejected the gateway's credentials");
      const streamed = await call(path, { ...body, stream: true });
      expect(streamed.status).toBe(502);
    }
  });

  it("an upstream error that quotes our credential back is redacted for the client and the logs", async () => {
    for (const path of ["/v1/chat/completions", "/v1/messages"] as const) {
      for (const stream of [false, true]) {
        fake().fail(echoingFailure(provider));
        const reply = await call(path, path === "/v1/messages" ? message(model(), stream) : chat(model(), stream));
        expect(reply.status).toBe(400);
        expect(reply.text).toContain("[redacted]");
      }
    }
    const embeddingModel = harness.providers[provider].embeddingModel;
    if (embeddingModel) {
      fake().fail(echoingFailure(provider), { endpoint: "embeddings" });
      const reply = await call("/v1/embeddings", { model: embeddingModel, input: "secret check" });
      expect(reply.status).toBe(400);
      expect(reply.text).toContain("[redacted]");
    }
  });
});

describe("after every path above", () => {
  it("no secret, right or wrong, in any reply (headers and bodies) or any log line", () => {
    const everything = [...allSecrets, ...Object.values(wrongSecrets)];
    const logs = harness.logs.text();
    // The paths ran and were logged (upstream bodies included, redacted).
    expect(harness.logs.lines.length).toBeGreaterThan(50);
    expect(logs).toContain("[redacted]");
    expect(replies.length).toBeGreaterThan(100);
    const replyText = replies.join("\n");
    for (const secret of everything) {
      expect(logs, `log leaks ${secret}`).not.toContain(secret);
      expect(replyText, `reply leaks ${secret}`).not.toContain(secret);
    }
    // OpenAI quotes the start and end of a refused key ("sk-ope************4b5a"): not even that. (The
    // bare last four characters are hex, which random request ids contain now and then: look for the mask.)
    expect(replyText).not.toMatch(new RegExp(`\\*{3,}${wrongSecrets.openai.slice(-4)}`));
    expect(replyText).not.toContain(wrongSecrets.openai.slice(0, 6));
  });
});
