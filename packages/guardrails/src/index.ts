/**
 * The guardrails' detection logic, shared by the gateway (which enforces it on every request) and the
 * control plane (whose "try it" shows what a sample text becomes). Pure functions of text and config;
 * Node only (IPv6 validation uses node:net).
 */
export { blocklistMatches, blocklistPattern, blocklistReplacement } from "./blocklist-pattern";
export { defaultInjectionThreshold, type InjectionScore, scoreInjection } from "./injection-score";
export { entityNamed, findPii, type PiiEntity, type PiiMatch, piiEntities } from "./pii/detectors";
export { PiiVault } from "./pii/vault";
export { wantedEntities } from "./pii/wanted";
export { type GuardrailScope, type ScopeSubject, scopeMatcher } from "./scope";
