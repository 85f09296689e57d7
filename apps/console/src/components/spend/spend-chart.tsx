"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisTick, axisUsd, ChartTooltip, legendText } from "@/components/charts/chart-tooltip";
import { otherColour, seriesColour } from "@/lib/chart-colors";
import { formatSpend } from "@/lib/format";
import { type Bucket, bucketTick, bucketTitle } from "@/lib/spend-range";
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
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} barCategoryGap={rows.length > 60 ? 0 : "15%"}>
          <CartesianGrid vertical={false} stroke="#f4f4f5" />
          <XAxis
            dataKey="bucketStart"
            tickFormatter={(value: string) => bucketTick(value, bucket)}
            tick={axisTick}
            tickLine={false}
            axisLine={{ stroke: "#e4e4e7" }}
            minTickGap={16}
          />
          <YAxis tickFormatter={axisUsd} tick={axisTick} tickLine={false} axisLine={false} width={64} allowDecimals />
          <Tooltip
            cursor={{ fill: "#f4f4f5" }}
            content={({ active, payload, label }) => {
              const values = (payload ?? []).map((entry) => (typeof entry.value === "number" ? entry.value : 0));
              return (
                <ChartTooltip
                  active={active}
                  payload={payload}
                  title={bucketTitle(String(label ?? ""), bucket)}
                  format={formatSpend}
                  total={{ label: "Total", value: values.reduce((sum, value) => sum + value, 0) }}
                />
              );
            }}
          />
          <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} formatter={legendText} />
          {series.map((item, index) => (
            <Bar
              key={item.key}
              dataKey={item.key}
              name={item.label}
              stackId="cost"
              fill={colourOf(item.key, index)}
              isAnimationActive={false}
              maxBarSize={48}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
