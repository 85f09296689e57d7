/** The Switchyard mark: two tracks meeting at a switch. */
export function BrandMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 28 28" className={className}>
      <rect width="28" height="28" rx="7" className="fill-zinc-900" />
      <path d="M6 18.5h16M6 18.5c7 0 9-9 16-9" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" />
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
