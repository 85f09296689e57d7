import { createHash, createHmac } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ChatCompletionRequest } from "@switchyard/schemas";
import { type FakeBedrock, startFakeBedrock } from "@switchyard/testkit/fake-bedrock";
import type { RecordedRequest } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accessKeyId, adapter, fakeBedrockHelpers, modelId, secretAccessKey, signingDate } from "./support/bedrock";
import { callChat, callContext, expectResult } from "./support/http-upstream";

let fake: FakeBedrock;
const { context, lastRequest } = fakeBedrockHelpers(() => fake);

function header(request: RecordedRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/** SigV4 recomputed by hand from what the server received (AWS's documented algorithm, node:crypto only). */
function independentSignature(request: RecordedRequest, signedHeaders: string[], region: string): string {
  const encode = (segment: string) =>
    encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalUri = request.path.split("/").map(encode).join("/");
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${header(request, name).trim()}\n`).join("");
  const payloadHash = createHash("sha256").update(request.rawBody).digest("hex");
  const canonicalRequest = ["POST", canonicalUri, "", canonicalHeaders, signedHeaders.join(";"), payloadHash].join("\n");
  const amzDate = header(request, "x-amz-date");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/bedrock/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonicalRequest).digest("hex")].join("\n");
  const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), "bedrock"), "aws4_request");
  return createHmac("sha256", signingKey).update(stringToSign).digest("hex");
}

beforeAll(async () => {
  fake = await startFakeBedrock({ apiKey: accessKeyId });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("bedrock adapter: signing", () => {
  it("signs Converse with SigV4: exact Authorization format, verifiable signature, encoded model id", async () => {
    const request: ChatCompletionRequest = { model: "smart", messages: [{ role: "user", content: "Hello there" }] };
    const upstream = await adapter.chat.buildRequest(request, context());
    expect(upstream.url).toBe(`${fake.url}/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse`);
    expect(upstream.headers).toEqual({
      "content-type": "application/json",
      accept: "application/json",
      "x-amz-date": "20250615T123456Z",
      "x-amz-content-sha256": createHash("sha256").update(String(upstream.body)).digest("hex"),
      authorization: expect.any(String),
    });
    const authorization = upstream.headers.authorization ?? "";
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250615\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );

    expectResult(await callChat(adapter, request, context()));
    const received = lastRequest();
    expect(received.path).toBe("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    expect(header(received, "authorization")).toBe(authorization);

    // The same library, the same clock, fed only what the server received.
    const signer = new SignatureV4({
      service: "bedrock",
      region: "eu-west-1",
      credentials: { accessKeyId, secretAccessKey },
      sha256: Sha256,
    });
    const resigned = await signer.sign(
      {
        method: "POST",
        protocol: "http:",
        hostname: "127.0.0.1",
        port: fake.port,
        path: received.path,
        headers: { host: header(received, "host"), "content-type": header(received, "content-type"), accept: header(received, "accept") },
        body: received.rawBody,
      },
      { signingDate },
    );
    expect(resigned.headers.authorization).toBe(authorization);
    // And by hand, from AWS's algorithm: canonical request → string to sign → derived key.
    const signature = independentSignature(received, ["accept", "content-type", "host", "x-amz-content-sha256", "x-amz-date"], "eu-west-1");
    expect(authorization.endsWith(`Signature=${signature}`)).toBe(true);
  });

  it("adds the session token, takes a Bedrock API key as a bearer, and fails without credentials", async () => {
    const withToken = await adapter.chat.buildRequest(
      { model: "x", messages: [{ role: "user", content: "hi" }] },
      context({ apiKey: `${accessKeyId}:${secretAccessKey}:FwoGZXIvYXdzEXAMPLE` }),
    );
    expect(withToken.headers["x-amz-security-token"]).toBe("FwoGZXIvYXdzEXAMPLE");
    expect(withToken.headers.authorization).toMatch(
      /SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/,
    );

    const bearer = await adapter.chat.buildRequest(
      { model: "x", messages: [{ role: "user", content: "hi" }] },
      context({ apiKey: accessKeyId }),
    );
    expect(bearer.headers.authorization).toBe(`Bearer ${accessKeyId}`);
    expectResult(await callChat(adapter, { model: "x", messages: [{ role: "user", content: "hi" }] }, context({ apiKey: accessKeyId })));

    const none = callContext({ provider: "bedrock", apiBase: fake.url, model: modelId, apiKey: undefined });
    await expect(adapter.chat.buildRequest({ model: "x", messages: [{ role: "user", content: "hi" }] }, none)).rejects.toMatchObject({
      kind: "auth",
      retryable: false,
    });
  });

  it("defaults to the regional endpoint", async () => {
    const upstream = await adapter.chat.buildRequest(
      { model: "x", messages: [{ role: "user", content: "hi" }] },
      callContext({
        provider: "bedrock",
        apiBase: "https://bedrock-runtime.{region}.amazonaws.com",
        model: "amazon.nova-pro-v1:0",
        region: "ap-southeast-2",
        apiKey: `${accessKeyId}:${secretAccessKey}`,
      }),
    );
    expect(upstream.url).toBe("https://bedrock-runtime.ap-southeast-2.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse");
    expect(upstream.headers.authorization).toContain("/ap-southeast-2/bedrock/aws4_request");
  });
});
