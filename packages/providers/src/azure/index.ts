import { createOpenAIStyleAdapter, useMaxCompletionTokens } from "../openai";
import type { UpstreamTarget } from "../spec";

/** GA api-version with stream_options, json_schema and parallel tool calls. */
export const defaultAzureApiVersion = "2024-10-21";

function deploymentUrl(target: UpstreamTarget, operation: string): string {
  const base = target.apiBase.endsWith("/") ? target.apiBase.slice(0, -1) : target.apiBase;
  const version = encodeURIComponent(target.apiVersion ?? defaultAzureApiVersion);
  // On Azure the deployment's `model` is the Azure deployment name.
  return `${base}/openai/deployments/${encodeURIComponent(target.model)}/${operation}?api-version=${version}`;
}

/**
 * Azure OpenAI: OpenAI's wire format behind per-deployment URLs and an `api-key` header.
 * apiBase is the resource endpoint (https://<resource>.openai.azure.com), with no default.
 */
export const azureAdapter = createOpenAIStyleAdapter({
  name: "azure",
  provider: "azure",
  capabilities: { tools: true, vision: true, jsonSchema: true, logprobs: true, embeddings: true, streamUsage: true },
  chatUrl: (target) => deploymentUrl(target, "chat/completions"),
  embeddingsUrl: (target) => deploymentUrl(target, "embeddings"),
  authHeaders: (target): Record<string, string> => (target.apiKey ? { "api-key": target.apiKey } : {}),
  omitModel: true,
  // Azure deployment names usually repeat the model's (o3-mini, gpt-5): the same rule applies.
  adjustBody: useMaxCompletionTokens,
});
