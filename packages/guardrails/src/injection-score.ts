/** Prompt-injection scoring: pure text in, a score and the signals that matched out. */
interface Signal {
  readonly name: string;
  readonly category: "instruction-override" | "role-confusion" | "exfiltration";
  readonly weight: number;
  readonly pattern: RegExp;
}

/**
 * Signals of the three families of prompt injection, each weighted by how rarely it shows up in
 * honest text. Scores combine like independent evidence (1 − Π(1 − w)), so one strong signal or
 * several weak ones cross the threshold, and mentioning a word like "instructions" does not.
 */
const signals: readonly Signal[] = [
  {
    name: "ignore-previous-instructions",
    category: "instruction-override",
    weight: 0.85,
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}?\b(?:all|any|every|the|your|previous|prior|above|earlier|preceding|system|original)\b[^.\n]{0,30}?\b(?:instructions?|prompts?|rules|guidelines|directives|directions|guardrails|restrictions)\b/i,
  },
  {
    name: "new-instructions",
    category: "instruction-override",
    weight: 0.45,
    pattern: /\b(?:new|updated|real|actual)\s+(?:system\s+)?instructions?\s*:/i,
  },
  { name: "from-now-on", category: "instruction-override", weight: 0.35, pattern: /\bfrom now on,?\s+(?:you|your)\b/i },
  {
    name: "no-restrictions",
    category: "instruction-override",
    weight: 0.5,
    pattern: /\b(?:without|no|free of)\s+(?:any\s+)?(?:restrictions|filters|limitations|censorship|guidelines)\b/i,
  },
  {
    name: "chat-template-tokens",
    category: "role-confusion",
    weight: 0.8,
    pattern: /<\|(?:im_start|im_end|system|endoftext|start_header_id|eot_id)\|>|\[\/?INST\]|<<\/?SYS>>/i,
  },
  {
    name: "fake-role-header",
    category: "role-confusion",
    weight: 0.6,
    pattern: /(?:^|\n)\s*(?:#{1,3}\s*)?(?:system|assistant|developer)\s*(?:message|prompt)?\s*:\s*\S/i,
  },
  {
    name: "persona-switch",
    category: "role-confusion",
    weight: 0.7,
    pattern:
      /\byou are (?:now|no longer)\b[^.\n]{0,30}\b(?:DAN|unrestricted|unfiltered|jailbroken|developer mode|evil|without (?:rules|limits))\b/i,
  },
  {
    name: "developer-mode",
    category: "role-confusion",
    weight: 0.55,
    pattern: /\b(?:developer|god|jailbreak|DAN)\s+mode\b|\bdo anything now\b/i,
  },
  {
    name: "pretend",
    category: "role-confusion",
    weight: 0.25,
    pattern: /\b(?:pretend|act as if|imagine) (?:that )?you (?:are|have) (?:no|an? (?:unrestricted|unfiltered|different))\b/i,
  },
  {
    name: "reveal-system-prompt",
    category: "exfiltration",
    weight: 0.75,
    pattern:
      /\b(?:reveal|print|show|output|repeat|display|tell me|leak|dump|give me|what (?:is|are))\b[^.\n]{0,40}?\b(?:system prompt|initial (?:prompt|instructions)|hidden (?:prompt|instructions)|your (?:instructions|system message|rules)|the (?:words|text|instructions) above)\b/i,
  },
  {
    name: "markdown-image-exfiltration",
    category: "exfiltration",
    weight: 0.6,
    pattern: /!\[[^\]]*\]\(\s*https?:\/\/[^)\s]*\?[^)\s]*=[^)\s]*\)/i,
  },
  {
    name: "send-to-url",
    category: "exfiltration",
    weight: 0.6,
    pattern: /\b(?:send|post|upload|forward|exfiltrate|transmit)\b[^.\n]{0,50}?\b(?:to|at|via)\s+(?:https?:\/\/|\S+@\S+\.\w+)/i,
  },
];

export interface InjectionScore {
  readonly score: number;
  readonly signals: readonly string[];
}

export function scoreInjection(text: string): InjectionScore {
  let keep = 1;
  const matched: string[] = [];
  for (const signal of signals) {
    if (!signal.pattern.test(text)) continue;
    matched.push(signal.name);
    keep *= 1 - signal.weight;
  }
  return { score: Math.round((1 - keep) * 1000) / 1000, signals: matched };
}

export const defaultInjectionThreshold = 0.7;
