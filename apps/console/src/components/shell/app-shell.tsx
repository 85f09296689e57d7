"use client";

import { type ReactNode, useEffect, useState } from "react";
import { Brand } from "@/components/brand";
import type { NavSection } from "@/lib/navigation";
import { SidebarNav } from "./sidebar-nav";

/**
 * Sidebar on wide screens; below `lg` the same navigation opens as a drawer from the header,
 * so the console stays usable in a narrow window.
 */
export function AppShell({ sections, header, children }: { sections: NavSection[]; header: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", closeOnEscape);
    return () => window.removeEventListener("keydown", closeOnEscape);
  }, [open]);
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-3 focus:top-3 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="hidden border-r border-zinc-200 bg-white lg:flex lg:flex-col">
        <div className="flex h-14 items-center border-b border-zinc-100 px-5">
          <Brand />
        </div>
        <div className="flex-1 overflow-y-auto px-2 py-5">
          <SidebarNav sections={sections} />
        </div>
      </aside>

      {open ? (
        <div className="fixed inset-0 z-40 lg:hidden">
          <button type="button" aria-label="Close navigation" className="absolute inset-0 bg-zinc-900/30" onClick={() => setOpen(false)} />
          <div className="absolute inset-y-0 left-0 flex w-64 flex-col bg-white shadow-xl">
            <div className="flex h-14 items-center justify-between border-b border-zinc-100 px-5">
              <Brand />
              <button
                type="button"
                className="rounded p-1 text-zinc-500 hover:bg-zinc-100"
                aria-label="Close navigation"
                onClick={() => setOpen(false)}
              >
                <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.5">
                  <path d="M5 5l10 10M15 5L5 15" />
                </svg>
              </button>
            </div>
            <div className="flex-1 overflow-y-auto px-2 py-5">
              <SidebarNav sections={sections} onNavigate={() => setOpen(false)} />
            </div>
          </div>
        </div>
      ) : null}

      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur sm:px-6">
          <button
            type="button"
            className="rounded p-1.5 text-zinc-600 hover:bg-zinc-100 lg:hidden"
            aria-label="Open navigation"
            aria-expanded={open}
            onClick={() => setOpen(true)}
          >
            <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.5">
              <path d="M3 6h14M3 10h14M3 14h14" />
            </svg>
          </button>
          <div className="lg:hidden">
            <Brand />
          </div>
          <div className="ml-auto">{header}</div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
      </div>
    </div>
  );
}
