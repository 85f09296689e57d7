import { env } from "@/env";
import { signSessionAssertion } from "@/server/assertions";
import { clientAddress } from "@/server/control-plane";
import { getConsoleUser } from "@/server/session";
import { expireSessionCookies } from "@/server/session-cookies";

/**
 * Same-origin tRPC endpoint for the browser. It forwards to the control plane with a fresh
 * assertion for the session's user; no header the browser sent says who the caller is.
 */
type RouteContext = { params: Promise<{ trpc: string }> };

/** Procedure paths, single or batched ("teams.list,keys.list"); anything else is not ours to forward. */
const procedurePath = /^[A-Za-z0-9_.,-]+$/;
const forwardedRequestHeaders = ["content-type", "accept", "trpc-accept"];
const forwardedResponseHeaders = ["content-type", "cache-control", "vary"];

/** JSON-RPC numbers tRPC uses for these codes, so the client parses our own errors like the server's. */
const jsonRpcCodes = { UNAUTHORIZED: -32001, NOT_FOUND: -32004, BAD_GATEWAY: -32603 } as const;

function trpcError(status: number, code: keyof typeof jsonRpcCodes, message: string): Response {
  return Response.json({ error: { message, code: jsonRpcCodes[code], data: { code, httpStatus: status } } }, { status });
}

async function forward(request: Request, context: RouteContext): Promise<Response> {
  const user = await getConsoleUser();
  if (!user) return trpcError(401, "UNAUTHORIZED", "Your session has ended. Sign in again.");
  const { trpc: path } = await context.params;
  if (!procedurePath.test(path)) return trpcError(404, "NOT_FOUND", "Unknown procedure.");

  const target = new URL(`${env().CONTROL_PLANE_URL}/trpc/${path}`);
  target.search = new URL(request.url).search;
  const headers = new Headers();
  for (const name of forwardedRequestHeaders) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set("authorization", `Bearer ${await signSessionAssertion({ userId: user.id, email: user.email, ip: await clientAddress() })}`);

  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
      cache: "no-store",
      signal: request.signal,
    });
  } catch {
    return trpcError(502, "BAD_GATEWAY", "The Switchyard control plane is unreachable.");
  }
  const responseHeaders = new Headers();
  for (const name of forwardedResponseHeaders) {
    const value = upstream.headers.get(name);
    if (value) responseHeaders.set(name, value);
  }
  // The control plane no longer accepts this user (deactivated, deleted): end the console session
  // too, so the next sign-in asks the control plane again and shows its reason.
  if (upstream.status === 401) expireSessionCookies(request, responseHeaders);
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

export { forward as GET, forward as POST };
