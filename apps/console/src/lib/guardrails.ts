/** Guardrail types, modes and settings as the gateway understands them (packages/schemas guardrailSchema). */
export const guardrailTypes = ["pii", "blocklist", "prompt-injection", "max-tokens", "tool-loop"] as const;
export type GuardrailType = (typeof guardrailTypes)[number];

export const guardrailTypeLabels: Record<GuardrailType, string> = {
  pii: "PII",
  blocklist: "Blocklist",
  "prompt-injection": "Prompt injection",
  "max-tokens": "Max tokens",
  "tool-loop": "Tool loop",
};

export const guardrailTypeDescriptions: Record<GuardrailType, string> = {
  pii: "Finds emails, phone numbers, card numbers, SSNs, IBANs, IP addresses and API keys.",
  blocklist: "Blocks or redacts words and regular expressions you list.",
  "prompt-injection": "Scores user and tool text for attempts to override instructions or exfiltrate data.",
  "max-tokens": "Bounds how many tokens a request may generate.",
  "tool-loop": "Stops agents stuck calling tools round after round.",
};

/** What "mask" and "block" mean for each type (tool-loop always refuses). */
export const modeLabels: Record<GuardrailType, { mask: string | null; block: string }> = {
  pii: { mask: "Mask with typed placeholders ([EMAIL_1])", block: "Refuse the request" },
  blocklist: { mask: "Replace matches with [REDACTED]", block: "Refuse the request" },
  "prompt-injection": { mask: "Flag only (let it through, record it)", block: "Refuse the request" },
  "max-tokens": { mask: "Cap the request at the limit", block: "Refuse larger requests" },
  "tool-loop": { mask: null, block: "Refuse the request" },
};

/** Only PII and blocklist look at replies; the others inspect the request. */
export function hasReplyStage(type: GuardrailType): boolean {
  return type === "pii" || type === "blocklist";
}

export const piiEntityOptions = [
  { value: "email", label: "Email" },
  { value: "phone", label: "Phone" },
  { value: "credit_card", label: "Credit card" },
  { value: "ssn", label: "US SSN" },
  { value: "iban", label: "IBAN" },
  { value: "ip_address", label: "IP address" },
  { value: "api_key", label: "API key / secret" },
] as const;

export const stageLabels = { pre: "Request", post: "Reply", both: "Request and reply" } as const;

export function isGuardrailType(value: string): value is GuardrailType {
  return (guardrailTypes as readonly string[]).includes(value);
}

export interface GuardrailScope {
  teams?: string[];
  keys?: string[];
  models?: string[];
}

/** "Everything", or e.g. "teams research · models demo-fast". */
export function scopeSummary(scope: GuardrailScope): string {
  const parts = (["teams", "models", "keys"] as const).flatMap((field) => {
    const values = scope[field];
    return values && values.length > 0 ? [`${field} ${values.join(", ")}`] : [];
  });
  return parts.length === 0 ? "Everything" : parts.join(" · ");
}
