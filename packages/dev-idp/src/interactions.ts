import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { type DevAccount, findAccountByEmail } from "./accounts";
import { escapeHtml, renderLoginPage } from "./login-page";
import type { DevClient } from "./provider";

const maxFormBytes = 16 * 1024;

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxFormBytes) throw new Error("form too large");
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  response.end(html);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The IdP's own pages: a login form for the `login` prompt and automatic consent, since every
 * client of the dev IdP is a first-party Switchyard console.
 */
export function createInteractionHandler(provider: Provider, clients: readonly DevClient[], accounts: readonly DevAccount[]) {
  function clientName(clientId: unknown): string {
    const client = clients.find((candidate) => candidate.client_id === clientId);
    return client?.client_name ?? "Switchyard";
  }

  async function grantConsent(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const interaction = await provider.interactionDetails(request, response);
    const accountId = interaction.session?.accountId;
    if (!accountId) throw new Error("consent requested without a signed-in account");
    const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
    const { details } = interaction.prompt;
    const missingScopes = stringList(details.missingOIDCScope);
    if (missingScopes.length > 0) grant.addOIDCScope(missingScopes.join(" "));
    const missingClaims = stringList(details.missingOIDCClaims);
    if (missingClaims.length > 0) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
  }

  async function showPrompt(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const interaction = await provider.interactionDetails(request, response);
    if (interaction.prompt.name === "consent") return grantConsent(request, response);
    sendHtml(response, 200, renderLoginPage({ uid: interaction.uid, clientName: clientName(interaction.params.client_id), accounts }));
  }

  async function submitLogin(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const interaction = await provider.interactionDetails(request, response);
    const form = await readForm(request);
    const email = form.get("email") ?? "";
    const account = findAccountByEmail(accounts, email);
    if (!account || account.password !== form.get("password")) {
      const page = renderLoginPage({
        uid: interaction.uid,
        clientName: clientName(interaction.params.client_id),
        accounts,
        email,
        error: "Incorrect email or password.",
      });
      return sendHtml(response, 401, page);
    }
    await provider.interactionFinished(request, response, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  }

  async function abort(request: IncomingMessage, response: ServerResponse): Promise<void> {
    await provider.interactionFinished(
      request,
      response,
      { error: "access_denied", error_description: "The user cancelled the sign-in." },
      { mergeWithLastSubmission: false },
    );
  }

  /** Returns false when the request is not an interaction route, so the provider handles it. */
  return async function handleInteraction(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? "/", "http://idp.invalid");
    const match = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(url.pathname);
    if (!match) return false;
    const action = match[2];
    try {
      if (request.method === "GET" && action === undefined) await showPrompt(request, response);
      else if (request.method === "POST" && action === "login") await submitLogin(request, response);
      else if (request.method === "GET" && action === "abort") await abort(request, response);
      else sendHtml(response, 405, "<p>Method not allowed.</p>");
    } catch (error) {
      // Most often an expired or foreign interaction cookie: restarting the sign-in fixes it.
      const message = error instanceof Error ? error.message : "unknown error";
      sendHtml(
        response,
        400,
        `<p>This sign-in request is no longer valid (${escapeHtml(message)}). Go back to the application and sign in again.</p>`,
      );
    }
    return true;
  };
}
