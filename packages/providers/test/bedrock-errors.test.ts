import type { ChatCompletionRequest } from "@switchyard/schemas";
import { type FakeBedrock, startFakeBedrock } from "@switchyard/testkit/fake-bedrock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accessKeyId, adapter, fakeBedrockHelpers, secretAccessKey } from "./support/bedrock";
import { callChat, expectError } from "./support/http-upstream";

let fake: FakeBedrock;
const { context } = fakeBedrockHelpers(() => fake);

beforeAll(async () => {
  fake = await startFakeBedrock({ apiKey: accessKeyId });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("bedrock adapter: errors", () => {
  const hello: ChatCompletionRequest = { model: "smart", messages: [{ role: "user", content: "hi" }] };

  it("ThrottlingException → rate_limit (retry-after honoured when a proxy adds one)", async () => {
    fake.fail({ type: "rate-limit" });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({
      kind: "rate_limit",
      status: 429,
      retryable: true,
      retryAfterMs: undefined,
    });
    fake.fail({
      type: "status",
      status: 429,
      body: { message: "Too many requests" },
      headers: { "x-amzn-errortype": "ThrottlingException", "retry-after": "4" },
    });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "rate_limit", retryAfterMs: 4000 });
  });

  it("InternalServerException → server, ServiceUnavailableException and ModelNotReadyException → overloaded", async () => {
    fake.fail({ type: "status", status: 500 });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "server", status: 500, retryable: true });
    fake.fail({ type: "status", status: 503 });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "overloaded", status: 503 });
    fake.fail({
      type: "status",
      status: 429,
      body: { message: "Model is not ready" },
      headers: { "x-amzn-errortype": "ModelNotReadyException:http://internal.amazon.com/coral/com.amazon.bedrock/" },
    });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "overloaded", retryable: true });
  });

  it('ValidationException "too long" → context_length; other validation errors → bad_request', async () => {
    fake.fail({ type: "context-length" });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({
      kind: "context_length",
      status: 400,
      message: "Input is too long for requested model.",
    });
    fake.fail({ type: "status", status: 400 });
    expect(expectError(await callChat(adapter, hello, context()))).toMatchObject({ kind: "bad_request", code: "ValidationException" });
  });

  it("a refused signature is auth, without the secret", async () => {
    const error = expectError(await callChat(adapter, hello, context({ apiKey: `AKIDWRONG:${secretAccessKey}` })));
    expect(error).toMatchObject({ kind: "auth", status: 403 });
    expect(JSON.stringify(error.toOpenAIError())).not.toContain(secretAccessKey);
  });
});
