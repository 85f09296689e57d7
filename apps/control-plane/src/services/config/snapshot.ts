import type { GatewayConfig } from "@switchyard/schemas";
import { canonicalJson, sha256Hex } from "@switchyard/schemas/canonical-json";
import type { Prisma } from "../../db";

/** The JSON form stored and served: canonical (sorted keys, ISO dates), so its sha is stable across round trips. */
export function toSnapshot(config: GatewayConfig | unknown): { snapshot: Prisma.InputJsonValue; sha256: string } {
  const text = canonicalJson(config);
  return { snapshot: JSON.parse(text) as Prisma.InputJsonValue, sha256: sha256Hex(text) };
}

export function snapshotSha(snapshot: unknown): string {
  return sha256Hex(canonicalJson(snapshot));
}
