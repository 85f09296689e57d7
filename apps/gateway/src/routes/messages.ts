import {
  anthropicToOpenAIRequest,
  anthropicValidationError,
  openAIToAnthropicError,
  openAIToAnthropicMessage,
} from "@switchyard/providers/anthropic-messages/index";
import { type AnthropicMessagesRequest, anthropicMessagesRequestSchema } from "@switchyard/schemas/anthropic";
import type { FastifyError, FastifyInstance } from "fastify";
import { z } from "zod";
import { errors } from "../errors";
import { anthropicSseRenderer } from "../pipeline/anthropic-sse";
import { authenticate } from "../pipeline/authenticate";
import { runChat } from "../pipeline/chat-call";
import { countTokens } from "../pipeline/count-tokens";
import { resolveModel } from "../pipeline/resolve-model";
import { SseBody } from "../pipeline/sse-response";
import { errorReply } from "../plugins/error-handler";
import { requireRuntime } from "./require-runtime";

/** count_tokens takes a Messages request without max_tokens. */
const countTokensRequestSchema = anthropicMessagesRequestSchema.extend({ max_tokens: z.number().int().positive().nullish() });

function validateMessagesRequest(
  body: unknown,
  schema: typeof anthropicMessagesRequestSchema | typeof countTokensRequestSchema = anthropicMessagesRequestSchema,
): AnthropicMessagesRequest {
  const result = schema.safeParse(body);
  // Translation needs a max_tokens; count_tokens never generates, so any positive value does.
  if (result.success) return { ...result.data, max_tokens: result.data.max_tokens ?? 1 };
  const issue = result.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join(".") : null;
  throw errors.invalidRequest(anthropicValidationError(result.error).error.message, param);
}

/**
 * POST /v1/messages: the Anthropic Messages API in and out, routed to any provider, so Claude
 * Code and the Anthropic SDK can use OpenAI, Gemini, Bedrock or local models (and its
 * /v1/messages/count_tokens, pipeline/count-tokens.ts). The request is
 * translated to an OpenAI chat request and runs the same chat call as /v1/chat/completions;
 * replies, stream events and errors are translated back.
 *
 * Registered as its own (encapsulated) plugin: the error handler set here answers in Anthropic's
 * envelope `{"type":"error","error":{"type","message"}}` for this route only, with the statuses,
 * headers (retry-after, x-switchyard-deployment) and logging of the gateway-wide handler.
 */
export async function messagesRoute(app: FastifyInstance): Promise<void> {
  app.addHook("onRequest", async (request, reply) => {
    // Anthropic's SDKs report this header as the request id of a reply or an error.
    reply.header("request-id", request.id);
  });

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const body = errorReply(app, error, request, reply);
    return reply.send(body && openAIToAnthropicError(reply.statusCode, body));
  });

  app.post("/v1/messages", async (request, reply) => {
    const runtime = requireRuntime(app);
    const key = authenticate(runtime, request.headers);
    const anthropic = validateMessagesRequest(request.body);
    const outcome = await runChat(app, request, reply, { runtime, key, body: anthropicToOpenAIRequest(anthropic) });
    if (!outcome.stream) return openAIToAnthropicMessage(outcome.completion, anthropic.model);
    // Everything past this point has what it needs: let the parsed request (its whole prompt) go now
    // rather than keep it alive through the request object until the stream ends.
    request.body = undefined;

    const render = anthropicSseRenderer({ model: anthropic.model, requestId: request.id });
    reply.header("content-type", "text/event-stream; charset=utf-8").header("cache-control", "no-cache").header("x-accel-buffering", "no");
    return reply.send(new SseBody(outcome.steps, render));
  });

  app.post("/v1/messages/count_tokens", async (request, reply) => {
    const runtime = requireRuntime(app);
    const key = authenticate(runtime, request.headers);
    const anthropic = validateMessagesRequest(request.body, countTokensRequestSchema);
    const model = resolveModel(runtime, key, anthropic.model, "chat");
    const counted = await countTokens(app, request, model, anthropic);
    reply.header("x-switchyard-token-count", counted.source);
    return { input_tokens: counted.inputTokens };
  });
}
