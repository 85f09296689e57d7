"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/lib/use-hydrated";

export function SignInButton({ providerName, callbackUrl }: { providerName: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  return (
    <Button
      size="lg"
      className="w-full"
      disabled={pending || !hydrated}
      onClick={() => {
        setPending(true);
        void signIn("oidc", { callbackUrl });
      }}
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
        <path d="M10 2l7 3v5c0 4-3 7-7 8-4-1-7-4-7-8V5z" />
      </svg>
      {pending ? "Redirecting…" : `Sign in with ${providerName}`}
    </Button>
  );
}
