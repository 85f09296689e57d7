import type { FastifyInstance } from "fastify";
import { bearerToken, verifySsoAssertion } from "../auth/assertion";
import type { Deps } from "../context";
import { sendError } from "../http-errors";
import { resolveOrganizationId } from "../services/organization/resolve-organization";
import { ssoLogin } from "../services/users/sso-login";

/** POST /internal/sso-login: only the console, holding SWITCHYARD_CONSOLE_SECRET, can vouch for an SSO identity. */
export function registerSsoLoginRoute(app: FastifyInstance, deps: Deps): void {
  app.post("/internal/sso-login", async (request, reply) => {
    const secret = deps.env.SWITCHYARD_CONSOLE_SECRET;
    if (!secret) return sendError(reply, 503, "sso_disabled", "SWITCHYARD_CONSOLE_SECRET is not configured on the control plane");
    const token = bearerToken(request.headers.authorization);
    const claims = token ? await verifySsoAssertion(token, secret) : undefined;
    if (!claims) return sendError(reply, 401, "invalid_assertion", "missing, expired or invalid sign-in assertion");
    const organizationId = await resolveOrganizationId(deps.prisma, deps.env);
    return ssoLogin(deps.prisma, organizationId, claims, request.ip);
  });
}
