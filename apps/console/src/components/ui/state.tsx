import type { ReactNode } from "react";

/** Shown instead of numbers we do not have: an empty or failed state, never a made-up value. */
export function EmptyState({ title, children, tone = "neutral" }: { title: string; children?: ReactNode; tone?: "neutral" | "error" }) {
  const colours = tone === "error" ? "border-red-200 bg-red-50/50 text-red-800" : "border-zinc-200 bg-zinc-50/60 text-zinc-600";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border border-dashed px-4 py-6 text-center ${colours}`}>
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1 text-sm opacity-90">{children}</div> : null}
    </div>
  );
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded bg-zinc-100 ${className}`} />;
}
