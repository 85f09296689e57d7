// Node-only (node:crypto): import from "@switchyard/schemas/sealed-secret", never from the browser-safe index.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SealedSecret } from "./gateway-config";

/**
 * AES-256-GCM sealing of provider credentials under SWITCHYARD_MASTER_KEY (base64
 * of 32 bytes). The control plane seals and stores/publishes only the sealed form;
 * gateways unseal in memory. `keyVersion` names the master key used, so keys can
 * be rotated by keeping old versions around for unsealing.
 */
const algorithm = "aes-256-gcm";
const ivBytes = 12;

function masterKeyBytes(masterKeyBase64: string): Buffer {
  const key = Buffer.from(masterKeyBase64, "base64");
  if (key.length !== 32) throw new Error("master key must be base64 of exactly 32 bytes");
  return key;
}

export function seal(plaintext: string, masterKeyBase64: string, keyVersion = 1): SealedSecret {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv(algorithm, masterKeyBytes(masterKeyBase64), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyVersion, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), ciphertext: ciphertext.toString("base64") };
}

/** Throws if the key is wrong or the sealed value was tampered with (GCM authentication). */
export function unseal(sealed: SealedSecret, masterKeyBase64: string): string {
  const decipher = createDecipheriv(algorithm, masterKeyBytes(masterKeyBase64), Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString("utf8");
}
