import type { AppRouter } from "@switchyard/control-plane/router";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { FieldErrors } from "@/lib/errors";
import { microsToUsdText, usdTextToMicros } from "@/lib/money";
import { isProviderName, type ProviderName } from "@/lib/providers";

export type DeploymentRow = inferRouterOutputs<AppRouter>["deployments"]["list"][number];
type CreateInput = inferRouterInputs<AppRouter>["deployments"]["create"];

/** The form as typed: text everywhere, so an empty box can mean "not set" and a bad one can be named. */
export interface DeploymentFormValues {
  slug: string;
  modelName: string;
  provider: ProviderName;
  upstreamModel: string;
  apiBase: string;
  apiVersion: string;
  region: string;
  credentialId: string;
  weight: string;
  rpm: string;
  tpm: string;
  maxParallel: string;
  timeoutMs: string;
  inputPrice: string;
  outputPrice: string;
  cachedInputPrice: string;
  contextWindow: string;
  mode: "chat" | "embedding";
  tags: string;
  enabled: boolean;
}

export const newDeployment: DeploymentFormValues = {
  slug: "",
  modelName: "",
  provider: "openai",
  upstreamModel: "",
  apiBase: "",
  apiVersion: "",
  region: "",
  credentialId: "",
  weight: "1",
  rpm: "",
  tpm: "",
  maxParallel: "",
  timeoutMs: "30000",
  inputPrice: "0",
  outputPrice: "0",
  cachedInputPrice: "",
  contextWindow: "",
  mode: "chat",
  tags: "",
  enabled: true,
};

const text = (value: number | string | null) => (value === null ? "" : String(value));

export function formValuesOf(row: DeploymentRow): DeploymentFormValues {
  return {
    slug: row.slug,
    modelName: row.modelName,
    provider: isProviderName(row.provider) ? row.provider : "openai-compatible",
    upstreamModel: row.upstreamModel,
    apiBase: text(row.apiBase),
    apiVersion: text(row.apiVersion),
    region: text(row.region),
    credentialId: row.credential?.id ?? "",
    weight: String(row.weight),
    rpm: text(row.rpm),
    tpm: text(row.tpm),
    maxParallel: text(row.maxParallel),
    timeoutMs: String(row.timeoutMs),
    inputPrice: microsToUsdText(row.price.inputMicrosPerMTok),
    outputPrice: microsToUsdText(row.price.outputMicrosPerMTok),
    cachedInputPrice: row.price.cachedInputMicrosPerMTok === null ? "" : microsToUsdText(row.price.cachedInputMicrosPerMTok),
    contextWindow: text(row.contextWindow),
    mode: row.mode === "embedding" ? "embedding" : "chat",
    tags: row.tags.join(", "),
    enabled: row.enabled,
  };
}

/**
 * The create/update input, or the fields the browser can already tell are not numbers or dollar
 * amounts. Numbers go to the control plane as typed (a fraction or a negative comes back as its
 * own field error), so the rules live in one place: the server's schema.
 */
export function deploymentInput(values: DeploymentFormValues): { input: CreateInput; errors: null } | { input: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const number = (field: string, value: string, required: boolean): number | null => {
    const trimmed = value.trim();
    if (trimmed === "") {
      if (required) errors[field] = ["Required."];
      return null;
    }
    const parsed = Number(trimmed);
    if (!Number.isFinite(parsed)) errors[field] = ["Enter a number."];
    return parsed;
  };
  const price = (field: string, value: string, required: boolean): number | null => {
    if (value.trim() === "" && !required) return null;
    const micros = usdTextToMicros(value);
    if (micros === undefined) errors[field] = ["Enter a dollar amount with at most 6 decimals, like 0.15."];
    return micros ?? 0;
  };
  const optional = (value: string) => (value.trim() === "" ? null : value.trim());
  const weight = number("weight", values.weight, true);
  const timeoutMs = number("timeoutMs", values.timeoutMs, true);
  const input: CreateInput = {
    slug: values.slug.trim(),
    modelName: values.modelName.trim(),
    provider: values.provider,
    upstreamModel: values.upstreamModel.trim(),
    apiBase: optional(values.apiBase),
    apiVersion: values.provider === "azure" ? optional(values.apiVersion) : null,
    region: values.provider === "bedrock" ? optional(values.region) : null,
    credentialId: values.credentialId || null,
    weight: weight ?? 0,
    rpm: number("rpm", values.rpm, false),
    tpm: number("tpm", values.tpm, false),
    maxParallel: number("maxParallel", values.maxParallel, false),
    timeoutMs: timeoutMs ?? 0,
    price: {
      inputMicrosPerMTok: price("inputPrice", values.inputPrice, true) ?? 0,
      outputMicrosPerMTok: price("outputPrice", values.outputPrice, true) ?? 0,
      cachedInputMicrosPerMTok: price("cachedInputPrice", values.cachedInputPrice, false),
    },
    contextWindow: number("contextWindow", values.contextWindow, false),
    mode: values.mode,
    tags: values.tags
      .split(",")
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ""),
    enabled: values.enabled,
  };
  return Object.keys(errors).length > 0 ? { input: null, errors } : { input, errors: null };
}
