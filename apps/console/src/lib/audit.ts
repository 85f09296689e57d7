/**
 * The audit vocabulary the control plane writes (noun-verb, e.g. "key-revoked"), grouped by target
 * type for the filters. Entries with an action missing here still list; they just cannot be picked.
 */
export const auditActionsByTarget: Record<string, string[]> = {
  team: [
    "team-created",
    "team-renamed",
    "team-limits-changed",
    "team-archived",
    "team-unarchived",
    "team-member-added",
    "team-member-removed",
    "team-member-role-changed",
  ],
  key: ["key-created", "key-updated", "key-rotated", "key-revoked"],
  user: ["user-created", "user-invited", "user-signed-in", "user-role-changed", "user-deactivated", "user-reactivated"],
  budget: ["budget-created", "budget-updated", "budget-deleted"],
  guardrail: ["guardrail-created", "guardrail-updated", "guardrail-deleted"],
  deployment: ["deployment-created", "deployment-updated", "deployment-enabled", "deployment-disabled", "deployment-deleted"],
  credential: ["credential-created", "credential-replaced", "credential-deleted"],
  "routing-policy": ["routing-policy-created", "routing-policy-updated", "routing-policy-deleted"],
  "config-version": ["config-published", "config-rolled-back"],
  organization: ["organization-updated"],
};

export const auditTargetTypes = Object.keys(auditActionsByTarget);

/** "routing-policy-updated" → "Routing policy updated". */
export function humanise(text: string): string {
  const spaced = text.replace(/-/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== "object" || value === null || !(field in value)) return undefined;
  const found: unknown = Reflect.get(value, field);
  return typeof found === "string" && found !== "" ? found : undefined;
}

/** A readable name for the target from the recorded state (name, email, slug or version number). */
export function targetLabel(entry: { before?: unknown; after?: unknown }): string | undefined {
  for (const state of [entry.after, entry.before]) {
    for (const field of ["name", "email", "slug", "prefix"]) {
      const found = stringField(state, field);
      if (found) return found;
    }
    if (typeof state === "object" && state !== null && "number" in state) {
      const number: unknown = Reflect.get(state, "number");
      if (typeof number === "number") return `v${number}`;
    }
  }
  return undefined;
}
