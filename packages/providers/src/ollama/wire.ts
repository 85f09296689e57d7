import { z } from "zod";

/** Ollama's /api/chat and /api/embed replies, parsed tolerantly. */

export const ollamaToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({ index: z.number().nullish(), name: z.string(), arguments: z.unknown().optional() }),
});

export const ollamaChatSchema = z.looseObject({
  model: z.string().nullish(),
  created_at: z.string().nullish(),
  message: z
    .looseObject({
      role: z.string().nullish(),
      content: z.string().nullish(),
      thinking: z.string().nullish(),
      tool_calls: z.array(ollamaToolCallSchema).nullish(),
    })
    .nullish(),
  done: z.boolean().nullish(),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().nullish(),
  eval_count: z.number().nullish(),
  error: z.string().nullish(),
});
export type OllamaChat = z.infer<typeof ollamaChatSchema>;

export const ollamaEmbedSchema = z.looseObject({
  model: z.string().nullish(),
  embeddings: z.array(z.array(z.number())),
  prompt_eval_count: z.number().nullish(),
});
