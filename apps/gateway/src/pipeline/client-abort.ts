import type { FastifyReply } from "fastify";

/** Aborts when the client hangs up before we finished answering, so the upstream call stops too. */
export function abortOnClientClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const response = reply.raw;
  response.once("close", () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
