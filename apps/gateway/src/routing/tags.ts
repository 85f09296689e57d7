import type { IncomingHttpHeaders } from "node:http";
import type { RuntimeDeployment } from "../config/runtime";

const noTags: readonly string[] = [];

function split(value: string): string[] {
  return value
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

/**
 * Tags a request asks for: the routing tag header (comma-separated), else `metadata.tags` in
 * the body, a comma-separated string so the body stays valid for OpenAI (metadata values are strings).
 */
export function requestTags(headers: IncomingHttpHeaders, body: unknown, tagHeader: string): readonly string[] {
  const header = headers[tagHeader.toLowerCase()];
  if (typeof header === "string" && header !== "") return split(header);
  if (typeof body !== "object" || body === null) return noTags;
  const metadata = (body as { metadata?: unknown }).metadata;
  if (typeof metadata !== "object" || metadata === null) return noTags;
  const tags = (metadata as { tags?: unknown }).tags;
  return typeof tags === "string" ? split(tags) : noTags;
}

/**
 * Deployments a request may use. Tagged requests go only to deployments carrying at least one
 * of their tags (isolation: never silently elsewhere). Untagged requests go to deployments
 * tagged "default" when the model has any, else to all of them.
 */
export function matchTags(deployments: readonly RuntimeDeployment[], tags: readonly string[]): readonly RuntimeDeployment[] {
  if (tags.length === 0) {
    let hasDefault = false;
    for (const deployment of deployments) if (deployment.config.tags.includes("default")) hasDefault = true;
    return hasDefault ? deployments.filter((deployment) => deployment.config.tags.includes("default")) : deployments;
  }
  return deployments.filter((deployment) => deployment.config.tags.some((tag) => tags.includes(tag)));
}
