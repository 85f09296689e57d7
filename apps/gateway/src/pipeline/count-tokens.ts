import { buildAnthropicCountTokensRequest } from "@switchyard/providers/anthropic/index";
import { anthropicToOpenAIRequest } from "@switchyard/providers/anthropic-messages/index";
import type { AnthropicMessagesRequest } from "@switchyard/schemas/anthropic";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RuntimeDeployment, RuntimeModel } from "../config/runtime";
import { chatPromptTokens } from "../governance/metering/estimate";
import { callUpstreamJson } from "../upstream/send";

export interface TokenCount {
  readonly inputTokens: number;
  /** "upstream": the provider counted; "estimate": the gateway's own estimate (no Anthropic deployment, or it failed). */
  readonly source: "upstream" | "estimate";
}

/** An Anthropic deployment of the model that is not cooling down, if any: only Anthropic counts tokens for Claude exactly. */
function anthropicDeployment(app: FastifyInstance, model: RuntimeModel): RuntimeDeployment | undefined {
  const candidates = model.deployments.filter((deployment) => deployment.adapter.name === "anthropic");
  return candidates.find((deployment) => app.gateway.router.cooldownState(deployment.id) === "ok") ?? candidates[0];
}

/**
 * POST /v1/messages/count_tokens: Anthropic's own count when the model has an Anthropic deployment
 * (the request as the client sent it, for the deployment's model), else — or when that call fails —
 * the gateway's estimate of the prompt (the one limits reserve with). Advisory: nothing is metered
 * or charged to limits, as with Anthropic, which does not bill it.
 */
export async function countTokens(
  app: FastifyInstance,
  request: FastifyRequest,
  model: RuntimeModel,
  body: AnthropicMessagesRequest,
): Promise<TokenCount> {
  const deployment = anthropicDeployment(app, model);
  if (deployment) {
    const context = { requestId: request.id, target: deployment.target, created: Math.floor(Date.now() / 1000), stream: false };
    try {
      const signal = AbortSignal.timeout(deployment.timeoutMs);
      const upstream = buildAnthropicCountTokensRequest(body, context);
      const json = (await callUpstreamJson(app.gateway.pools, deployment, upstream, context, signal)) as { input_tokens?: unknown };
      if (typeof json.input_tokens === "number" && Number.isInteger(json.input_tokens) && json.input_tokens >= 0)
        return { inputTokens: json.input_tokens, source: "upstream" };
      request.log.warn({ deployment: deployment.id }, "count_tokens: upstream reply without input_tokens; answering the estimate");
    } catch (error) {
      request.log.warn(
        { deployment: deployment.id, err: (error as Error).message },
        "count_tokens upstream failed; answering the estimate",
      );
    }
  }
  return { inputTokens: chatPromptTokens(anthropicToOpenAIRequest(body)).estimate, source: "estimate" };
}
