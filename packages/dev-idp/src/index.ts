import { createServer } from "node:http";
import { type DevAccount, demoAccounts } from "./accounts";
import { createInteractionHandler } from "./interactions";
import { createProvider, type DevClient } from "./provider";

export { type DevAccount, demoAccounts, demoPassword } from "./accounts";
export type { DevClient } from "./provider";

export interface DevIdpOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Defaults to `http://{host}:{port}`; relying parties must use exactly this string. */
  issuer?: string;
  clients: DevClient[];
  accounts?: readonly DevAccount[];
}

export interface DevIdp {
  issuer: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a real OpenID Connect provider on loopback for development, demos and end-to-end tests. */
export async function startDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const host = options.host ?? "127.0.0.1";
  const accounts = options.accounts ?? demoAccounts;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("dev IdP is not listening on a TCP port");
  const { port } = address;
  const issuer = options.issuer ?? `http://${host}:${port}`;

  const provider = createProvider(issuer, options.clients, accounts);
  const handleInteraction = createInteractionHandler(provider, options.clients, accounts);
  const handleProtocol = provider.callback();
  server.on("request", (request, response) => {
    handleInteraction(request, response).then(
      (handled) => {
        if (!handled) handleProtocol(request, response);
      },
      () => {
        response.statusCode = 500;
        response.end();
      },
    );
  });

  return {
    issuer,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
