import type { FastifyInstance } from "fastify";
import { authenticate } from "../pipeline/authenticate";
import { runChat } from "../pipeline/chat-call";
import { chatSseRenderer, SseBody } from "../pipeline/sse-response";
import { validateChatRequest } from "../pipeline/validate";
import { requireRuntime } from "./require-runtime";

/** POST /v1/chat/completions: authenticate → validate → the shared chat call (pipeline/chat-call.ts) → OpenAI JSON or SSE. */
export async function chatCompletionsRoute(app: FastifyInstance): Promise<void> {
  app.post("/v1/chat/completions", async (request, reply) => {
    const runtime = requireRuntime(app);
    const key = authenticate(runtime, request.headers);
    const body = validateChatRequest(request.body);
    const outcome = await runChat(app, request, reply, { runtime, key, body });
    if (!outcome.stream) return outcome.completion;
    // Everything past this point has what it needs: let the parsed request (its whole prompt) go now
    // rather than keep it alive through the request object until the stream ends.
    request.body = undefined;

    const render = chatSseRenderer({ includeUsage: body.stream_options?.include_usage === true });
    reply.header("content-type", "text/event-stream; charset=utf-8").header("cache-control", "no-cache").header("x-accel-buffering", "no");
    return reply.send(new SseBody(outcome.steps, render));
  });
}
