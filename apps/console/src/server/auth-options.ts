import type { NextAuthOptions, User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { env } from "@/env";
import { ssoLogin } from "./sso-login";

/** What we read from the IdP's ID token; everything else in it is ignored. */
const idTokenSchema = z.looseObject({
  sub: z.string().min(1),
  iss: z.string().min(1),
  email: z.string().min(1),
  name: z.string().nullish(),
  preferred_username: z.string().nullish(),
});

type IdTokenProfile = z.infer<typeof idTokenSchema>;

function readGroups(profile: Record<string, unknown>, claim: string): string[] {
  const value = profile[claim];
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === "string");
  // Some IdPs send a single group as a plain string.
  return typeof value === "string" ? [value] : [];
}

/**
 * Maps the IdP identity to a Switchyard user by asking the control plane. A refusal is carried
 * on the user object so the signIn callback can send the browser to /not-allowed with the reason.
 */
async function resolveUser(profile: Record<string, unknown>): Promise<User> {
  const parsed = idTokenSchema.safeParse(profile);
  if (!parsed.success) {
    return { id: "unknown", refusal: { code: "missing_claims", message: "Your identity provider did not send an email address." } };
  }
  const claims = parsed.data;
  const name = claims.name ?? claims.preferred_username ?? null;
  try {
    const result = await ssoLogin({
      email: claims.email.toLowerCase(),
      name,
      subject: claims.sub,
      issuer: claims.iss,
      groups: readGroups(profile, env().OIDC_GROUPS_CLAIM),
    });
    if (!result.ok) return { id: claims.sub, email: claims.email, refusal: { code: result.code, message: result.message } };
    const { user } = result;
    return {
      id: user.id,
      email: user.email,
      name: user.name ?? name,
      switchyard: { id: user.id, email: user.email, name: user.name ?? name, role: user.role, teams: user.teams },
    };
  } catch {
    return {
      id: claims.sub,
      refusal: { code: "control_plane_unreachable", message: "The Switchyard control plane did not answer. Try again in a moment." },
    };
  }
}

function oidcProvider(): OAuthConfig<IdTokenProfile> {
  const config = env();
  return {
    id: "oidc",
    name: config.OIDC_PROVIDER_NAME,
    type: "oauth",
    wellKnown: `${config.OIDC_ISSUER}/.well-known/openid-configuration`,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: config.OIDC_SCOPES } },
    idToken: true,
    checks: ["pkce", "state"],
    httpOptions: { timeout: 10_000 },
    profile: (profile) => resolveUser(profile),
  };
}

let options: NextAuthOptions | undefined;

/** Built on first use so `next build` never needs the runtime environment. */
export function authOptions(): NextAuthOptions {
  if (options) return options;
  const config = env();
  options = {
    secret: config.NEXTAUTH_SECRET,
    providers: [oidcProvider()],
    session: { strategy: "jwt", maxAge: config.SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: config.SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      signIn({ user }) {
        if (user.refusal) {
          const query = new URLSearchParams({ code: user.refusal.code, message: user.refusal.message });
          return `/not-allowed?${query}`;
        }
        return user.switchyard !== undefined;
      },
      jwt({ token, user }) {
        // `user` is present only on the sign-in request; later requests reuse the token as issued.
        if (user?.switchyard) {
          token.switchyard = user.switchyard;
          token.sub = user.switchyard.id;
        }
        return token;
      },
      session({ session, token }) {
        if (token.switchyard) session.user = token.switchyard;
        return session;
      },
    },
  };
  return options;
}
