"use client";

import { type ReactNode, useEffect, useId, useRef, useState } from "react";

export interface MenuItem {
  label: string;
  onSelect: () => void;
  tone?: "danger";
}

/**
 * A row's actions behind one button (WAI-ARIA menu button): Enter/Space/↓ open it on the first
 * item, ↑/↓ move, Escape or Tab close it and focus returns to the button.
 */
interface MenuPosition {
  top?: number;
  bottom?: number;
  right: number;
}

/**
 * Below the button, or above it near the bottom of the window so every item stays on screen;
 * null once the button has left the window (the menu would float over unrelated content).
 */
function positionFor(button: HTMLElement, itemCount: number): MenuPosition | null {
  const rect = button.getBoundingClientRect();
  if (rect.bottom < 0 || rect.top > window.innerHeight) return null;
  const right = window.innerWidth - rect.right;
  const height = itemCount * 32 + 8;
  return rect.bottom + 4 + height <= window.innerHeight
    ? { top: rect.bottom + 4, right }
    : { bottom: window.innerHeight - rect.top + 4, right };
}

export function Menu({ label, items, children }: { label: string; items: MenuItem[]; children?: ReactNode }) {
  const [open, setOpen] = useState(false);
  // Fixed to the viewport: tables scroll horizontally, and their overflow would clip an absolute menu.
  const [position, setPosition] = useState<MenuPosition>({ top: 0, right: 0 });
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const closeOnOutside = (event: PointerEvent) => {
      const target = event.target;
      if (target instanceof Node && !menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    // Follow the button when the page scrolls or resizes (focusing a button at the window's edge
    // scrolls it into view right as the menu opens); close once the button is off screen.
    const follow = () => {
      const next = buttonRef.current ? positionFor(buttonRef.current, items.length) : null;
      if (next) setPosition(next);
      else setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutside);
    window.addEventListener("resize", follow);
    window.addEventListener("scroll", follow, true);
    return () => {
      document.removeEventListener("pointerdown", closeOnOutside);
      window.removeEventListener("resize", follow);
      window.removeEventListener("scroll", follow, true);
    };
  }, [open, items.length]);
  const show = () => {
    const next = buttonRef.current ? positionFor(buttonRef.current, items.length) : null;
    if (next) setPosition(next);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const move = (step: number) => {
    const entries: Element[] = [...(menuRef.current?.querySelectorAll('[role="menuitem"]') ?? [])];
    const index = entries.indexOf(document.activeElement ?? document.body);
    const next = entries[(index + step + entries.length) % entries.length];
    if (next instanceof HTMLElement) next.focus();
  };
  return (
    <div className="inline-block text-left">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        className="inline-flex h-7 items-center gap-1 rounded-md border border-zinc-200 bg-white px-2 text-xs font-medium text-zinc-700 hover:bg-zinc-50"
        onClick={() => (open ? setOpen(false) : show())}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            show();
          }
        }}
      >
        {children ?? "Manage"}
        <svg aria-hidden viewBox="0 0 20 20" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M6 8l4 4 4-4" />
        </svg>
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          tabIndex={-1}
          style={{ top: position.top, bottom: position.bottom, right: position.right }}
          className="fixed z-20 min-w-36 rounded-md border border-zinc-200 bg-white py-1 text-left shadow-lg"
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              close(true);
            } else if (event.key === "ArrowDown") {
              event.preventDefault();
              move(1);
            } else if (event.key === "ArrowUp") {
              event.preventDefault();
              move(-1);
            } else if (event.key === "Tab") {
              close(false);
            }
          }}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              className={`block w-full px-3 py-1.5 text-left text-sm focus:bg-zinc-100 focus:outline-none ${
                item.tone === "danger" ? "text-red-700 hover:bg-red-50" : "text-zinc-800 hover:bg-zinc-50"
              }`}
              onClick={() => {
                // Focus goes back to the button first, so a dialog the item opens returns focus there when it closes.
                close(true);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
