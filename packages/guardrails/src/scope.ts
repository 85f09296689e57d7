/**
 * Which requests a guardrail applies to, decided the same way by the gateway (on every request) and
 * by the control plane's "try it" (for a sample said to come from a team, key or model).
 */

export interface GuardrailScope {
  readonly teams?: readonly string[];
  /** A key's id, name or hash. */
  readonly keys?: readonly string[];
  readonly models?: readonly string[];
}

export interface ScopeSubject {
  readonly team: string | undefined;
  /** The key's id, name and hash: a scope's `keys` may name it by any of them. */
  readonly keyNames: readonly string[];
  readonly model: string | undefined;
}

/**
 * Every list a scope sets must name the subject (an unset list matches everyone): a policy scoped
 * to teams skips a request whose key has no team.
 */
export function scopeMatcher(scope: GuardrailScope | undefined): (subject: ScopeSubject) => boolean {
  const teams = scope?.teams ? new Set(scope.teams) : undefined;
  const keys = scope?.keys ? new Set(scope.keys) : undefined;
  const models = scope?.models ? new Set(scope.models) : undefined;
  return (subject) =>
    (!teams || (subject.team !== undefined && teams.has(subject.team))) &&
    (!keys || subject.keyNames.some((name) => keys.has(name))) &&
    (!models || (subject.model !== undefined && models.has(subject.model)));
}
