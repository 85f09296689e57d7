"use client";

import { useId } from "react";

/**
 * A small set of mutually exclusive choices shown side by side (chart grouping, bucket size).
 * Native radio inputs underneath, so Tab reaches the group and the arrow keys move the choice.
 */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
  hideLabel = false,
}: {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string; disabled?: boolean; title?: string }>;
  onChange: (value: T) => void;
  hideLabel?: boolean;
}) {
  const name = useId();
  const labelId = `${name}-label`;
  return (
    <div role="radiogroup" aria-labelledby={labelId} className="flex min-w-0 items-center gap-2">
      <span id={labelId} className={hideLabel ? "sr-only" : "text-sm text-zinc-600"}>
        {label}
      </span>
      <div className="inline-flex rounded-md border border-zinc-300 bg-zinc-50 p-0.5">
        {options.map((option) => (
          <label
            key={option.value}
            title={option.title}
            className={`relative cursor-pointer rounded px-2.5 py-1 text-xs font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-zinc-900 ${
              option.value === value ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200" : "text-zinc-600 hover:text-zinc-900"
            } ${option.disabled ? "cursor-not-allowed opacity-40" : ""}`}
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={option.value === value}
              disabled={option.disabled}
              onChange={() => onChange(option.value)}
              className="sr-only"
            />
            {option.label}
          </label>
        ))}
      </div>
    </div>
  );
}
