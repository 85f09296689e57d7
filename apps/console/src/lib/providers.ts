import { type ProviderName, providerNames } from "@switchyard/schemas";

export type { ProviderName };
export { providerNames };

export const providerLabels: Record<ProviderName, string> = {
  openai: "OpenAI",
  azure: "Azure OpenAI",
  anthropic: "Anthropic",
  gemini: "Google Gemini",
  bedrock: "AWS Bedrock",
  ollama: "Ollama",
  "openai-compatible": "OpenAI-compatible",
};

/** What each provider's own SDK calls its base URL (the gateway's contract), as a placeholder. */
export const apiBasePlaceholders: Record<ProviderName, string> = {
  openai: "https://api.openai.com/v1 (default)",
  azure: "https://<resource>.openai.azure.com",
  anthropic: "https://api.anthropic.com (default)",
  gemini: "https://generativelanguage.googleapis.com (default)",
  bedrock: "https://bedrock-runtime.<region>.amazonaws.com (default)",
  ollama: "http://127.0.0.1:11434",
  "openai-compatible": "http://127.0.0.1:8000/v1",
};

export function isProviderName(value: string): value is ProviderName {
  return (providerNames as readonly string[]).includes(value);
}

export function providerLabel(value: string): string {
  return isProviderName(value) ? providerLabels[value] : value;
}

export const strategyLabels = {
  weighted: "Weighted",
  "least-busy": "Least busy",
  latency: "Lowest latency",
  cost: "Lowest cost",
} as const;

export const strategyDescriptions: Record<keyof typeof strategyLabels, string> = {
  weighted: "Random by weight: weight 3 gets three times the traffic of weight 1; weight 0 is a standby.",
  "least-busy": "The deployment with the fewest requests in flight on each gateway.",
  latency: "The deployment with the lowest recent latency; unmeasured ones are tried first.",
  cost: "The lowest list price (input + output per million tokens); equal prices by weight.",
};
