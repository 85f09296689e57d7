import { createHash, createPublicKey, randomBytes, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevIdp, startDevIdp } from "../src/index";

const client = { client_id: "console-test", client_secret: "test-secret", redirect_uris: ["http://127.0.0.1:3999/api/auth/callback/oidc"] };
const redirectUri = "http://127.0.0.1:3999/api/auth/callback/oidc";

/** A minimal browser: remembers cookies by name and never follows redirects on its own. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      this.cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    return response;
  }

  /** Follows redirects until one leaves the IdP, returning that final location. */
  async followUntil(url: string, stopPrefix: string): Promise<{ response: Response; url: string }> {
    let current = url;
    for (let hop = 0; hop < 10; hop += 1) {
      if (current.startsWith(stopPrefix)) return { response: new Response(null), url: current };
      const response = await this.request(current);
      const location = response.headers.get("location");
      if (!location) return { response, url: current };
      current = new URL(location, current).toString();
    }
    throw new Error("too many redirects");
  }
}

function base64url(buffer: Buffer): string {
  return buffer.toString("base64url");
}

function decodeSegment(segment: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment ?? "", "base64url").toString("utf8"));
}

let idp: DevIdp;

beforeAll(async () => {
  idp = await startDevIdp({ port: 0, clients: [client] });
});

afterAll(async () => {
  await idp.close();
});

describe("dev IdP", () => {
  it("serves an OpenID discovery document with PKCE and the groups claim", async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.authorization_endpoint).toBe(`${idp.issuer}/auth`);
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(["email", "groups", "name"]));
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile", "groups"]));
  });

  it("refuses an authorization request without PKCE", async () => {
    const browser = new Browser();
    const query = new URLSearchParams({ client_id: client.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid" });
    const response = await browser.request(`${idp.issuer}/auth?${query}`);
    const location = new URL(response.headers.get("location") ?? "", idp.issuer);
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get("error")).toBe("invalid_request");
  });

  it("signs a user in with authorization code + PKCE and puts email and groups in the ID token", async () => {
    const browser = new Browser();
    const verifier = base64url(randomBytes(32));
    const state = base64url(randomBytes(16));
    const nonce = base64url(randomBytes(16));
    const query = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "openid email profile groups",
      state,
      nonce,
      code_challenge: base64url(createHash("sha256").update(verifier).digest()),
      code_challenge_method: "S256",
    });

    const login = await browser.followUntil(`${idp.issuer}/auth?${query}`, redirectUri);
    expect(login.response.status).toBe(200);
    const loginPage = await login.response.text();
    expect(loginPage).toContain('name="password"');
    const loginAction = new URL(`${login.url}/login`).toString();

    const rejected = await browser.request(loginAction, { method: "POST", form: { email: "finance@example.com", password: "wrong" } });
    expect(rejected.status).toBe(401);
    expect(await rejected.text()).toContain("Incorrect email or password.");

    const accepted = await browser.request(loginAction, { method: "POST", form: { email: "finance@example.com", password: "switchyard" } });
    expect(accepted.status).toBe(303);
    const callback = await browser.followUntil(new URL(accepted.headers.get("location") ?? "", idp.issuer).toString(), redirectUri);
    const callbackUrl = new URL(callback.url);
    expect(callbackUrl.searchParams.get("state")).toBe(state);
    expect(callbackUrl.searchParams.get("iss")).toBe(idp.issuer);
    const code = callbackUrl.searchParams.get("code");
    expect(code).toBeTruthy();

    const tokenResponse = await fetch(`${idp.issuer}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code: code ?? "", redirect_uri: redirectUri, code_verifier: verifier }),
    });
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as { id_token: string; access_token: string };
    const [header, payload, signature] = tokens.id_token.split(".");
    const claims = decodeSegment(payload);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: client.client_id,
      sub: "dev-finance",
      nonce,
      email: "finance@example.com",
      email_verified: true,
      name: "Frankie Finance",
      groups: ["switchyard-finance"],
    });

    // The signature verifies against the published JWKS, as any relying party would check it.
    const { kid } = decodeSegment(header);
    const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: Array<{ kid: string; kty: string; n: string; e: string }> };
    const jwk = jwks.keys.find((key) => key.kid === kid);
    expect(jwk).toBeDefined();
    const publicKey = createPublicKey({ key: { kty: "RSA", n: jwk?.n, e: jwk?.e }, format: "jwk" });
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify("sha256", signed, publicKey, Buffer.from(signature ?? "", "base64url"))).toBe(true);
  });

  it("asks for credentials again on the next sign-in so demo users can be switched", async () => {
    const browser = new Browser();
    const start = (): string =>
      `${idp.issuer}/auth?${new URLSearchParams({
        client_id: client.client_id,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: "openid email",
        code_challenge: base64url(createHash("sha256").update("verifier-verifier-verifier-verifier-verifier").digest()),
        code_challenge_method: "S256",
      })}`;
    const first = await browser.followUntil(start(), redirectUri);
    const accepted = await browser.request(`${first.url}/login`, {
      method: "POST",
      form: { email: "admin@example.com", password: "switchyard" },
    });
    await browser.followUntil(new URL(accepted.headers.get("location") ?? "", idp.issuer).toString(), redirectUri);

    const second = await browser.followUntil(start(), redirectUri);
    expect(second.url).toContain("/interaction/");
    expect(await second.response.text()).toContain('name="password"');
  });
});
