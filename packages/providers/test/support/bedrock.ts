import type { FakeBedrock } from "@switchyard/testkit/fake-bedrock";
import type { RecordedRequest } from "@switchyard/testkit/fake-openai";
import { createBedrockAdapter } from "../../src/bedrock";
import type { CallContext } from "../../src/spec";
import { callContext } from "./http-upstream";

/** What the Bedrock adapter tests (bedrock, bedrock-signing, bedrock-errors) share: AWS's example credentials and a fixed clock. */

export const accessKeyId = "AKIDEXAMPLE";
export const secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
export const signingDate = new Date("2025-06-15T12:34:56Z");
export const adapter = createBedrockAdapter({ now: () => signingDate });
export const modelId = "anthropic.claude-3-5-sonnet-20240620-v1:0";

/** The call context and recorded requests of a test file's fake Bedrock (started in that file's beforeAll). */
export function fakeBedrockHelpers(fake: () => FakeBedrock) {
  function context(overrides: { apiKey?: string; model?: string } = {}): CallContext {
    return callContext({
      provider: "bedrock",
      apiBase: fake().url,
      model: overrides.model ?? modelId,
      region: "eu-west-1",
      apiKey: overrides.apiKey ?? `${accessKeyId}:${secretAccessKey}`,
    });
  }

  function lastRequest(): RecordedRequest {
    const request = fake().requests.at(-1);
    if (!request) throw new Error("no request recorded");
    return request;
  }

  function lastBody(): Record<string, unknown> {
    return lastRequest().body as Record<string, unknown>;
  }

  return { context, lastRequest, lastBody };
}
