"use client";

import { axisUsd } from "@/components/charts/chart-tooltip";
import { StackedBucketChart } from "@/components/charts/stacked-bucket-chart";
import { otherColour, seriesColour } from "@/lib/chart-colors";
import { formatSpend } from "@/lib/format";
import type { Bucket } from "@/lib/spend-range";
import { otherKey, type SpendPoint, stackSeries } from "@/lib/spend-series";

/** Spend per bucket, stacked by team, model or provider; every bucket of the range on the axis. */
export function SpendChart({ points, starts, bucket }: { points: readonly SpendPoint[]; starts: readonly string[]; bucket: Bucket }) {
  const { series, rows } = stackSeries(points, starts, (point) => point.costUsd);
  const colourOf = (key: string, index: number) => (key === otherKey ? otherColour : seriesColour(index));
  const summary = series.map((item) => `${item.label} ${formatSpend(item.total)}`).join(", ");
  return (
    <figure className="h-80 w-full" data-testid="spend-chart" data-series={series.map((item) => item.label).join("|")}>
      <figcaption className="sr-only">
        Spend per {bucket} by group: {summary || "no spend in this range"}.
      </figcaption>
      <StackedBucketChart
        rows={rows}
        bucket={bucket}
        series={series.map((item, index) => ({ key: item.key, label: item.label, colour: colourOf(item.key, index) }))}
        stackId="cost"
        format={formatSpend}
        yAxis={{ tickFormatter: axisUsd, width: 64, allowDecimals: true, marginLeft: 8 }}
      />
    </figure>
  );
}
