import type { NavIcon as NavIconName } from "@/lib/navigation";

/** Simple 20px stroke icons: shapes, not a dependency. */
const paths: Record<NavIconName, string> = {
  overview: "M3 3h6v8H3zM11 3h6v4h-6zM11 9h6v8h-6zM3 13h6v4H3z",
  teams: "M7 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM1.5 17c.5-3 2.8-5 5.5-5s5 2 5.5 5M14 9a2.5 2.5 0 1 0 0-5M15 12c2 .4 3.3 2.2 3.6 5",
  keys: "M12.5 7.5a3.5 3.5 0 1 1-1 2.45L3 18v-3h2v-2h2l1.55-1.55M14 6.5h.01",
  spend: "M3 17V9M8 17V5M13 17v-6M18 17V3",
  models: "M4 5h12M4 10h12M4 15h12M7 3v4M13 8v4M9 13v4",
  guardrails: "M10 2l7 3v5c0 4-3 7-7 8-4-1-7-4-7-8V5zM7 10l2 2 4-4",
  versions: "M6 3v10M6 13a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM14 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM14 7c0 4-8 3-8 6",
  audit: "M5 2h7l4 4v12H5zM12 2v4h4M8 10h5M8 13h5M8 16h3",
  users: "M10 10a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM3 18c.7-3.5 3.5-6 7-6s6.3 2.5 7 6",
};

export function NavIcon({ name, className = "" }: { name: NavIconName; className?: string }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      className={`size-4 shrink-0 ${className}`}
    >
      <path d={paths[name]} />
    </svg>
  );
}
