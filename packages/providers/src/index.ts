// The provider spec, the registry and the helpers adapters share. Node-only pieces have subpaths.

export { createFrameDecoder, type FrameDecoder } from "./framing";
export { builtInAdapters, ProviderRegistry, providerRegistry } from "./registry";
export { errorKindFromStatus, redactSecret } from "./shared/error-kind";
export { openAIStyleFinishReason, toOpenAIFinishReason } from "./shared/finish-reason";
export { parseRetryAfterMs } from "./shared/retry-after";
export * from "./spec";
