import type { AppRouter } from "@switchyard/control-plane/router";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { headers } from "next/headers";
import { env } from "@/env";
import { type SessionIdentity, signSessionAssertion } from "./assertions";

/**
 * The browser's address for the control plane's audit log: the first `x-forwarded-for` hop
 * (Next.js sets it from the socket when no proxy did). Audit information, never identity.
 */
export async function clientAddress(): Promise<string | undefined> {
  const forwarded = (await headers()).get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || undefined;
}

/** A typed tRPC client for server components, calling the control plane as the signed-in user. */
export function controlPlaneClient(identity: SessionIdentity) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${env().CONTROL_PLANE_URL}/trpc`,
        // A fresh assertion per request: each one lives only 60 seconds.
        headers: async () => ({ authorization: `Bearer ${await signSessionAssertion(identity)}` }),
      }),
    ],
  });
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.httpStatus === 401;
}
