import { demoAccounts, startDevIdp } from "./index";

/**
 * `pnpm --filter @switchyard/dev-idp start`: the bundled identity provider that `pnpm start`
 * runs so the console can sign in with no external IdP.
 */
function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`IDP_PORT must be a TCP port, got "${value}"`);
  return port;
}

const port = readPort(process.env.IDP_PORT, 4400);
const host = process.env.IDP_HOST || "127.0.0.1";
const consoleUrl = (process.env.CONSOLE_URL || "http://localhost:3000").replace(/\/+$/, "");
const clientId = process.env.OIDC_CLIENT_ID || "switchyard-console";
const clientSecret = process.env.OIDC_CLIENT_SECRET || "switchyard-dev-secret";

const idp = await startDevIdp({
  port,
  host,
  issuer: process.env.OIDC_ISSUER || undefined,
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      client_name: "Switchyard console",
      redirect_uris: [`${consoleUrl}/api/auth/callback/oidc`],
      post_logout_redirect_uris: [`${consoleUrl}/signin`],
    },
  ],
});

console.log(`dev IdP: ${idp.issuer} (client ${clientId}, redirect ${consoleUrl}/api/auth/callback/oidc)`);
console.log(`  accounts: ${demoAccounts.map((account) => account.email).join(", ")} / password switchyard`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    idp.close().finally(() => process.exit(0));
  });
}
