"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isActive, type NavSection } from "@/lib/navigation";
import { NavIcon } from "./nav-icon";

export function SidebarNav({ sections, onNavigate }: { sections: NavSection[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-6">
      {sections.map((section) => (
        <div key={section.label}>
          <p className="px-3 pb-1.5 text-xs font-medium uppercase tracking-wide text-zinc-400">{section.label}</p>
          <ul className="flex flex-col gap-0.5">
            {section.items.map((item) => {
              const active = isActive(pathname, item.href);
              if (!item.available) {
                return (
                  <li key={item.href} data-nav-item={item.label}>
                    <span
                      aria-disabled="true"
                      title="This page is not available yet"
                      className="flex h-8 items-center gap-2.5 rounded-md px-3 text-zinc-400"
                    >
                      <NavIcon name={item.icon} />
                      <span className="flex-1">{item.label}</span>
                      <span className="rounded bg-zinc-100 px-1.5 py-px text-[10px] font-medium uppercase tracking-wide text-zinc-400">
                        Soon
                      </span>
                    </span>
                  </li>
                );
              }
              return (
                <li key={item.href} data-nav-item={item.label}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={active ? "page" : undefined}
                    className={`flex h-8 items-center gap-2.5 rounded-md px-3 font-medium transition-colors ${
                      active ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
                    }`}
                  >
                    <NavIcon name={item.icon} />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
