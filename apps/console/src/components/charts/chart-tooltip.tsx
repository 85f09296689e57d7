"use client";

/** What recharts hands a custom tooltip; only the fields we read. */
export interface TooltipEntry {
  name?: unknown;
  value?: unknown;
  color?: string;
  dataKey?: unknown;
}

/**
 * The one tooltip every console chart uses: the bucket spelled out, each series with its colour
 * and value, largest first, and an optional total line.
 */
export function ChartTooltip({
  active,
  payload,
  title,
  format,
  total,
}: {
  active?: boolean;
  payload?: readonly TooltipEntry[];
  title: string;
  format: (value: number) => string;
  /** Shown under the series when more than one is listed. */
  total?: { label: string; value: number };
}) {
  if (!active || !payload || payload.length === 0) return null;
  const entries = payload
    .filter((entry) => typeof entry.value === "number")
    .map((entry) => ({ name: String(entry.name ?? ""), value: entry.value as number, color: entry.color }))
    .sort((a, b) => b.value - a.value);
  return (
    <div className="min-w-44 rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg">
      <p className="mb-1.5 font-medium text-zinc-900">{title}</p>
      <ul className="space-y-1">
        {entries.map((entry) => (
          <li key={entry.name} className="flex items-center justify-between gap-4">
            <span className="flex min-w-0 items-center gap-1.5 text-zinc-600">
              <span aria-hidden className="size-2 shrink-0 rounded-sm" style={{ backgroundColor: entry.color }} />
              <span className="truncate">{entry.name}</span>
            </span>
            <span className="tabular-nums text-zinc-900">{format(entry.value)}</span>
          </li>
        ))}
      </ul>
      {total && entries.length > 1 ? (
        <p className="mt-1.5 flex justify-between gap-4 border-t border-zinc-100 pt-1.5 font-medium">
          <span>{total.label}</span>
          <span className="tabular-nums">{format(total.value)}</span>
        </p>
      ) : null}
    </div>
  );
}

/** Axis ticks for money: short, and still meaningful for sub-cent amounts. */
export function axisUsd(value: number): string {
  if (value === 0) return "$0";
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `$${(value / 1_000_000).toFixed(1)}M`;
  if (abs >= 1_000) return `$${(value / 1_000).toFixed(1)}k`;
  if (abs >= 1) return `$${Number(value.toFixed(2))}`;
  return `$${Number(value.toPrecision(2))}`;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export function axisCount(value: number): string {
  return compact.format(value);
}

export const axisTick = { fontSize: 11, fill: "#71717a" } as const;

/** Legend text in the page's grey: recharts colours it like the series, which is unreadable for pale ones. */
export function legendText(value: unknown) {
  return <span className="text-zinc-600">{String(value)}</span>;
}
