import { isIPv6 } from "node:net";

/** Luhn checksum over a digit string (credit cards). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Issuer prefixes and lengths (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro):
 * Luhn alone passes one random number in ten, so a 16-digit order number needs more than that.
 */
export function plausibleCardNumber(digits: string): boolean {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  const three = Number(digits.slice(0, 3));
  if (digits.startsWith("4")) return length === 13 || length === 16 || length === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16;
  if (two === 34 || two === 37) return length === 15;
  if (digits.startsWith("6011") || two === 65 || (three >= 644 && three <= 649)) return length >= 16 && length <= 19;
  if (four >= 3528 && four <= 3589) return length >= 16 && length <= 19;
  if ((three >= 300 && three <= 305) || two === 36 || two === 38) return length >= 14 && length <= 19;
  if (two === 62) return length >= 16 && length <= 19;
  if (two === 50 || (two >= 56 && two <= 69)) return length >= 12 && length <= 19;
  return false;
}

export function cardValid(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, "");
  return digits.length >= 12 && digits.length <= 19 && plausibleCardNumber(digits) && luhnValid(digits);
}

/** ISO 13616 lengths by country; an unknown country still needs a valid checksum and 15–34 characters. */
const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TN: 24,
  TR: 26,
  UA: 29,
  VG: 24,
  XK: 20,
};

/** ISO 7064 mod 97-10: move the first four characters to the end, letters to numbers, remainder must be 1. */
export function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/ /g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expected = ibanLengths[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : character;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** US SSN rules: no 000/666/9xx area, no 00 group, no 0000 serial. */
export function ssnValid(candidate: string): boolean {
  const [area, group, serial] = candidate.split("-");
  if (!area || !group || !serial) return false;
  return area !== "000" && area !== "666" && !area.startsWith("9") && group !== "00" && serial !== "0000";
}

/** "fe80::1", full 8-group forms; not "::", "12:30:45" or C++ scopes like "a::b". */
export function ipv6Valid(candidate: string): boolean {
  if (!isIPv6(candidate)) return false;
  const groups = candidate.split(":").filter((group) => group !== "");
  if (groups.length >= 3) return true;
  return groups.length >= 1 && /\d/.test(candidate) && candidate.length >= 6;
}

/** E.164 allows at most 15 digits; real numbers have at least 8 with a country code. */
export function phoneValid(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "");
  if (candidate.trimStart().startsWith("+")) return digits.length >= 8 && digits.length <= 15;
  return digits.length === 10 || digits.length === 11;
}
