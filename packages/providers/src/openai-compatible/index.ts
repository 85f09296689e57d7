import { createOpenAIStyleAdapter } from "../openai";
import type { ProviderAdapter } from "../spec";
import { genericPreset, type OpenAICompatiblePreset, presets } from "./presets";

function adapterFor(preset: OpenAICompatiblePreset, name: string): ProviderAdapter {
  return createOpenAIStyleAdapter({
    name,
    provider: "openai-compatible",
    defaultApiBase: preset.defaultApiBase,
    capabilities: preset.capabilities,
    unsupportedParams: preset.unsupportedParams,
    adjustBody: preset.adjustBody,
  });
}

/** `openai-compatible` with no preset: OpenAI's wire format at the deployment's apiBase. */
export const openAICompatibleAdapter: ProviderAdapter = adapterFor(genericPreset, "openai-compatible");

/** One adapter per preset, registered as `openai-compatible/<preset>`. */
export const openAICompatiblePresetAdapters: readonly ProviderAdapter[] = Object.values(presets).map((preset) =>
  adapterFor(preset, `openai-compatible/${preset.name}`),
);

export { genericPreset, type OpenAICompatiblePreset, presets };
