/**
 * Audit rows keep before/after snapshots; anything secret-shaped is replaced so a
 * credential or key can never be read back from the audit log.
 */
const secretFields = new Set([
  "apikey",
  "apikeysealed",
  "ciphertext",
  "iv",
  "authtag",
  "tag",
  "secret",
  "plaintext",
  "key",
  "keyhash",
  "password",
  "token",
  "accesstoken",
  "refreshtoken",
  "idtoken",
]);

export const redacted = "[redacted]";

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value && typeof value === "object") {
    // Prisma Decimal and similar value objects serialise through toJSON.
    if ("toJSON" in value && typeof value.toJSON === "function") return value.toJSON();
    const result: Record<string, unknown> = {};
    for (const [field, child] of Object.entries(value)) {
      result[field] = secretFields.has(field.toLowerCase()) ? redacted : redact(child);
    }
    return result;
  }
  return value;
}
