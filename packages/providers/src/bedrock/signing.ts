import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { CallContext, UpstreamRequest, UpstreamTarget } from "../spec";
import { UpstreamError } from "../spec";

export const bedrockProvider = "bedrock";
/** SigV4 service name of bedrock-runtime. */
export const bedrockSigningService = "bedrock";

/**
 * How a deployment authenticates, in order:
 * 1. `apiKey` "ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]": SigV4. The apiKey is the field
 *    the control plane seals, so this is the form for managed deployments.
 * 2. `apiKey` without colons: a Bedrock API key, sent as `Authorization: Bearer`.
 * 3. `options.accessKeyId` / `options.secretAccessKey` / `options.sessionToken`: SigV4, for
 *    standalone files that read them from ${ENV} (options are never sealed).
 */
export type BedrockAuth =
  | { readonly type: "sigv4"; readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }
  | { readonly type: "bearer"; readonly token: string };

function optionString(target: UpstreamTarget, name: string): string | undefined {
  const value = target.options[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function bedrockAuth(context: CallContext): BedrockAuth {
  const target = context.target;
  if (target.apiKey) {
    const [accessKeyId, secretAccessKey, ...rest] = target.apiKey.split(":");
    if (accessKeyId && secretAccessKey) {
      const sessionToken = rest.join(":");
      return sessionToken ? { type: "sigv4", accessKeyId, secretAccessKey, sessionToken } : { type: "sigv4", accessKeyId, secretAccessKey };
    }
    return { type: "bearer", token: target.apiKey };
  }
  const accessKeyId = optionString(target, "accessKeyId");
  const secretAccessKey = optionString(target, "secretAccessKey");
  if (accessKeyId && secretAccessKey) {
    const sessionToken = optionString(target, "sessionToken");
    return sessionToken ? { type: "sigv4", accessKeyId, secretAccessKey, sessionToken } : { type: "sigv4", accessKeyId, secretAccessKey };
  }
  throw new UpstreamError({
    kind: "auth",
    provider: bedrockProvider,
    deploymentId: target.deploymentId,
    message: "the deployment has no AWS credentials (apiKey ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN] or a Bedrock API key)",
    retryable: false,
  });
}

/** target.region, else options.region, else us-east-1. */
export function bedrockRegion(target: UpstreamTarget): string {
  return target.region ?? optionString(target, "region") ?? "us-east-1";
}

/** The default apiBase carries a `{region}` placeholder: the endpoint depends on the deployment's region. */
export function bedrockBaseUrl(target: UpstreamTarget): string {
  return target.apiBase.replace("{region}", bedrockRegion(target));
}

/**
 * Sign a request for bedrock-runtime with SigV4 (Smithy's signer, the AWS SDK's own). The path
 * is signed as sent (model ids URI-encoded once; the signer encodes again, as AWS expects for
 * every service but S3). `host` is signed but not returned: the HTTP client derives the same
 * value from the URL.
 */
export async function signBedrockRequest(
  request: { url: string; headers: Record<string, string>; body: string },
  context: CallContext,
  now: () => Date,
): Promise<UpstreamRequest> {
  const auth = bedrockAuth(context);
  if (auth.type === "bearer") {
    return { url: request.url, method: "POST", headers: { ...request.headers, authorization: `Bearer ${auth.token}` }, body: request.body };
  }
  const url = new URL(request.url);
  const signer = new SignatureV4({
    service: bedrockSigningService,
    region: bedrockRegion(context.target),
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, sessionToken: auth.sessionToken },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === "" ? undefined : Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers, host: url.host },
      body: request.body,
    },
    { signingDate: now() },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name.toLowerCase() !== "host") headers[name.toLowerCase()] = value;
  return { url: request.url, method: "POST", headers, body: request.body };
}
