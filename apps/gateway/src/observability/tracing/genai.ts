import type { RuntimeDeployment } from "../../config/runtime";

/**
 * `gen_ai.provider.name` (and the older `gen_ai.system`) for an adapter, using the well-known
 * values of the OpenTelemetry GenAI conventions where one exists, else the adapter's own name.
 */
const wellKnown: Readonly<Record<string, string>> = {
  openai: "openai",
  azure: "azure.ai.openai",
  anthropic: "anthropic",
  bedrock: "aws.bedrock",
  gemini: "gcp.gemini",
  "openai-compatible/groq": "groq",
  "openai-compatible/mistral": "mistral_ai",
  "openai-compatible/deepseek": "deepseek",
};

export function genAIProviderName(adapterName: string): string {
  const known = wellKnown[adapterName];
  if (known) return known;
  const slash = adapterName.indexOf("/");
  return slash >= 0 ? adapterName.slice(slash + 1) : adapterName;
}

const addresses = new WeakMap<RuntimeDeployment, { address: string; port: number }>();

/** `server.address` / `server.port` of a deployment's upstream. */
export function upstreamAddress(deployment: RuntimeDeployment): { address: string; port: number } {
  let found = addresses.get(deployment);
  if (!found) {
    const url = new URL(deployment.origin);
    const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    found = { address: url.hostname.replace(/^\[|\]$/g, ""), port };
    addresses.set(deployment, found);
  }
  return found;
}
