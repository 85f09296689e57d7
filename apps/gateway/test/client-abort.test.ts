import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness } from "./helpers";

let harness: Harness;

beforeAll(async () => {
  // Slow streams: 40 ms between chunks, so a stream is still running when the client leaves.
  harness = await startHarness({ upstream: { chunkDelayMs: 40 } });
});
afterAll(async () => {
  await harness.close();
});

describe("client disconnect", () => {
  it("aborts the upstream stream when the client stops reading", async () => {
    const controller = new AbortController();
    const stream = await harness.client.chat.completions.create(
      {
        model: "demo-fast",
        stream: true,
        messages: [{ role: "user", content: "a fairly long prompt to get many words back from the model" }],
      },
      { signal: controller.signal },
    );
    let received = 0;
    try {
      for await (const _chunk of stream) {
        received++;
        if (received === 2) controller.abort();
      }
    } catch {
      // Depending on timing the SDK ends the iteration or throws an abort error; both mean "gone".
    }
    expect(received).toBeLessThan(5);
    const upstreamRequest = harness.upstream.requests.at(-1);
    await vi.waitFor(() => expect(upstreamRequest?.aborted).toBe(true), { timeout: 2_000 });
  });

  it("aborts a pending non-streaming upstream call", async () => {
    harness.upstream.fail({ type: "latency", ms: 1_500 });
    const controller = new AbortController();
    const pending = harness.client.chat.completions.create(
      { model: "demo-fast", messages: [{ role: "user", content: "slow" }] },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(harness.upstream.requests.length).toBeGreaterThan(0));
    controller.abort();
    await expect(pending).rejects.toThrow();
    const upstreamRequest = harness.upstream.requests.at(-1);
    await vi.waitFor(() => expect(upstreamRequest?.aborted).toBe(true), { timeout: 1_000 });
  });
});
