import { type PriceSheet, price } from "./types";

/**
 * On-demand, US East (N. Virginia). Model ids without the cross-region prefix (`us.`, `eu.`,
 * `apac.`, `global.`) and without the `-v1:0` style version suffix; the lookup strips both.
 */
export const bedrockPrices: PriceSheet = {
  provider: "bedrock",
  source: "https://aws.amazon.com/bedrock/pricing/",
  asOf: "2025-08-15",
  models: {
    "anthropic.claude-opus-4-1": price("15", "75", "1.50", "18.75"),
    "anthropic.claude-opus-4": price("15", "75", "1.50", "18.75"),
    "anthropic.claude-sonnet-4": price("3", "15", "0.30", "3.75"),
    "anthropic.claude-3-7-sonnet": price("3", "15", "0.30", "3.75"),
    "anthropic.claude-3-5-sonnet": price("3", "15"),
    "anthropic.claude-3-5-haiku": price("0.80", "4", "0.08", "1"),
    "anthropic.claude-3-haiku": price("0.25", "1.25"),
    "amazon.nova-pro": price("0.80", "3.20", "0.20"),
    "amazon.nova-lite": price("0.06", "0.24", "0.015"),
    "amazon.nova-micro": price("0.035", "0.14", "0.00875"),
    "meta.llama3-3-70b-instruct": price("0.72", "0.72"),
    "meta.llama3-1-70b-instruct": price("0.72", "0.72"),
    "meta.llama3-1-8b-instruct": price("0.22", "0.22"),
    "mistral.mistral-large-2407": price("2", "6"),
    "amazon.titan-embed-text": price("0.02", "0"),
    "cohere.embed-english": price("0.10", "0"),
    "cohere.embed-multilingual": price("0.10", "0"),
  },
};
