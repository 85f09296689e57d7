import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * AWS Signature Version 4 checked the way AWS checks it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), with node:crypto
 * only, so a fake AWS endpoint can refuse a request whose signature does not match instead of
 * trusting the Authorization header's shape. No clock-skew window: fakes accept any x-amz-date.
 */

export interface SigV4Request {
  readonly method: string;
  /** The path as received (already URI-encoded once). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface SigV4Expectation {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
}

export type SigV4Check = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** RFC 3986 encoding, as SigV4 wants (encodeURIComponent leaves !'()* alone). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValue(headers: SigV4Request["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

export function verifySigV4(request: SigV4Request, expected: SigV4Expectation): SigV4Check {
  const authorization = headerValue(request.headers, "authorization") ?? "";
  const match = authorizationPattern.exec(authorization);
  if (!match) return { ok: false, reason: "Authorization is not an AWS4-HMAC-SHA256 signature" };
  const [, accessKeyId, day, region, service, signedHeaderList, signature] = match;
  if (!accessKeyId || !day || !region || !service || !signedHeaderList || !signature) return { ok: false, reason: "malformed credential" };
  if (accessKeyId !== expected.accessKeyId) return { ok: false, reason: `unknown access key id ${accessKeyId}` };
  if (region !== expected.region) return { ok: false, reason: `credential scope region ${region}, expected ${expected.region}` };
  if (service !== expected.service) return { ok: false, reason: `credential scope service ${service}, expected ${expected.service}` };
  const amzDate = headerValue(request.headers, "x-amz-date") ?? "";
  if (!amzDate.startsWith(day)) return { ok: false, reason: "x-amz-date does not match the credential scope date" };

  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) return { ok: false, reason: "host is not signed" };
  const payloadHash = sha256Hex(request.body);
  const declaredHash = headerValue(request.headers, "x-amz-content-sha256");
  if (declaredHash !== undefined && declaredHash !== payloadHash)
    return { ok: false, reason: "x-amz-content-sha256 does not match the body" };

  // Every service but S3 signs the path encoded a second time.
  const canonicalUri = request.path.split("/").map(encode).join("/");
  const canonicalQuery = Object.entries(request.query)
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${expected.secretAccessKey}`, day), region), service), "aws4_request");
  const computed = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest();
  if (!timingSafeEqual(computed, Buffer.from(signature, "hex"))) return { ok: false, reason: "signature does not match" };
  return { ok: true };
}
