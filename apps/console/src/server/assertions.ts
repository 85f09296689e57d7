import { SignJWT } from "jose";
import { env } from "@/env";

/**
 * Short-lived HS256 assertions: the only way the control plane learns who is calling.
 * The console mints them server-side from its own session, never from anything a browser sent.
 */
const issuer = "switchyard-console";
const lifetimeSeconds = 60;

async function sign(claims: Record<string, unknown>, audience: string, subject?: string): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer(issuer).setAudience(audience).setIssuedAt();
  if (subject) jwt = jwt.setSubject(subject);
  return jwt.setExpirationTime(`${lifetimeSeconds}s`).sign(new TextEncoder().encode(env().SWITCHYARD_CONSOLE_SECRET));
}

export interface SessionIdentity {
  userId: string;
  email: string;
  /** The browser's address, so audit rows can record it. */
  ip?: string;
}

export function signSessionAssertion(identity: SessionIdentity): Promise<string> {
  return sign({ email: identity.email, ...(identity.ip ? { ip: identity.ip } : {}) }, "switchyard-control-plane", identity.userId);
}

export interface SsoClaims {
  email: string;
  name: string | null;
  subject: string;
  issuer: string;
  groups: string[];
}

export function signSsoAssertion(claims: SsoClaims): Promise<string> {
  return sign({ ...claims }, "switchyard-control-plane:sso");
}
