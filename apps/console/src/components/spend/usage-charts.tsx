"use client";

import { axisCount } from "@/components/charts/chart-tooltip";
import { type BarSeries, StackedBucketChart } from "@/components/charts/stacked-bucket-chart";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { measureColours } from "@/lib/chart-colors";
import { formatInteger } from "@/lib/format";
import type { Bucket } from "@/lib/spend-range";
import type { UsageRow } from "@/lib/spend-series";

interface Measure extends BarSeries {
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
      <StackedBucketChart
        rows={data}
        bucket={bucket}
        series={measures}
        stackId="usage"
        format={formatInteger}
        yAxis={{ tickFormatter: axisCount, width: 48, allowDecimals: false, marginLeft: 0 }}
      />
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
