import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FastCounter, FastGauge, FastHistogram } from "../src/observability/fast-series";

/** The hot-path series render exactly what prom-client's own metrics render for the same updates. */

const buckets = [0.001, 0.01, 0.1, 1];
const observations: Array<[string, string, number]> = [
  ["/v1/chat/completions", "fast", 0.0005],
  ["/v1/chat/completions", "fast", 0.01],
  ["/v1/chat/completions", "fast", 0.5],
  ["/v1/chat/completions", "smart", 3],
  ["/v1/embeddings", "embed", 0.002],
];

describe("fast series", () => {
  it("match prom-client's text for counters, gauges and histograms", async () => {
    const fastRegistry = new Registry();
    const fastHistogram = new FastHistogram("t_latency_seconds", "latency", ["route", "model"], buckets, fastRegistry);
    const fastCounter = new FastCounter("t_requests_total", "requests", ["route", "model"], fastRegistry);
    const fastGauge = new FastGauge("t_in_flight", "in flight", ["route"], fastRegistry);

    const reference = new Registry();
    const histogram = new Histogram({
      name: "t_latency_seconds",
      help: "latency",
      labelNames: ["route", "model"],
      buckets,
      registers: [reference],
    });
    const counter = new Counter({ name: "t_requests_total", help: "requests", labelNames: ["route", "model"], registers: [reference] });
    const gauge = new Gauge({ name: "t_in_flight", help: "in flight", labelNames: ["route"], registers: [reference] });

    for (const [route, model, seconds] of observations) {
      fastHistogram.observe([route, model], seconds);
      histogram.observe({ route, model }, seconds);
      fastCounter.inc([route, model], 2);
      counter.inc({ route, model }, 2);
      fastGauge.add([route], 1);
      gauge.inc({ route });
    }
    fastGauge.add(["/v1/embeddings"], -1);
    gauge.dec({ route: "/v1/embeddings" });

    expect(await fastRegistry.metrics()).toBe(await reference.metrics());
    expect(await fastRegistry.metrics()).toContain('t_latency_seconds_bucket{le="0.01",route="/v1/chat/completions",model="fast"} 2');
  });
});
