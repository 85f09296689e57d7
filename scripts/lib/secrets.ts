import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Local secrets for the embedded defaults, generated once per data directory and
 * kept there (mode 0600) so restarts keep sessions, sealed credentials and the
 * demo key valid. Production deployments pass real secrets through env instead.
 */
export interface LocalSecrets {
  masterKey: string;
  consoleSecret: string;
  nextAuthSecret: string;
  dataplaneToken: string;
  oidcClientSecret: string;
  demoKey: string;
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let index = 0; index < bytes.length && out.length < length; index++) {
    const byte = bytes[index] ?? 0;
    // Rejection sampling keeps the alphabet uniform.
    if (byte < 248) out += base62[byte % 62];
  }
  return out;
}

export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, "secrets.json");
  const existing: Partial<LocalSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    masterKey: existing.masterKey ?? randomBytes(32).toString("base64"),
    consoleSecret: existing.consoleSecret ?? randomBytes(32).toString("base64url"),
    nextAuthSecret: existing.nextAuthSecret ?? randomBytes(32).toString("base64url"),
    dataplaneToken: existing.dataplaneToken ?? `sy-dp-${randomBase62(40)}`,
    oidcClientSecret: existing.oidcClientSecret ?? randomBase62(40),
    demoKey: existing.demoKey ?? `sk-sy-demo-${randomBase62(32)}`,
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
