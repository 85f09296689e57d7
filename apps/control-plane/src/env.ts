import { z } from "zod";

/**
 * The only reader of process.env in the control plane. Optional integrations
 * switch their feature off when absent instead of crashing the process:
 * no console secret = no authenticated tRPC calls, no data-plane token = no
 * gateway sync, no master key = provider credentials cannot be stored.
 */
const base64Key = z.string().refine((value) => Buffer.from(value, "base64").length === 32, "must be base64 of exactly 32 bytes");

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  CONTROL_PLANE_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  CONTROL_PLANE_HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: optionalString,
  SWITCHYARD_DATA_DIR: z.string().default(".switchyard"),
  REDIS_URL: optionalString,
  SWITCHYARD_CONSOLE_SECRET: optionalString,
  SWITCHYARD_DATAPLANE_TOKEN: optionalString,
  SWITCHYARD_MASTER_KEY: base64Key.optional().or(z.literal("").transform(() => undefined)),
  /** Recorded with every sealed credential so the master key can be rotated later. */
  SWITCHYARD_MASTER_KEY_VERSION: z.coerce.number().int().positive().default(1),
  /** Slug of the organisation that data planes and SSO sign-ins belong to; default: the oldest one. */
  SWITCHYARD_ORGANIZATION: optionalString,
  /** Set by `pnpm start`: seed the demo organisation with this research key and publish it. */
  SWITCHYARD_DEMO_KEY: optionalString.refine((value) => value === undefined || value.startsWith("sk-sy-"), "must start with sk-sy-"),
  DEMO_PROVIDER_URL: z.string().url().default("http://127.0.0.1:4500/v1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Which peers may set X-Forwarded-For (the audit log's IP): Fastify's trustProxy as text — "true",
   * "false", or comma-separated addresses/CIDRs and the names loopback, linklocal, uniquelocal. The
   * default trusts the console and ingress on loopback and private networks, never a public peer.
   */
  TRUST_PROXY: z
    .string()
    .default("loopback,linklocal,uniquelocal")
    .transform((value): boolean | string => {
      const text = value.trim();
      if (text === "true") return true;
      return text === "false" || text === "" ? false : text;
    }),
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid control-plane environment: ${problems}`);
  }
  return result.data;
}
