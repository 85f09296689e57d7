import type { GuardrailConfig } from "@switchyard/schemas";
import { entityNamed, type PiiEntity, piiEntities } from "./detectors";

/** The entities a pii guardrail looks for: its `entities` by name or alias (none listed = all); unknown names are reported. */
export function wantedEntities(config: GuardrailConfig): { wanted: Set<PiiEntity>; unknown: string[] } {
  if (!config.entities || config.entities.length === 0) return { wanted: new Set(piiEntities), unknown: [] };
  const wanted = new Set<PiiEntity>();
  const unknown: string[] = [];
  for (const name of config.entities) {
    const entity = entityNamed(name);
    if (entity) wanted.add(entity);
    else unknown.push(name);
  }
  return { wanted, unknown };
}
