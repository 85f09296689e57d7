import { z } from "zod";

/** Converse / ConverseStream reply shapes, parsed tolerantly (unknown fields kept, most fields optional). */

export const converseUsageSchema = z.looseObject({
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  totalTokens: z.number().nullish(),
  cacheReadInputTokens: z.number().nullish(),
  cacheWriteInputTokens: z.number().nullish(),
});
export type ConverseUsage = z.infer<typeof converseUsageSchema>;

export const converseContentBlockSchema = z.looseObject({
  text: z.string().nullish(),
  toolUse: z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown().optional() }).nullish(),
  reasoningContent: z.looseObject({ reasoningText: z.looseObject({ text: z.string().nullish() }).nullish() }).nullish(),
});

export const converseResponseSchema = z.looseObject({
  output: z.looseObject({
    message: z.looseObject({ role: z.string().nullish(), content: z.array(converseContentBlockSchema).nullish() }).nullish(),
  }),
  stopReason: z.string().nullish(),
  usage: converseUsageSchema.nullish(),
});

export const converseStreamPayloadSchemas = {
  contentBlockStart: z.looseObject({
    contentBlockIndex: z.number().nullish(),
    start: z.looseObject({ toolUse: z.looseObject({ toolUseId: z.string(), name: z.string() }).nullish() }).nullish(),
  }),
  contentBlockDelta: z.looseObject({
    contentBlockIndex: z.number().nullish(),
    delta: z.looseObject({
      text: z.string().nullish(),
      toolUse: z.looseObject({ input: z.string().nullish() }).nullish(),
      reasoningContent: z.looseObject({ text: z.string().nullish() }).nullish(),
    }),
  }),
  messageStop: z.looseObject({ stopReason: z.string().nullish() }),
  metadata: z.looseObject({ usage: converseUsageSchema.nullish() }),
};

/** Error bodies say `message` (JSON protocol) or `Message` (some front ends). */
export const bedrockErrorSchema = z.looseObject({ message: z.string().nullish(), Message: z.string().nullish() });
