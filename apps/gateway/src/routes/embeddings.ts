import type { CallContext } from "@switchyard/providers";
import type { FastifyInstance } from "fastify";
import { GatewayError } from "../errors";
import { logPrompt, logsPayloads } from "../observability/payload-log";
import { timeUpstream } from "../observability/upstream-time";
import { authenticate } from "../pipeline/authenticate";
import { abortOnClientClose } from "../pipeline/client-abort";
import { dispatch } from "../pipeline/dispatch";
import { embedInSlices } from "../pipeline/embedding-batches";
import { applyEncodingFormat } from "../pipeline/embedding-encoding";
import { resolveModel } from "../pipeline/resolve-model";
import { validateEmbeddingsRequest } from "../pipeline/validate";
import { callUpstreamJson } from "../upstream/send";
import { requireRuntime } from "./require-runtime";

/** POST /v1/embeddings, on models whose `mode` is "embedding". */
export async function embeddingsRoute(app: FastifyInstance): Promise<void> {
  app.post("/v1/embeddings", async (request, reply) => {
    const runtime = requireRuntime(app);
    const key = authenticate(runtime, request.headers);
    const body = validateEmbeddingsRequest(request.body);
    const state = request.switchyard;
    const model = resolveModel(runtime, key, body.model, "embedding");
    state.model = model.name;
    await app.governance.admitEmbeddings(request, reply, { runtime, key, model, body });
    if (logsPayloads(key)) logPrompt(request, body);
    const signal = abortOnClientClose(reply);
    const created = Math.floor(Date.now() / 1000);

    const dispatchInput = { request, reply, runtime, model, body, stream: false, signal };
    const { deployment, result } = await dispatch(dispatchInput, async (deployment, attempt) => {
      const embeddings = deployment.adapter.embeddings;
      if (!embeddings)
        throw new GatewayError(400, `Deployment ${deployment.id} cannot serve embeddings.`, { code: "unsupported_model", param: "model" });
      const context: CallContext = { requestId: request.id, target: deployment.target, created, stream: false };
      // A batch bigger than one upstream call takes (Bedrock Titan: one text) goes as several calls.
      const parsed = await embedInSlices(body, embeddings.maxInputs?.(context), attempt.signal, async (slice, signal) => {
        const upstreamRequest = await embeddings.buildRequest(slice, context);
        if (attempt.traceHeaders) Object.assign(upstreamRequest.headers, attempt.traceHeaders);
        const json = await timeUpstream(state, callUpstreamJson(app.gateway.pools, deployment, upstreamRequest, context, signal));
        return embeddings.parseResponse(json, context);
      });
      state.responseModel = parsed.model;
      if (parsed.usage)
        state.usage = { prompt_tokens: parsed.usage.prompt_tokens, completion_tokens: 0, total_tokens: parsed.usage.total_tokens };
      return parsed;
    });
    reply.header("x-switchyard-deployment", deployment.id);
    return applyEncodingFormat(result, body.encoding_format);
  });
}
