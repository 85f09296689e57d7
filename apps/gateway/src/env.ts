import { z } from "zod";

/**
 * The gateway's environment, read and validated once. Nothing else in the gateway touches
 * process.env; `${ENV}` interpolation in config files goes through `interpolationSource()`.
 */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

const environmentSchema = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  CONTROL_PLANE_URL: optionalString.pipe(z.string().url().optional()),
  SWITCHYARD_DATAPLANE_TOKEN: optionalString,
  SWITCHYARD_MASTER_KEY: optionalString,
  REDIS_URL: optionalString,
  /** Starts every Redis key and channel, so several gateway fleets (or tests) can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default("switchyard:"),
  SWITCHYARD_DATA_DIR: z.string().default(".switchyard"),
  /** Where spend events go: control-plane | stdout | none | jsonl[:PATH] (see governance/spend/sinks.ts). */
  SWITCHYARD_SPEND_SINK: optionalString,
  GATEWAY_INSTANCE_ID: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type GatewayEnvironment = z.infer<typeof environmentSchema>;

export function readEnvironment(source: NodeJS.ProcessEnv = process.env): GatewayEnvironment {
  const result = environmentSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid gateway environment: ${problems}`);
  }
  return result.data;
}

/** What `${NAME}` in a config file resolves against. */
export function interpolationSource(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
