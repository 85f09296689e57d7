import { createHash } from "node:crypto";
import type { ChatCompletionRequest } from "@switchyard/schemas";
import { canonicalJson } from "@switchyard/schemas/canonical-json";

/** Fields that change who asked or how the answer travels, not what the answer is. */
const ignoredFields = new Set(["user", "stream", "stream_options", "metadata", "store", "service_tier"]);

/**
 * sha256 of the request as the upstream will see it (after guardrails), with object keys sorted:
 * model, messages, tools and every sampling parameter count; `user` and `stream` do not, so a
 * streaming request replays a reply first fetched without streaming and the other way round.
 */
export function chatCacheDigest(body: ChatCompletionRequest): string {
  const relevant: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body))
    if (!ignoredFields.has(name) && value !== undefined && value !== null) relevant[name] = value;
  return createHash("sha256").update(canonicalJson(relevant)).digest("hex");
}

export type CacheDirective = "default" | "no-cache" | "no-store";

/** `Cache-Control: no-store` → neither read nor write; `no-cache` → skip the lookup, still store. */
export function cacheDirective(header: string | string[] | undefined): CacheDirective {
  const value = (Array.isArray(header) ? header.join(",") : (header ?? "")).toLowerCase();
  if (value === "") return "default";
  const directives = value.split(",").map((part) => part.trim());
  if (directives.includes("no-store")) return "no-store";
  if (directives.includes("no-cache") || directives.includes("max-age=0")) return "no-cache";
  return "default";
}
