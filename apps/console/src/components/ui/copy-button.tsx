"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button, type ButtonProps } from "./button";

/** Copies text to the clipboard and says so; falls back to a hint when the browser refuses (no permission, http). */
export function CopyButton({
  text,
  label = "Copy",
  variant = "secondary",
  size = "sm",
}: { text: string; label?: string } & Pick<ButtonProps, "variant" | "size">) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant={variant}
      size={size}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        } catch {
          toast.error("The browser did not allow copying. Select the text and copy it yourself.");
        }
      }}
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
        {copied ? <path d="M4 10l4 4 8-8" /> : <path d="M7 7V4h9v9h-3M4 7h9v9H4z" />}
      </svg>
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </Button>
  );
}
