import { env } from "@/env";
import { signSessionAssertion } from "@/server/assertions";
import { clientAddress } from "@/server/control-plane";
import { getConsoleUser } from "@/server/session";
import { expireSessionCookies } from "@/server/session-cookies";

/**
 * Same-origin CSV download for `<a href download>`: the browser cannot attach the control
 * plane's Bearer assertion itself, so this forwards the query string verbatim to
 * `GET {CONTROL_PLANE_URL}/export/spend.csv` as the signed-in user and streams the file back.
 * Permissions, reach and rows are the control plane's; nothing here decides what a user may see.
 */
const forwardedResponseHeaders = ["content-type", "content-disposition", "cache-control"];

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { message, type: "invalid_request_error", param: null, code } }, { status });
}

export async function GET(request: Request): Promise<Response> {
  const user = await getConsoleUser();
  if (!user) return errorResponse(401, "unauthorized", "Your session has ended. Sign in again.");
  const target = new URL(`${env().CONTROL_PLANE_URL}/export/spend.csv`);
  target.search = new URL(request.url).search;
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      headers: {
        accept: "text/csv, application/json",
        authorization: `Bearer ${await signSessionAssertion({ userId: user.id, email: user.email, ip: await clientAddress() })}`,
      },
      cache: "no-store",
      signal: request.signal,
    });
  } catch {
    return errorResponse(502, "bad_gateway", "The Switchyard control plane is unreachable.");
  }
  const headers = new Headers();
  for (const name of forwardedResponseHeaders) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  // The control plane no longer accepts this user: end the console session too (as /api/trpc does).
  if (upstream.status === 401) expireSessionCookies(request, headers);
  return new Response(upstream.body, { status: upstream.status, headers });
}
