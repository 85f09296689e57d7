"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type Bucket, bucketTick, bucketTitle } from "@/lib/spend-range";
import type { ChartRow } from "@/lib/spend-series";
import { axisTick, ChartTooltip, legendText } from "./chart-tooltip";

export interface BarSeries {
  key: string;
  label: string;
  colour: string;
}

/**
 * Bars per time bucket, the series stacked, with the tooltip's total: the Spend page's cost chart
 * and its request and token charts differ only in the series, the value format and the y axis.
 * Rows carry `bucketStart` and one number per series key. The caller wraps it in a sized figure.
 */
export function StackedBucketChart({
  rows,
  bucket,
  series,
  stackId,
  format,
  yAxis,
}: {
  rows: readonly ChartRow[];
  bucket: Bucket;
  series: readonly BarSeries[];
  stackId: string;
  format: (value: number) => string;
  yAxis: { tickFormatter: (value: number) => string; width: number; allowDecimals: boolean; marginLeft: number };
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: yAxis.marginLeft }} barCategoryGap={rows.length > 60 ? 0 : "15%"}>
        <CartesianGrid vertical={false} stroke="#f4f4f5" />
        <XAxis
          dataKey="bucketStart"
          tickFormatter={(value: string) => bucketTick(value, bucket)}
          tick={axisTick}
          tickLine={false}
          axisLine={{ stroke: "#e4e4e7" }}
          minTickGap={16}
        />
        <YAxis
          tickFormatter={yAxis.tickFormatter}
          tick={axisTick}
          tickLine={false}
          axisLine={false}
          width={yAxis.width}
          allowDecimals={yAxis.allowDecimals}
        />
        <Tooltip
          cursor={{ fill: "#f4f4f5" }}
          content={({ active, payload, label }) => {
            const values = (payload ?? []).map((entry) => (typeof entry.value === "number" ? entry.value : 0));
            return (
              <ChartTooltip
                active={active}
                payload={payload}
                title={bucketTitle(String(label ?? ""), bucket)}
                format={format}
                total={{ label: "Total", value: values.reduce((sum, value) => sum + value, 0) }}
              />
            );
          }}
        />
        <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} formatter={legendText} />
        {series.map((item) => (
          <Bar
            key={item.key}
            dataKey={item.key}
            name={item.label}
            stackId={stackId}
            fill={item.colour}
            isAnimationActive={false}
            maxBarSize={48}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
