import type { RuntimeDeployment, RuntimeModel } from "../config/runtime";
import type { Router } from "./router";

/** Random pick proportional to `weight`; all-zero weights fall back to a uniform pick. */
export function createWeightedRouter(random: () => number = Math.random): Router {
  return {
    pick(model, _context, exclude) {
      const deployments = model.deployments;
      if (deployments.length === 1 && !exclude?.size) return deployments[0];
      let candidates: readonly RuntimeDeployment[] = deployments;
      let total = model.totalWeight;
      if (exclude?.size) {
        candidates = deployments.filter((deployment) => !exclude.has(deployment.id));
        total = candidates.reduce((sum, deployment) => sum + deployment.weight, 0);
      }
      if (candidates.length === 0) return undefined;
      if (total <= 0) return candidates[Math.floor(random() * candidates.length)];
      let point = random() * total;
      for (const deployment of candidates) {
        point -= deployment.weight;
        if (point < 0) return deployment;
      }
      return candidates[candidates.length - 1];
    },
  };
}

export type { RuntimeModel };
