"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { useHydrated } from "@/lib/use-hydrated";

export function SignOutButton({
  variant = "secondary",
  size = "sm",
  label = "Sign out",
}: Pick<ButtonProps, "variant" | "size"> & { label?: string }) {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  return (
    <Button
      variant={variant}
      size={size}
      disabled={pending || !hydrated}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/signin" });
      }}
    >
      {pending ? "Signing out…" : label}
    </Button>
  );
}
