// The `/v1/messages` ingress: Anthropic Messages in and out, any provider behind.
export { anthropicErrorBody, anthropicErrorType, anthropicValidationError, openAIToAnthropicError } from "./errors";
export { anthropicToOpenAIRequest } from "./request";
export { anthropicMessageId, anthropicReplyUsage, anthropicStopReason, openAIToAnthropicMessage } from "./response";
export { AnthropicEventStream, type AnthropicEventStreamOptions } from "./stream";
export * from "./types";
