import type { RoutingConfig } from "@switchyard/schemas";
import type { RuntimeDeployment } from "../config/runtime";
import type { DeploymentStats } from "./deployment-stats";
import type { RandomSource } from "./random";

export type RoutingStrategy = RoutingConfig["strategy"];

/**
 * Candidates in the order the strategy prefers them. The router takes the first one with
 * capacity left, so the order is also the order of second choices (rpm/tpm, probes).
 */
export function orderCandidates(
  strategy: RoutingStrategy,
  candidates: readonly RuntimeDeployment[],
  stats: DeploymentStats,
  random: RandomSource,
): RuntimeDeployment[] {
  if (candidates.length <= 1) return [...candidates];
  switch (strategy) {
    case "weighted":
      return weightedOrder(candidates, random);
    case "least-busy":
      return sortBy(shuffled(candidates, random), (deployment) => stats.inFlight(deployment.id));
    case "latency": {
      const now = Date.now();
      // Unmeasured (or stale) deployments go first: that is how they get measured.
      return sortBy(shuffled(candidates, random), (deployment) => stats.latency(deployment.id, now) ?? -1);
    }
    case "cost":
      // Ties (same price) keep the weighted order, so canaries still work among equals.
      return sortBy(weightedOrder(candidates, random), priceOf);
  }
}

/** USD per million tokens, in and out; a deployment without a price is never assumed cheapest. */
function priceOf(deployment: RuntimeDeployment): number {
  const price = deployment.config.price;
  return price ? price.inputPerMTok + price.outputPerMTok : Number.POSITIVE_INFINITY;
}

/**
 * Weighted random permutation (Efraimidis–Spirakis keys u^(1/w)): the first element is
 * chosen with probability weight/total, the rest follow as weighted second choices.
 * Weight 0 sorts last: a standby used only when the others cannot take the request.
 */
function weightedOrder(candidates: readonly RuntimeDeployment[], random: RandomSource): RuntimeDeployment[] {
  if (candidates.every((deployment) => deployment.weight <= 0)) return shuffled(candidates, random);
  const keyed = candidates.map((deployment) => ({
    deployment,
    key: deployment.weight > 0 ? Math.log(random() || Number.MIN_VALUE) / deployment.weight : Number.NEGATIVE_INFINITY,
  }));
  keyed.sort((first, second) => ascending(second.key, first.key));
  return keyed.map((entry) => entry.deployment);
}

function shuffled(candidates: readonly RuntimeDeployment[], random: RandomSource): RuntimeDeployment[] {
  const copy = [...candidates];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const held = copy[index] as RuntimeDeployment;
    copy[index] = copy[other] as RuntimeDeployment;
    copy[other] = held;
  }
  return copy;
}

/** Stable sort (Array.prototype.sort is stable), ascending by score. */
function sortBy(candidates: RuntimeDeployment[], score: (deployment: RuntimeDeployment) => number): RuntimeDeployment[] {
  const scored = candidates.map((deployment) => ({ deployment, score: score(deployment) }));
  scored.sort((first, second) => ascending(first.score, second.score));
  return scored.map((entry) => entry.deployment);
}

/** Infinity-safe (Infinity - Infinity is NaN, which breaks sort). */
function ascending(first: number, second: number): number {
  return first < second ? -1 : first > second ? 1 : 0;
}
