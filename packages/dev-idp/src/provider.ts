import { generateKeyPairSync, randomBytes } from "node:crypto";
import Provider, { type ClientMetadata, type Configuration, interactionPolicy, type JWK } from "oidc-provider";
import type { DevAccount } from "./accounts";

export interface DevClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  client_name?: string;
}

/** A fresh RS256 signing key per process: nothing the IdP issues needs to outlive it. */
function generateSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  return { ...jwk, kid: `dev-${randomBytes(6).toString("hex")}`, alg: "RS256", use: "sig" };
}

/**
 * A dev IdP should let you switch demo users by signing out of the console and back in, so
 * it asks for credentials on every authorization request instead of reusing its own session.
 * The check passes once this very request has a login result, which avoids a prompt loop.
 */
function alwaysAskForCredentials() {
  const policy = interactionPolicy.base();
  const login = policy.get("login");
  login?.checks.add(
    new interactionPolicy.Check("dev_fresh_login", "The development IdP asks for credentials on every sign-in", (ctx) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );
  return policy;
}

export function createProvider(issuer: string, clients: readonly DevClient[], accounts: readonly DevAccount[]): Provider {
  const clientMetadata: ClientMetadata[] = clients.map((client) => ({
    ...client,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }));

  const configuration: Configuration = {
    clients: clientMetadata,
    jwks: { keys: [generateSigningKey()] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    // Relying parties such as next-auth read the profile from the ID token, so scope claims go there too.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: {
      policy: alwaysAskForCredentials(),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.find((candidate) => candidate.sub === sub);
      if (!account) return undefined;
      return {
        accountId: account.sub,
        claims: () => ({
          sub: account.sub,
          email: account.email,
          email_verified: true,
          name: account.name,
          groups: account.groups,
        }),
      };
    },
    ttl: {
      Session: 8 * 60 * 60,
      Interaction: 60 * 60,
      Grant: 8 * 60 * 60,
      AccessToken: 60 * 60,
      IdToken: 60 * 60,
      AuthorizationCode: 60,
    },
  };

  return new Provider(issuer, configuration);
}
