"use client";

import type { AppRouter } from "@switchyard/control-plane/router";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { type ReactNode, useState } from "react";
import { Toaster, toast } from "sonner";
import { describeError } from "@/lib/errors";
import { TRPCProvider } from "@/lib/trpc";

/** Retrying a refusal or a validation error only repeats it; retry what might be transient. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const status: unknown = error.data?.httpStatus;
    if (typeof status === "number" && status < 500) return false;
  }
  return failureCount < 2;
}

/** The console's session expired (or the user was signed out elsewhere): start a fresh sign-in. */
function redirectWhenSignedOut(error: unknown): boolean {
  if (error instanceof TRPCClientError && error.data?.httpStatus === 401) {
    window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    return true;
  }
  return false;
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error) => void redirectWhenSignedOut(error) }),
    defaultOptions: { queries: { staleTime: 15_000, refetchOnWindowFocus: false, retry: shouldRetry } },
    // Mutations report failures as toasts that say what went wrong; forms add field errors themselves.
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (redirectWhenSignedOut(error)) return;
        const action = typeof mutation.meta?.action === "string" ? mutation.meta.action : undefined;
        toast.error(action ? `Could not ${action}` : "The change was not saved", { description: describeError(error) });
      },
    }),
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc" })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
      <Toaster position="bottom-right" richColors closeButton />
    </QueryClientProvider>
  );
}
