import type { CallContext } from "@switchyard/providers";
import type { ChatCompletion, ChatCompletionRequest } from "@switchyard/schemas";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RuntimeConfig, RuntimeDeployment, RuntimeKey } from "../config/runtime";
import { logCompletion, logPrompt, logStreamedReply, logsPayloads } from "../observability/payload-log";
import { timeUpstream } from "../observability/upstream-time";
import { callUpstreamJson, sendUpstream } from "../upstream/send";
import { type ChatStreamStep, translateChatStream } from "./chat-stream";
import { abortOnClientClose } from "./client-abort";
import { dispatch } from "./dispatch";
import { resolveModel } from "./resolve-model";

export interface ChatCallInput {
  readonly runtime: RuntimeConfig;
  readonly key: RuntimeKey;
  /** Validated OpenAI chat request: what the client sent, or what an ingress translated it to. */
  readonly body: ChatCompletionRequest;
}

interface ChatCallBase {
  /** Undefined for a response-cache hit (no deployment was called). */
  readonly deployment: RuntimeDeployment | undefined;
  readonly context: CallContext | undefined;
}

export type ChatCallOutcome =
  | (ChatCallBase & { readonly stream: false; readonly completion: ChatCompletion })
  /** `steps` already holds its first chunk: failures before it were retried by dispatch. */
  | (ChatCallBase & { readonly stream: true; readonly steps: AsyncGenerator<ChatStreamStep> });

/**
 * The chat hot path every chat ingress shares (`/v1/chat/completions`, `/v1/messages`):
 * resolve the model → dispatch to a deployment → call it → parse a JSON reply. A stream comes
 * back as translated steps for the route to render in its own wire format (see chat-stream.ts).
 * Steps that apply to every chat request belong here, not in a route.
 */
export async function runChat(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  input: ChatCallInput,
): Promise<ChatCallOutcome> {
  const { runtime, key } = input;
  const state = request.switchyard;
  const model = resolveModel(runtime, key, input.body.model, "chat");
  state.model = model.name;
  const signal = abortOnClientClose(reply);
  // Governance (src/governance): guardrails in, response cache and limits/budgets in one Redis round trip.
  const governed = await app.governance.admitChat(request, reply, { runtime, key, model, body: input.body });
  if (governed.cached) {
    const cached = governed.cached;
    if (logsPayloads(key)) {
      logPrompt(request, governed.body);
      if (cached.stream) return { ...cached, steps: logStreamedReply(request, cached.steps), deployment: undefined, context: undefined };
      logCompletion(request, cached.completion);
    }
    return { ...cached, deployment: undefined, context: undefined };
  }
  const body = governed.body;
  const stream = body.stream === true;
  const logPayloads = logsPayloads(key);
  if (logPayloads) logPrompt(request, body);
  const { pools } = app.gateway;
  const created = Math.floor(Date.now() / 1000);

  // Everything up to the first chunk runs inside the attempt, so dispatch can retry any of it.
  const { deployment, result } = await dispatch({ request, reply, runtime, model, body, stream, signal }, async (deployment, attempt) => {
    const context: CallContext = { requestId: request.id, target: deployment.target, created, stream };
    const upstreamRequest = await deployment.adapter.chat.buildRequest(body, context);
    if (attempt.traceHeaders) Object.assign(upstreamRequest.headers, attempt.traceHeaders);
    if (!stream) {
      const json = await timeUpstream(state, callUpstreamJson(pools, deployment, upstreamRequest, context, attempt.signal));
      const completion = deployment.adapter.chat.parseResponse(json, context).completion;
      // Facts for this attempt's span, which ends when dispatch hears of the success.
      state.usage = completion.usage ?? undefined;
      state.responseModel = completion.model;
      state.finishReasons = completion.choices.map((choice) => choice.finish_reason ?? "");
      return { context, completion, steps: undefined };
    }
    const upstreamBody = await timeUpstream(state, sendUpstream(pools, deployment, upstreamRequest, context, attempt.signal));
    const steps = translateChatStream(upstreamBody, {
      deployment,
      context,
      promptChars: declaredBodyChars(request),
      signal: attempt.signal,
      state,
      logger: request.log,
    });
    return { context, completion: undefined, steps: await timeUpstream(state, attempt.start(steps)) };
  });
  reply.header("x-switchyard-deployment", deployment.id);

  if (result.steps) {
    state.firstTokenMs = reply.elapsedTime;
    const steps = app.governance.steps(request, result.steps);
    return { stream: true, deployment, context: result.context, steps: logPayloads ? logStreamedReply(request, steps) : steps };
  }
  state.usage = result.completion.usage ?? undefined;
  const completion = app.governance.completion(request, result.completion);
  if (logPayloads) logCompletion(request, completion);
  return { stream: false, deployment, context: result.context, completion };
}

/** The request's declared size: a cheap prompt-size hint for estimating usage when a stream reports none. */
export function declaredBodyChars(request: FastifyRequest): number {
  const length = request.headers["content-length"];
  return typeof length === "string" ? Number(length) : 0;
}
