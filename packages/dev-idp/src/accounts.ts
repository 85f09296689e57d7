/**
 * Demo identities of the development IdP. The control plane's seed creates the matching
 * Switchyard users; the `groups` claim is what an organisation's group→role mapping reads.
 */
export interface DevAccount {
  /** Stable OIDC subject, the way a real IdP keeps one per person. */
  sub: string;
  email: string;
  name: string;
  groups: string[];
  password: string;
}

export const demoPassword = "switchyard";

export const demoAccounts: readonly DevAccount[] = [
  { sub: "dev-admin", email: "admin@example.com", name: "Avery Admin", groups: ["switchyard-admins"], password: demoPassword },
  { sub: "dev-finance", email: "finance@example.com", name: "Frankie Finance", groups: ["switchyard-finance"], password: demoPassword },
  { sub: "dev-lead", email: "lead@example.com", name: "Lee Lead", groups: ["research-leads"], password: demoPassword },
  { sub: "dev-member", email: "member@example.com", name: "Morgan Member", groups: ["research"], password: demoPassword },
];

export function findAccountByEmail(accounts: readonly DevAccount[], email: string): DevAccount | undefined {
  const normalised = email.trim().toLowerCase();
  return accounts.find((account) => account.email.toLowerCase() === normalised);
}
