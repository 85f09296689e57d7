import { Readable } from "node:stream";
import type { CallContext } from "@switchyard/providers";
import type { FastifyInstance } from "fastify";
import { authenticate } from "../pipeline/authenticate";
import { abortOnClientClose } from "../pipeline/client-abort";
import { dispatch } from "../pipeline/dispatch";
import { resolveModel } from "../pipeline/resolve-model";
import { chatSseResponse } from "../pipeline/sse-response";
import { validateChatRequest } from "../pipeline/validate";
import { readJsonBody, sendUpstream } from "../upstream/send";
import { requireRuntime } from "./require-runtime";

/** POST /v1/chat/completions: authenticate → validate → resolve model → dispatch → translate. */
export async function chatCompletionsRoute(app: FastifyInstance): Promise<void> {
  app.post("/v1/chat/completions", async (request, reply) => {
    const runtime = requireRuntime(app);
    const key = authenticate(runtime, request.headers);
    const body = validateChatRequest(request.body);
    const state = request.switchyard;
    const model = resolveModel(runtime, key, body.model, "chat");
    state.model = model.name;
    const stream = body.stream === true;
    const signal = abortOnClientClose(reply);
    const { pools, router } = app.gateway;
    const created = Math.floor(Date.now() / 1000);

    const { deployment, result } = await dispatch(model, router, { requestId: request.id, key }, state, async (deployment) => {
      const context: CallContext = { requestId: request.id, target: deployment.target, created, stream };
      const upstreamRequest = await deployment.adapter.chat.buildRequest(body, context);
      const upstreamBody = await sendUpstream(pools, deployment, upstreamRequest, context, signal);
      return { context, upstreamBody };
    });
    reply.header("x-switchyard-deployment", deployment.id);

    if (!stream) {
      const json = await readJsonBody(result.upstreamBody, deployment, signal);
      const { completion } = deployment.adapter.chat.parseResponse(json, result.context);
      state.usage = completion.usage ?? undefined;
      return completion;
    }

    const promptChars = typeof request.headers["content-length"] === "string" ? Number(request.headers["content-length"]) : 0;
    const sse = chatSseResponse(result.upstreamBody, {
      deployment,
      context: result.context,
      includeUsage: body.stream_options?.include_usage === true,
      promptChars,
      signal,
      state,
      logger: request.log,
    });
    reply.header("content-type", "text/event-stream; charset=utf-8").header("cache-control", "no-cache").header("x-accel-buffering", "no");
    return reply.send(Readable.from(sse, { objectMode: false }));
  });
}
