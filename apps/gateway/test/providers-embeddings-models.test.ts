import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { allSecrets, narrowKey, type ProvidersHarness, providerIds, useProvidersHarness, virtualKey } from "./providers-harness";

/**
 * POST /v1/embeddings through every adapter that has embeddings (OpenAI, Azure, Together,
 * Gemini, Bedrock Titan and Cohere, Ollama) and GET /v1/models(/id), with the official `openai`
 * SDK. The SDK asks for `encoding_format: "base64"` by default and decodes it, so the base64 path
 * is the one most clients take; floats are checked too, and both must be the same vector.
 */

let harness: ProvidersHarness;
let client: OpenAI;

useProvidersHarness((started) => {
  harness = started;
  client = started.openai();
});

interface EmbeddingCase {
  readonly model: string;
  readonly fake: keyof ProvidersHarness["fakes"];
  /** The upstream path of the (last) request. */
  readonly path: string;
  readonly inputs: readonly string[];
  /** Upstream calls per client call (Titan embeds one text per call: the gateway splits the batch). */
  readonly calls?: number;
}

const cases: readonly EmbeddingCase[] = [
  { model: "openai-embed", fake: "openai", path: "/v1/embeddings", inputs: ["alpha", "beta"] },
  { model: "azure-embed", fake: "azure", path: "/openai/deployments/azure-embed/embeddings", inputs: ["alpha", "beta"] },
  { model: "together-embed", fake: "together", path: "/v1/embeddings", inputs: ["alpha", "beta"] },
  { model: "gemini-embed", fake: "gemini", path: "/v1beta/models/gemini-embedding-001:batchEmbedContents", inputs: ["alpha", "beta"] },
  { model: "bedrock-embed", fake: "bedrock", path: "/model/amazon.titan-embed-text-v2%3A0/invoke", inputs: ["alpha", "beta"], calls: 2 },
  { model: "bedrock-cohere-embed", fake: "bedrock", path: "/model/cohere.embed-english-v3/invoke", inputs: ["alpha", "beta"] },
  { model: "ollama-embed", fake: "ollama", path: "/api/embed", inputs: ["alpha", "beta"] },
];

/** What the gateway answered, before any SDK decoding. */
async function rawEmbeddings(
  model: string,
  input: readonly string[],
  encoding: "float" | "base64",
): Promise<{ data: Array<{ index: number; embedding: unknown }> }> {
  const response = await fetch(`${harness.gateway.url}/v1/embeddings`, {
    method: "POST",
    headers: { authorization: `Bearer ${virtualKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model, input, encoding_format: encoding }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data: Array<{ index: number; embedding: unknown }> };
}

function decodeFloat32(base64: string): number[] {
  const bytes = Buffer.from(base64, "base64");
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) values.push(bytes.readFloatLE(offset));
  return values;
}

/** Equal within float32 precision: base64 carries float32, floats come as the provider wrote them. */
function expectSameVector(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [position, value] of expected.entries()) expect(actual[position]).toBeCloseTo(value, 6);
}

describe.each(cases)("embeddings: $model", ({ model, fake, path, inputs, calls }) => {
  it("the SDK's default (base64, decoded by the SDK) and encoding_format float give the same vectors", async () => {
    const viaSdk = await client.embeddings.create({ model, input: [...inputs] });
    expect(viaSdk.object).toBe("list");
    expect(viaSdk.data.map((item) => item.index)).toEqual(inputs.map((_input, index) => index));
    for (const item of viaSdk.data) {
      expect(item.object).toBe("embedding");
      expect(item.embedding).toHaveLength(8);
    }
    expect(harness.fakes[fake].requests).toHaveLength(calls ?? 1);
    expect(harness.fakes[fake].requests.at(-1)?.path).toBe(path);

    const floats = await client.embeddings.create({ model, input: [...inputs], encoding_format: "float" });
    for (const [index, item] of floats.data.entries()) {
      expect(item.embedding).toHaveLength(8);
      expectSameVector(viaSdk.data[index]?.embedding ?? [], item.embedding);
    }
    if (inputs.length > 1) expect(floats.data[0]?.embedding).not.toEqual(floats.data[1]?.embedding);
  });

  it("answers base64 as little-endian float32 on the wire when asked, floats otherwise", async () => {
    const base64 = await rawEmbeddings(model, inputs, "base64");
    const floats = await rawEmbeddings(model, inputs, "float");
    expect(base64.data).toHaveLength(inputs.length);
    for (const [index, item] of base64.data.entries()) {
      expect(typeof item.embedding).toBe("string");
      const expected = floats.data[index]?.embedding as number[];
      expect(Array.isArray(expected)).toBe(true);
      expectSameVector(decodeFloat32(item.embedding as string), expected);
    }
  });
});

describe("embeddings: a batch larger than the provider takes in one call (Bedrock Titan: one text)", () => {
  const texts = Array.from({ length: 9 }, (_, index) => `text number ${index}`);

  it("sends one call per text and answers the batch in order, with the usage added up", async () => {
    const batch = await client.embeddings.create({ model: "bedrock-embed", input: texts, encoding_format: "float" });
    const sent = harness.fakes.bedrock.requests;
    expect(sent).toHaveLength(9);
    expect(sent.map((item) => (item.body as { inputText?: string }).inputText).sort()).toEqual([...texts].sort());
    expect(batch.data.map((item) => item.index)).toEqual(texts.map((_text, index) => index));
    // Each vector is the one that text gets on its own.
    for (const index of [0, 4, 8]) {
      const alone = await client.embeddings.create({ model: "bedrock-embed", input: texts[index] ?? "", encoding_format: "float" });
      expectSameVector(batch.data[index]?.embedding ?? [], alone.data[0]?.embedding ?? []);
    }
    const single = await client.embeddings.create({ model: "bedrock-embed", input: texts[0] ?? "" });
    expect(batch.usage.prompt_tokens).toBeGreaterThan(single.usage.prompt_tokens * 8);
  });

  it("fails the whole batch, once, when one of its calls fails for good", async () => {
    harness.fakes.bedrock.fail({ type: "status", status: 400 }, { endpoint: "embeddings" });
    const error = await client.embeddings.create({ model: "bedrock-embed", input: texts }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe("embeddings: what cannot be embedded", () => {
  it("a chat model is refused with 400 before any upstream call", async () => {
    const error = await client.embeddings.create({ model: "anthropic-chat", input: "x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("unsupported_model");
    expect(harness.fakes.anthropic.requests).toHaveLength(0);
  });
});

describe("models", () => {
  it("lists every configured model, chat and embedding, for every provider", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.object).toBe("model");
      ids.push(model.id);
    }
    for (const provider of providerIds) {
      expect(ids).toContain(harness.providers[provider].chatModel);
      const embeddingModel = harness.providers[provider].embeddingModel;
      if (embeddingModel) expect(ids).toContain(embeddingModel);
    }
    // The gateway answers from its config: no provider is asked.
    for (const fake of Object.values(harness.fakes)) expect(fake.requests).toHaveLength(0);
  });

  it.each(providerIds)("retrieves the %s models by id", async (provider) => {
    const { chatModel, embeddingModel } = harness.providers[provider];
    const model = await client.models.retrieve(chatModel);
    expect(model).toMatchObject({ id: chatModel, object: "model", owned_by: "switchyard" });
    expect(model.created).toBeTypeOf("number");
    if (embeddingModel) expect((await client.models.retrieve(embeddingModel)).id).toBe(embeddingModel);
  });

  it("a key limited to some models sees only those; others, and unknown ids, are 404", async () => {
    const narrow = harness.openai(narrowKey);
    const ids: string[] = [];
    for await (const model of narrow.models.list()) ids.push(model.id);
    expect(ids).toEqual(["openai-chat"]);
    const hidden = await narrow.models.retrieve("gemini-chat").catch((caught: unknown) => caught);
    expect(hidden).toBeInstanceOf(OpenAI.NotFoundError);
    const unknown = await client.models.retrieve("gpt-9000").catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
  });

  it("leaks no provider secret into any log line", () => {
    for (const secret of allSecrets) expect(harness.logs.text()).not.toContain(secret);
  });
});
