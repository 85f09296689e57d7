import type { SealedSecret } from "@switchyard/schemas";
import { seal } from "@switchyard/schemas/sealed-secret";
import type { Prisma } from "../../db";
import type { Env } from "../../env";
import { AppError } from "../../errors";
import { iso } from "../../util/dates";

/** Only these columns ever leave the credentials table outside the config compiler. */
export const credentialSelect = {
  id: true,
  name: true,
  provider: true,
  last4: true,
  keyVersion: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { deployments: true } },
} satisfies Prisma.ProviderCredentialSelect;
type CredentialRow = Prisma.ProviderCredentialGetPayload<{ select: typeof credentialSelect }>;

export interface CredentialView {
  id: string;
  name: string;
  provider: string;
  last4: string;
  keyVersion: number;
  deploymentCount: number;
  createdAt: string;
  updatedAt: string;
}

export function toCredentialView(row: CredentialRow): CredentialView {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    last4: row.last4,
    keyVersion: row.keyVersion,
    deploymentCount: row._count.deployments,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export type Sealer = (plaintext: string) => SealedSecret;

/** Without a master key, storing credentials is switched off rather than done insecurely. */
export function sealerFromEnv(env: Env): Sealer {
  return (plaintext) => {
    if (!env.SWITCHYARD_MASTER_KEY)
      throw new AppError("unavailable", "SWITCHYARD_MASTER_KEY is not set; provider credentials cannot be stored");
    return seal(plaintext, env.SWITCHYARD_MASTER_KEY, env.SWITCHYARD_MASTER_KEY_VERSION);
  };
}

export function sealedColumns(sealed: SealedSecret, plaintext: string) {
  return { ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.tag, keyVersion: sealed.keyVersion, last4: plaintext.slice(-4) };
}
