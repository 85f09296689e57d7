import type { ProviderName } from "@switchyard/schemas";
import { anthropicAdapter } from "./anthropic";
import { azureAdapter } from "./azure";
import { bedrockAdapter } from "./bedrock";
import { geminiAdapter } from "./gemini";
import { ollamaAdapter } from "./ollama";
import { openaiAdapter } from "./openai";
import { openAICompatibleAdapter, openAICompatiblePresetAdapters } from "./openai-compatible";
import type { ProviderAdapter } from "./spec";

/**
 * Adapters keyed by name: the provider ("openai", "azure", ...) or, for OpenAI-compatible
 * presets, "openai-compatible/<preset>". New providers add one line to `builtInAdapters`.
 */
export class ProviderRegistry {
  private readonly adapters = new Map<string, ProviderAdapter>();

  constructor(adapters: Iterable<ProviderAdapter> = []) {
    for (const adapter of adapters) this.register(adapter);
  }

  register(adapter: ProviderAdapter): void {
    if (this.adapters.has(adapter.name)) throw new Error(`provider adapter "${adapter.name}" is already registered`);
    this.adapters.set(adapter.name, adapter);
  }

  get(name: string): ProviderAdapter | undefined {
    return this.adapters.get(name);
  }

  /** The adapter for a deployment: the preset's when it names one, else the provider's. */
  resolve(deployment: { provider: ProviderName; preset?: string }): ProviderAdapter | undefined {
    if (deployment.preset) return this.adapters.get(`${deployment.provider}/${deployment.preset}`);
    return this.adapters.get(deployment.provider);
  }

  names(): string[] {
    return [...this.adapters.keys()];
  }
}

export const builtInAdapters: readonly ProviderAdapter[] = [
  openaiAdapter,
  azureAdapter,
  openAICompatibleAdapter,
  ...openAICompatiblePresetAdapters,
  anthropicAdapter,
  geminiAdapter,
  bedrockAdapter,
  ollamaAdapter,
];

export const providerRegistry = new ProviderRegistry(builtInAdapters);
