import type { FastifyRequest } from "fastify";
import type { ResponseFacts } from "./tracing/types";

/** The GenAI facts of a response so far, as the request state holds them (spans read them). */
export function responseFacts(request: FastifyRequest, status: number): ResponseFacts {
  const state = request.switchyard;
  return {
    status,
    model: state.model,
    responseModel: state.responseModel,
    usage: state.usage,
    finishReasons: state.finishReasons,
    errorCode: state.errorCode,
  };
}
