import { anthropicPrices } from "./anthropic";
import { bedrockPrices } from "./bedrock";
import { deepseekPrices } from "./deepseek";
import { fireworksPrices } from "./fireworks";
import { geminiPrices } from "./gemini";
import { groqPrices } from "./groq";
import { mistralPrices } from "./mistral";
import { azurePrices, openaiPrices } from "./openai";
import { togetherPrices } from "./together";
import type { ModelPrice, PriceSheet } from "./types";

export type { ModelPrice, PriceSheet } from "./types";

/**
 * List prices for the common models of every hosted provider we speak to. Self-hosted servers
 * (vLLM, llama.cpp, Ollama, a generic OpenAI-compatible base) have no list price: give their
 * deployments a `price` in the config, which always wins over this table.
 */
export const priceSheets: readonly PriceSheet[] = [
  openaiPrices,
  azurePrices,
  anthropicPrices,
  geminiPrices,
  bedrockPrices,
  mistralPrices,
  groqPrices,
  deepseekPrices,
  togetherPrices,
  fireworksPrices,
];

const sheetByProvider = new Map(priceSheets.map((sheet) => [sheet.provider, sheet]));

/** "openai-compatible/groq" → "groq"; plain provider names pass through. */
export function priceProviderOf(provider: string, preset?: string): string {
  if (preset) return preset;
  const slash = provider.indexOf("/");
  return slash === -1 ? provider : provider.slice(slash + 1);
}

/**
 * Spellings of one model id, most specific first: as given, then without the dated snapshot
 * suffix (`-2024-08-06`, `-20241022`), `-latest`, a Gemini `-001` revision, a Bedrock
 * cross-region prefix (`us.`) or version suffix (`-v2:0`).
 */
function candidates(model: string): string[] {
  const seen = new Set<string>();
  const add = (value: string) => {
    if (value !== "") seen.add(value);
  };
  const bare = model.startsWith("models/") ? model.slice("models/".length) : model;
  add(bare);
  const unprefixed = bare.replace(/^(?:us|eu|apac|global|us-gov)\./, "");
  add(unprefixed);
  const unversioned = unprefixed.replace(/-v\d+(?::\d+)?$/, "").replace(/:\d+$/, "");
  add(unversioned);
  for (const base of [...seen]) {
    add(base.replace(/-\d{4}-\d{2}-\d{2}$/, ""));
    add(base.replace(/-\d{8}$/, ""));
    add(base.replace(/-latest$/, ""));
    add(base.replace(/-\d{3}$/, ""));
    add(base.replace(/-\d{4}$/, ""));
  }
  return [...seen];
}

/** The list price of `model` at `provider` (a provider name or adapter name), if the table has it. */
export function lookupPrice(provider: string, model: string, preset?: string): ModelPrice | undefined {
  const sheet = sheetByProvider.get(priceProviderOf(provider, preset));
  if (!sheet) return undefined;
  for (const candidate of candidates(model)) {
    const found = sheet.models[candidate];
    if (found) return found;
  }
  return undefined;
}
