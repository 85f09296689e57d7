import { cardValid, ibanValid, ipv6Valid, phoneValid, ssnValid } from "./validators";

/** Entity types, as named in a guardrail's `entities` and in placeholders ([EMAIL_1]). */
export const piiEntities = ["api_key", "email", "iban", "credit_card", "ssn", "phone", "ip_address"] as const;
export type PiiEntity = (typeof piiEntities)[number];

const aliases: Readonly<Record<string, PiiEntity>> = {
  secret: "api_key",
  secrets: "api_key",
  api_keys: "api_key",
  phone_number: "phone",
  credit_card_number: "credit_card",
  card: "credit_card",
  us_ssn: "ssn",
  ip: "ip_address",
  ipv4: "ip_address",
  ipv6: "ip_address",
};

export function entityNamed(name: string): PiiEntity | undefined {
  const normalised = name.toLowerCase().replace(/-/g, "_");
  return (piiEntities as readonly string[]).includes(normalised) ? (normalised as PiiEntity) : aliases[normalised];
}

/** What a detector needs at the least before its pattern can match: checked first, since most text has none of it. */
interface TextFacts {
  readonly text: string;
  /** ASCII digits in the text. */
  readonly digits: number;
}

interface Detector {
  readonly entity: PiiEntity;
  readonly pattern: RegExp;
  readonly valid?: (match: string) => boolean;
  /** False when the pattern cannot match this text (a necessary condition only; the pattern decides). */
  readonly possible: (facts: TextFacts) => boolean;
}

function digitCount(text: string): number {
  let digits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

/**
 * Patterns keep to what is unambiguous on its own: edges exclude neighbouring word characters so
 * parts of UUIDs, hashes, version strings ("1.2.3"), dates ("2024-01-15"), times ("10:30:45") and
 * long order numbers do not match; checksums (Luhn, mod-97) and number rules (SSN, E.164) reject
 * look-alikes. Earlier detectors win overlaps: a secret containing digits is one secret.
 */
const awsSecretLabel = /aws_secret_access_key/i;

const detectors: readonly Detector[] = [
  // OpenAI (sk-, sk-proj-, sk-svcacct-), Anthropic (sk-ant-api03-), AWS access key ids, GitHub tokens,
  // and an AWS secret key when it is labelled as one.
  {
    entity: "api_key",
    pattern: /(?<![\w-])sk-(?:ant-(?:api|admin)\d{2}-)?[A-Za-z0-9_-]{20,}/g,
    possible: ({ text }) => text.includes("sk-"),
  },
  {
    entity: "api_key",
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9])/g,
    possible: ({ text }) => text.includes("IA") || text.includes("CCA"),
  },
  {
    entity: "api_key",
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
    possible: ({ text }) => text.includes("_") && (text.includes("gh") || text.includes("github")),
  },
  {
    entity: "api_key",
    pattern: /(?<=aws_secret_access_key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    possible: ({ text }) => awsSecretLabel.test(text),
  },
  {
    entity: "email",
    pattern:
      /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g,
    possible: ({ text }) => text.includes("@"),
  },
  {
    entity: "iban",
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g,
    valid: ibanValid,
    possible: ({ digits }) => digits >= 2,
  },
  {
    entity: "credit_card",
    pattern: /(?<![\d.-])\d(?:[ -]?\d){11,18}(?![\d-]|\.\d)/g,
    valid: cardValid,
    possible: ({ digits }) => digits >= 12,
  },
  { entity: "ssn", pattern: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g, valid: ssnValid, possible: ({ digits }) => digits >= 9 },
  // +CC then 2-5 groups, or the North American (NXX) NXX-XXXX shapes; bare digit runs are too often ids or timestamps.
  {
    entity: "phone",
    pattern:
      /(?<![\w+.-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|\d{3} \d{3} \d{4})(?![\w-]|\.\d)/g,
    valid: phoneValid,
    // The shortest shape the pattern allows, "+1 2-34", has 4 digits.
    possible: ({ digits }) => digits >= 4,
  },
  {
    entity: "ip_address",
    pattern:
      /(?<![\w.])(?<!\b(?:version|ver|release|build|v)\.?\s{1,2})(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)/g,
    possible: ({ text, digits }) => digits >= 4 && text.includes("."),
  },
  {
    entity: "ip_address",
    pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})(?![\w:])/g,
    valid: ipv6Valid,
    possible: ({ text }) => text.includes(":"),
  },
];

export interface PiiMatch {
  readonly entity: PiiEntity;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/**
 * Non-overlapping matches of the wanted entities, in text order. Each detector first screens the
 * text for what its pattern cannot match without (a digit count, an "@"), so ordinary prose costs
 * a character scan rather than ten regex passes; `screen: false` skips that (tests compare both).
 */
export function findPii(text: string, wanted: ReadonlySet<PiiEntity>, options: { screen?: boolean } = {}): PiiMatch[] {
  const screen = options.screen !== false;
  const found: PiiMatch[] = [];
  let facts: TextFacts | undefined;
  for (const detector of detectors) {
    if (!wanted.has(detector.entity)) continue;
    if (screen) {
      facts ??= { text, digits: digitCount(text) };
      if (!detector.possible(facts)) continue;
    }
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const value = match[0];
      const start = match.index;
      const end = start + value.length;
      if (detector.valid && !detector.valid(value)) continue;
      if (found.some((other) => start < other.end && other.start < end)) continue;
      found.push({ entity: detector.entity, start, end, value });
    }
  }
  return found.sort((first, second) => first.start - second.start);
}
