import { roles } from "@switchyard/schemas";
import { z } from "zod";
import { env } from "@/env";
import { type SsoClaims, signSsoAssertion } from "./assertions";

const teamSchema = z.object({ id: z.string(), slug: z.string(), name: z.string(), role: z.string() });

const successSchema = z.object({
  user: z.object({
    id: z.string().min(1),
    email: z.string(),
    name: z.string().nullish(),
    role: z.enum(roles),
    teams: z.array(teamSchema).default([]),
  }),
});

const refusalSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export type SwitchyardUser = z.infer<typeof successSchema>["user"];

export type SsoLoginResult = { ok: true; user: SwitchyardUser } | { ok: false; code: string; message: string };

/**
 * Asks the control plane who this IdP identity is in Switchyard. It creates the user on first
 * login (role from the organisation's group mapping) or refuses with a reason we show verbatim.
 */
export async function ssoLogin(claims: SsoClaims): Promise<SsoLoginResult> {
  const assertion = await signSsoAssertion(claims);
  const response = await fetch(`${env().CONTROL_PLANE_URL}/internal/sso-login`, {
    method: "POST",
    headers: { authorization: `Bearer ${assertion}`, "content-type": "application/json" },
    body: "{}",
    cache: "no-store",
    signal: AbortSignal.timeout(10_000),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = successSchema.safeParse(body);
    if (parsed.success) return { ok: true, user: parsed.data.user };
    return { ok: false, code: "invalid_response", message: "The control plane answered the sign-in with an unexpected body." };
  }
  const refusal = refusalSchema.safeParse(body);
  if (response.status === 403 && refusal.success) {
    return { ok: false, code: refusal.data.error.code, message: refusal.data.error.message ?? "" };
  }
  return { ok: false, code: "control_plane_error", message: `The control plane could not complete the sign-in (HTTP ${response.status}).` };
}
