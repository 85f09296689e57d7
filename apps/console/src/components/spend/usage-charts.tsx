"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisCount, axisTick, ChartTooltip, legendText } from "@/components/charts/chart-tooltip";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { measureColours } from "@/lib/chart-colors";
import { formatInteger } from "@/lib/format";
import { type Bucket, bucketTick, bucketTitle } from "@/lib/spend-range";
import type { UsageRow } from "@/lib/spend-series";

interface Measure {
  key: string;
  label: string;
  colour: string;
  value: (row: UsageRow) => number;
}

function UsageChart({
  rows,
  bucket,
  measures,
  testId,
}: {
  rows: readonly UsageRow[];
  bucket: Bucket;
  measures: Measure[];
  testId: string;
}) {
  const data = rows.map((row) => ({
    bucketStart: row.bucketStart,
    ...Object.fromEntries(measures.map((measure) => [measure.key, measure.value(row)])),
  }));
  return (
    <figure className="h-56 w-full" data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={data.length > 60 ? 0 : "15%"}>
          <CartesianGrid vertical={false} stroke="#f4f4f5" />
          <XAxis
            dataKey="bucketStart"
            tickFormatter={(value: string) => bucketTick(value, bucket)}
            tick={axisTick}
            tickLine={false}
            axisLine={{ stroke: "#e4e4e7" }}
            minTickGap={16}
          />
          <YAxis tickFormatter={axisCount} tick={axisTick} tickLine={false} axisLine={false} width={48} allowDecimals={false} />
          <Tooltip
            cursor={{ fill: "#f4f4f5" }}
            content={({ active, payload, label }) => {
              const values = (payload ?? []).map((entry) => (typeof entry.value === "number" ? entry.value : 0));
              return (
                <ChartTooltip
                  active={active}
                  payload={payload}
                  title={bucketTitle(String(label ?? ""), bucket)}
                  format={formatInteger}
                  total={{ label: "Total", value: values.reduce((sum, value) => sum + value, 0) }}
                />
              );
            }}
          />
          <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} formatter={legendText} />
          {measures.map((measure) => (
            <Bar
              key={measure.key}
              dataKey={measure.key}
              name={measure.label}
              stackId="usage"
              fill={measure.colour}
              isAnimationActive={false}
              maxBarSize={48}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

const requestMeasures: Measure[] = [
  { key: "succeeded", label: "Succeeded", colour: measureColours.primary, value: (row) => row.requests - row.errors },
  { key: "failed", label: "Failed", colour: measureColours.danger, value: (row) => row.errors },
];

const tokenMeasures: Measure[] = [
  { key: "prompt", label: "Input tokens", colour: measureColours.primary, value: (row) => row.promptTokens },
  { key: "completion", label: "Output tokens", colour: measureColours.secondary, value: (row) => row.completionTokens },
];

/** Requests (with failures) and tokens (input and output) per bucket, side by side on wide screens. */
export function UsageCharts({ rows, bucket }: { rows: readonly UsageRow[]; bucket: Bucket }) {
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
      <Card>
        <CardHeader title="Requests" description={`Per ${bucket}, failed requests in red.`} />
        <CardBody>
          <UsageChart rows={rows} bucket={bucket} measures={requestMeasures} testId="requests-chart" />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Tokens" description={`Per ${bucket}, input and output.`} />
        <CardBody>
          <UsageChart rows={rows} bucket={bucket} measures={tokenMeasures} testId="tokens-chart" />
        </CardBody>
      </Card>
    </div>
  );
}
