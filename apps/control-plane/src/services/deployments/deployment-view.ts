import type { Prisma } from "../../db";
import { iso } from "../../util/dates";
import { microsToNumber, microsToUsd } from "../../util/money";

export const deploymentInclude = {
  credential: { select: { id: true, name: true, provider: true, last4: true } },
} satisfies Prisma.ModelDeploymentInclude;
type DeploymentRow = Prisma.ModelDeploymentGetPayload<{ include: typeof deploymentInclude }>;

/** Prices per million tokens, in micro-dollars (the stored unit) and USD (for display). */
export interface PriceView {
  inputMicrosPerMTok: number;
  outputMicrosPerMTok: number;
  cachedInputMicrosPerMTok: number | null;
  cacheWriteMicrosPerMTok: number | null;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

export interface DeploymentView {
  id: string;
  slug: string;
  modelName: string;
  provider: string;
  preset: string | null;
  upstreamModel: string;
  apiBase: string | null;
  apiVersion: string | null;
  region: string | null;
  credential: { id: string; name: string; provider: string; last4: string } | null;
  weight: number;
  rpm: number | null;
  tpm: number | null;
  maxParallel: number | null;
  timeoutMs: number;
  price: PriceView;
  tags: string[];
  contextWindow: number | null;
  mode: string;
  enabled: boolean;
  options: unknown;
  createdAt: string;
  updatedAt: string;
}

const optionalMicros = (value: bigint | null) => (value === null ? null : microsToNumber(value));

export function toDeploymentView(row: DeploymentRow): DeploymentView {
  return {
    id: row.id,
    slug: row.slug,
    modelName: row.modelName,
    provider: row.provider,
    preset: row.preset,
    upstreamModel: row.upstreamModel,
    apiBase: row.apiBase,
    apiVersion: row.apiVersion,
    region: row.region,
    credential: row.credential,
    weight: row.weight,
    rpm: row.rpm,
    tpm: row.tpm,
    maxParallel: row.maxParallel,
    timeoutMs: row.timeoutMs,
    price: {
      inputMicrosPerMTok: microsToNumber(row.inputMicrosPerMTok),
      outputMicrosPerMTok: microsToNumber(row.outputMicrosPerMTok),
      cachedInputMicrosPerMTok: optionalMicros(row.cachedInputMicrosPerMTok),
      cacheWriteMicrosPerMTok: optionalMicros(row.cacheWriteMicrosPerMTok),
      inputUsdPerMTok: microsToUsd(row.inputMicrosPerMTok),
      outputUsdPerMTok: microsToUsd(row.outputMicrosPerMTok),
    },
    tags: row.tags,
    contextWindow: row.contextWindow,
    mode: row.mode,
    enabled: row.enabled,
    options: row.options,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
