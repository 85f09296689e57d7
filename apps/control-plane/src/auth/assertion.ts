import { errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";

/**
 * Verifies the short-lived HS256 assertions the console signs with
 * SWITCHYARD_CONSOLE_SECRET. The control plane learns who is calling only from
 * these; a plain identity header is never trusted.
 */
export const consoleIssuer = "switchyard-console";
export const consoleAudience = "switchyard-control-plane";
export const ssoAudience = "switchyard-control-plane:sso";

const maxLifetimeSeconds = 5 * 60;

const sessionClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().email().optional(),
  /** The browser's address as the console saw it; audit rows record it. */
  ip: z.string().optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

const ssoClaimsSchema = z.object({
  email: z.string().email(),
  name: z.string().nullish(),
  subject: z.string().min(1),
  issuer: z.string().min(1),
  groups: z.array(z.string()).default([]),
  ip: z.string().optional(),
});
export type SsoClaims = z.infer<typeof ssoClaimsSchema>;

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

async function verify(token: string, secret: string, audience: string): Promise<Record<string, unknown> | undefined> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      issuer: consoleIssuer,
      audience,
      requiredClaims: ["iat", "exp"],
      // A stolen assertion is only useful for minutes, whatever exp the signer chose.
      maxTokenAge: `${maxLifetimeSeconds}s`,
    });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return undefined;
    throw error;
  }
}

export async function verifySessionAssertion(token: string, secret: string): Promise<SessionClaims | undefined> {
  const payload = await verify(token, secret, consoleAudience);
  const parsed = sessionClaimsSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

export async function verifySsoAssertion(token: string, secret: string): Promise<SsoClaims | undefined> {
  const payload = await verify(token, secret, ssoAudience);
  const parsed = ssoClaimsSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}
