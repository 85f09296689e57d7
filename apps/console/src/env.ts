import { z } from "zod";

/**
 * The console's environment, read once and validated. Parsed lazily: `next build` loads
 * server modules without the runtime environment, which only `next start` provides.
 */
const url = z.url().transform((value) => value.replace(/\/+$/, ""));

const envSchema = z.object({
  NEXTAUTH_URL: url,
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters"),
  OIDC_ISSUER: url,
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  /** Label on the sign-in button, e.g. "Okta" or "Microsoft". */
  OIDC_PROVIDER_NAME: z.string().min(1).default("SSO"),
  /** Google rejects unknown scopes: set "openid email profile" there. */
  OIDC_SCOPES: z.string().min(1).default("openid email profile groups"),
  /** The ID token claim holding group names (Keycloak and Okta can rename it). */
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  SESSION_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 60 * 60),
  CONTROL_PLANE_URL: url,
  GATEWAY_URL: url,
  SWITCHYARD_CONSOLE_SECRET: z.string().min(16, "SWITCHYARD_CONSOLE_SECRET must be at least 16 characters"),
});

export type ConsoleEnv = z.infer<typeof envSchema>;

let parsed: ConsoleEnv | undefined;

export function env(): ConsoleEnv {
  if (parsed) return parsed;
  // Compose files and shells often pass unset variables as "": treat those as missing.
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new Error(`Invalid console environment:\n${z.prettifyError(result.error)}`);
  }
  parsed = result.data;
  return parsed;
}
