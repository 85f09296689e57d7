import { formatDuration, formatInteger, formatPercent, formatSpend } from "@/lib/format";
import { exactUsd, type SpendTotals as Totals } from "@/lib/spend-series";

function Metric({
  label,
  value,
  hint,
  testId,
  exact,
}: {
  label: string;
  value: string;
  hint?: React.ReactNode;
  testId: string;
  exact?: string;
}) {
  return (
    <div className="min-w-0 rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd
        className="mt-1 truncate text-2xl font-semibold tabular-nums tracking-tight text-zinc-900"
        data-testid={testId}
        data-exact={exact}
      >
        {value}
      </dd>
      {hint ? <div className="mt-0.5 truncate text-xs text-zinc-500">{hint}</div> : null}
    </div>
  );
}

/** The range's totals. Spend is the exact sum of the control plane's decimal sums, every digit shown. */
export function SpendTotals({ totals }: { totals: Totals }) {
  const tokens = totals.promptTokens + totals.completionTokens;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="spend-totals">
      <Metric
        label="Spend"
        value={formatSpend(Number(totals.costUsdDecimal))}
        exact={totals.costUsdDecimal}
        testId="total-spend"
        hint={
          <>
            exactly <span data-testid="total-spend-exact">{exactUsd(totals.costUsdDecimal)}</span>
          </>
        }
      />
      <Metric
        label="Requests"
        value={formatInteger(totals.requests)}
        exact={String(totals.requests)}
        testId="total-requests"
        hint={
          totals.requests > 0
            ? `${formatInteger(totals.errors)} failed (${formatPercent(totals.errors / totals.requests)}) · ${formatInteger(totals.cacheHits)} cached`
            : "none in this range"
        }
      />
      <Metric
        label="Tokens"
        value={formatInteger(tokens)}
        exact={String(tokens)}
        testId="total-tokens"
        hint={`${formatInteger(totals.promptTokens)} in · ${formatInteger(totals.completionTokens)} out`}
      />
      <Metric
        label="Avg latency"
        value={totals.avgLatencyMs === null ? "—" : formatDuration(totals.avgLatencyMs)}
        testId="total-latency"
        hint="mean per request, end to end"
      />
    </dl>
  );
}
