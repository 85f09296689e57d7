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
  // OpenTelemetry (standard names). Traces are exported only when an OTLP endpoint is set; the
  // exporter itself also honours OTEL_EXPORTER_OTLP_HEADERS/TIMEOUT, the SDK OTEL_TRACES_SAMPLER
  // and OTEL_BSP_*, and OTEL_RESOURCE_ATTRIBUTES is added to the resource.
  OTEL_SDK_DISABLED: optionalString.transform((value) => value?.toLowerCase() === "true"),
  OTEL_TRACES_EXPORTER: optionalString,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.string().url().optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.string().url().optional()),
  OTEL_EXPORTER_OTLP_PROTOCOL: optionalString.pipe(z.enum(["http/protobuf", "http/json", "grpc"]).optional()),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: optionalString.pipe(z.enum(["http/protobuf", "http/json", "grpc"]).optional()),
  OTEL_SERVICE_NAME: optionalString,
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
