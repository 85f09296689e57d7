import { z } from "zod";

/**
 * The GatewayConfig contract (ARCHITECTURE.md "GatewayConfig"). The control plane
 * compiles it from the database and publishes it; a standalone gateway reads it
 * from a YAML/JSON file. Strict: unknown keys are a user's typo, not a feature.
 */

export const providerNames = ["openai", "azure", "anthropic", "gemini", "bedrock", "ollama", "openai-compatible"] as const;
export const providerNameSchema = z.enum(providerNames);
export type ProviderName = z.infer<typeof providerNameSchema>;

/** USD per million tokens. Decimal numbers from YAML; metering converts them exactly. */
export const priceSchema = z
  .object({
    inputPerMTok: z.number().nonnegative(),
    outputPerMTok: z.number().nonnegative(),
    cachedInputPerMTok: z.number().nonnegative().optional(),
    cacheWritePerMTok: z.number().nonnegative().optional(),
  })
  .strict();
export type Price = z.infer<typeof priceSchema>;

export const budgetPeriodSchema = z.enum(["1d", "7d", "30d", "month"]);
export type BudgetPeriod = z.infer<typeof budgetPeriodSchema>;

export const budgetSchema = z
  .object({
    maxUsd: z.number().positive(),
    period: budgetPeriodSchema,
    /** Fraction of maxUsd at which a soft alert fires (0..1). */
    softLimit: z.number().min(0).max(1).optional(),
  })
  .strict();
export type Budget = z.infer<typeof budgetSchema>;

/**
 * A provider credential as published by the control plane: AES-256-GCM sealed,
 * opened only in the gateway's memory. Standalone files use plain `apiKey`.
 */
export const sealedSecretSchema = z
  .object({
    keyVersion: z.number().int().positive(),
    iv: z.string().min(1),
    tag: z.string().min(1),
    ciphertext: z.string().min(1),
  })
  .strict();
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

export const deploymentSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9._:-]+$/, "letters, digits, '.', '_', ':' and '-' only"),
    provider: providerNameSchema,
    /** For `openai-compatible`: vllm | llamacpp | groq | mistral | deepseek | together | fireworks | openrouter. */
    preset: z.string().optional(),
    model: z.string().min(1),
    apiBase: z.string().url().optional(),
    apiKey: z.string().optional(),
    apiKeySealed: sealedSecretSchema.optional(),
    /** Azure OpenAI `api-version`; Bedrock/Gemini region etc. live in `options`. */
    apiVersion: z.string().optional(),
    region: z.string().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    weight: z.number().nonnegative().default(1),
    rpm: z.number().int().positive().optional(),
    tpm: z.number().int().positive().optional(),
    maxParallel: z.number().int().positive().optional(),
    timeoutMs: z.number().int().positive().default(60_000),
    firstTokenTimeoutMs: z.number().int().positive().optional(),
    price: priceSchema.optional(),
    tags: z.array(z.string()).default([]),
    contextWindow: z.number().int().positive().optional(),
    enabled: z.boolean().default(true),
    /** Background probe (a one-token request) every intervalSeconds; a failing deployment is skipped until one passes. */
    healthCheck: z
      .object({ intervalSeconds: z.number().int().positive(), timeoutMs: z.number().int().positive().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type DeploymentConfig = z.infer<typeof deploymentSchema>;

export const routingStrategySchema = z.enum(["weighted", "least-busy", "latency", "cost"]);

/** The routing knobs, without defaults: a model's `routing` overrides only what it sets. */
const routingFields = {
  strategy: routingStrategySchema,
  /** Retries per model (attempts = retries + 1), spread over its deployments; fallbacks get their own. */
  retries: z.number().int().min(0).max(10),
  cooldownSeconds: z.number().nonnegative(),
  allowedFailures: z.number().int().positive(),
  failureWindowSeconds: z.number().positive(),
  /** Base of the exponential backoff (full jitter) before retrying a deployment that already failed. */
  backoffMs: z.number().int().nonnegative(),
  /** Longest the gateway sleeps before one retry (backoff or an upstream retry-after); a longer retry-after moves on at once. */
  maxRetryWaitMs: z.number().int().nonnegative(),
  tagHeader: z.string(),
};

export const routingSchema = z
  .object({
    strategy: routingFields.strategy.default("weighted"),
    retries: routingFields.retries.default(2),
    cooldownSeconds: routingFields.cooldownSeconds.default(30),
    allowedFailures: routingFields.allowedFailures.default(3),
    failureWindowSeconds: routingFields.failureWindowSeconds.default(60),
    backoffMs: routingFields.backoffMs.default(100),
    maxRetryWaitMs: routingFields.maxRetryWaitMs.default(2_000),
    tagHeader: routingFields.tagHeader.default("x-switchyard-tags"),
  })
  .strict();
export type RoutingConfig = z.infer<typeof routingSchema>;

/** Per-model overrides of the global `routing`; unset fields inherit it. */
export const modelRoutingSchema = z
  .object({
    strategy: routingFields.strategy.optional(),
    retries: routingFields.retries.optional(),
    cooldownSeconds: routingFields.cooldownSeconds.optional(),
    allowedFailures: routingFields.allowedFailures.optional(),
    failureWindowSeconds: routingFields.failureWindowSeconds.optional(),
    backoffMs: routingFields.backoffMs.optional(),
    maxRetryWaitMs: routingFields.maxRetryWaitMs.optional(),
    tagHeader: routingFields.tagHeader.optional(),
  })
  .strict();
export type ModelRoutingConfig = z.infer<typeof modelRoutingSchema>;

export const modelSchema = z
  .object({
    name: z.string().min(1),
    deployments: z.array(deploymentSchema).min(1),
    routing: modelRoutingSchema.optional(),
    fallbacks: z.array(z.string()).default([]),
    contextWindowFallbacks: z.array(z.string()).default([]),
    contentPolicyFallbacks: z.array(z.string()).default([]),
    /** chat | embedding: what the model serves. */
    mode: z.enum(["chat", "embedding"]).default("chat"),
  })
  .strict();
export type ModelConfig = z.infer<typeof modelSchema>;

const limitsShape = {
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  maxParallel: z.number().int().positive().optional(),
  budget: budgetSchema.optional(),
};

export const teamSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    models: z.array(z.string()).optional(),
    /** Log this team's prompts and replies (gateway log, after guardrails). Off unless set: payloads are never logged by default. */
    logPayloads: z.boolean().optional(),
    ...limitsShape,
  })
  .strict();
export type TeamConfig = z.infer<typeof teamSchema>;

export const userSchema = z.object({ id: z.string().min(1), ...limitsShape }).strict();
export type UserConfig = z.infer<typeof userSchema>;

export const keySchema = z
  .object({
    /** Plaintext virtual key: standalone files only. */
    key: z.string().min(8).optional(),
    /** Hex SHA-256 of the key: what the control plane publishes. */
    hash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    id: z.string().optional(),
    name: z.string().optional(),
    team: z.string().optional(),
    user: z.string().optional(),
    models: z.array(z.string()).optional(),
    expiresAt: z.coerce.date().optional(),
    ...limitsShape,
  })
  .strict()
  .refine((key) => Boolean(key.key) !== Boolean(key.hash), { message: "exactly one of `key` or `hash` is required" });
export type KeyConfig = z.infer<typeof keySchema>;

export const guardrailSchema = z
  .object({
    id: z.string().min(1),
    type: z.enum(["pii", "prompt-injection", "blocklist", "max-tokens", "tool-loop"]),
    mode: z.enum(["mask", "block"]).default("block"),
    stage: z.enum(["pre", "post", "both"]).default("pre"),
    entities: z.array(z.string()).optional(),
    words: z.array(z.string()).optional(),
    patterns: z.array(z.string()).optional(),
    threshold: z.number().optional(),
    maxTokens: z.number().int().positive().optional(),
    maxRounds: z.number().int().positive().optional(),
    restore: z.boolean().optional(),
    scope: z
      .object({ teams: z.array(z.string()).optional(), keys: z.array(z.string()).optional(), models: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type GuardrailConfig = z.infer<typeof guardrailSchema>;

export const cacheSchema = z
  .object({
    mode: z.enum(["off", "exact"]).default("off"),
    ttlSeconds: z.number().int().positive().default(300),
    shared: z.boolean().default(false),
    maxEntries: z.number().int().positive().default(10_000),
  })
  .strict();

export const gatewayConfigSchema = z
  .object({
    version: z.literal(1),
    models: z.array(modelSchema).default([]),
    routing: routingSchema.default(routingSchema.parse({})),
    organization: z.object({ id: z.string(), budget: budgetSchema.optional() }).strict().optional(),
    teams: z.array(teamSchema).default([]),
    users: z.array(userSchema).default([]),
    keys: z.array(keySchema).default([]),
    guardrails: z.array(guardrailSchema).default([]),
    cache: cacheSchema.default(cacheSchema.parse({})),
    limits: z
      .object({
        failMode: z.enum(["open", "closed"]).default("open"),
        /** Busy principals' limits and budgets spent from per-gateway allowances charged in Redis (never past a limit). */
        allowances: z.boolean().default(true),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
      })
      .strict()
      .default({ failMode: "open", allowances: true, maxBodyBytes: 10 * 1024 * 1024 }),
  })
  .strict()
  .superRefine((config, context) => {
    const names = new Set<string>();
    const deploymentIds = new Set<string>();
    config.models.forEach((model, index) => {
      if (names.has(model.name))
        context.addIssue({ code: "custom", path: ["models", index, "name"], message: `duplicate model name "${model.name}"` });
      names.add(model.name);
      model.deployments.forEach((deployment, deploymentIndex) => {
        if (deploymentIds.has(deployment.id))
          context.addIssue({
            code: "custom",
            path: ["models", index, "deployments", deploymentIndex, "id"],
            message: `duplicate deployment id "${deployment.id}"`,
          });
        deploymentIds.add(deployment.id);
      });
    });
    config.models.forEach((model, index) => {
      for (const key of ["fallbacks", "contextWindowFallbacks", "contentPolicyFallbacks"] as const) {
        model[key].forEach((target, targetIndex) => {
          if (!names.has(target))
            context.addIssue({ code: "custom", path: ["models", index, key, targetIndex], message: `unknown model "${target}"` });
        });
      }
    });
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;

/** What `GET /dataplane/config` returns. sha256 is over the canonical JSON of `config`. */
export const publishedConfigSchema = z.object({
  version: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  publishedAt: z.string(),
  config: z.unknown(),
});
export type PublishedConfig = z.infer<typeof publishedConfigSchema>;
