/** The Switchyard mark: one track splitting in two, as requests split across deployments. */
export function BrandMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 28 28" className={className}>
      <rect width="28" height="28" rx="7" className="fill-zinc-900" />
      <path d="M5 14h6l5-5h7M11 14l5 5h7" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Brand() {
  return (
    <span className="flex items-center gap-2.5">
      <BrandMark />
      <span className="text-[15px] font-semibold tracking-tight text-zinc-900">Switchyard</span>
    </span>
  );
}
