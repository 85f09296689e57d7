import { createHash, randomBytes } from "node:crypto";

/** Virtual keys: `sk-sy-` + 32 base62 characters (~190 bits), shown once, stored as SHA-256. */
export const keyPrefix = "sk-sy-";
const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const randomLength = 32;
/** How much of the key lists show: the fixed prefix plus four random characters. */
const visibleLength = keyPrefix.length + 4;

export interface GeneratedKey {
  plaintext: string;
  hash: string;
  prefix: string;
}

export function hashKey(plaintext: string): string {
  return createHash("sha256").update(plaintext).digest("hex");
}

export function visiblePrefix(plaintext: string): string {
  return plaintext.slice(0, visibleLength);
}

export function generateKey(): GeneratedKey {
  let random = "";
  // Rejection sampling: bytes >= 248 would bias the first 8 symbols of the alphabet.
  while (random.length < randomLength) {
    for (const byte of randomBytes(randomLength * 2)) {
      if (byte < 248 && random.length < randomLength) random += alphabet[byte % 62];
    }
  }
  const plaintext = `${keyPrefix}${random}`;
  return { plaintext, hash: hashKey(plaintext), prefix: visiblePrefix(plaintext) };
}
