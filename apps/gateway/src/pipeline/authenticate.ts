import { hash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { RuntimeConfig, RuntimeKey } from "../config/runtime";
import { errors } from "../errors";

function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization) {
    const space = authorization.indexOf(" ");
    if (space > 0 && authorization.slice(0, space).toLowerCase() === "bearer") return authorization.slice(space + 1).trim() || undefined;
    return undefined;
  }
  // Anthropic SDKs send x-api-key; Azure-style clients send api-key.
  const alternative = headers["x-api-key"] ?? headers["api-key"];
  return typeof alternative === "string" && alternative !== "" ? alternative : undefined;
}

/**
 * Virtual key → its config. Keys are known only by SHA-256: we hash what was presented, find the
 * entry by hash, and confirm with a constant-time compare of the two digests. (One-shot `hash` costs
 * half of createHash().update().digest() for a key this short.)
 */
export function authenticate(runtime: RuntimeConfig, headers: IncomingHttpHeaders, now: number = Date.now()): RuntimeKey {
  const key = presentedKey(headers);
  if (!key) throw errors.missingKey();
  const digest = hash("sha256", key, "hex");
  const entry = runtime.keys.get(digest);
  if (!entry || !timingSafeEqual(entry.hash, Buffer.from(digest, "hex"))) throw errors.invalidKey();
  if (entry.expiresAtMs !== undefined && entry.expiresAtMs <= now) throw errors.expiredKey();
  return entry;
}
