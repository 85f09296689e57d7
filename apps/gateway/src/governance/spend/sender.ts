import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyBaseLogger as Logger } from "fastify";
import { request } from "undici";
import type { SpendSpool } from "./spool";

export interface SenderOptions {
  url: string;
  token: string;
  logger: Logger;
  /** How often an idle spool seals and sends what it has. */
  intervalMs: number;
  maxBackoffMs: number;
  onSent?: (events: number) => void;
  onFailure?: () => void;
}

/**
 * Drains sealed spool segments to `POST /dataplane/spend`, oldest first, one segment per request.
 * A segment is deleted only after a 2xx; network errors and 5xx back off (capped, with jitter) and
 * retry the same segment, so a control-plane or PostgreSQL outage only delays delivery. A 4xx means
 * the control plane will never take that batch: it is set aside in `rejected/`, not retried forever.
 */
export class SpendSender {
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  private lastError: string | undefined;
  private sending: Promise<boolean> | undefined;

  constructor(
    private readonly spool: SpendSpool,
    private readonly options: SenderOptions,
  ) {
    spool.onSealed(() => this.wake?.());
  }

  get health(): { failures: number; lastError: string | undefined } {
    return { failures: this.failures, lastError: this.lastError };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Seals and sends everything now (tests, shutdown); resolves when the spool is empty or a send failed. */
  async drain(): Promise<boolean> {
    await this.spool.seal();
    return this.sendSealed();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    this.wake?.();
    await this.loop?.catch(() => {});
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.intervalMs);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      if (signal.aborted) break;
      await this.spool.seal();
      const ok = await this.sendSealed();
      if (!ok) {
        const backoff = Math.min(this.options.maxBackoffMs, 250 * 2 ** Math.min(this.failures, 8));
        await sleep(backoff / 2 + Math.random() * (backoff / 2), undefined, { signal }).catch(() => {});
      }
    }
  }

  /** One pass at a time: the loop and drain() never post the same segment concurrently. */
  private async sendSealed(): Promise<boolean> {
    while (this.sending) await this.sending;
    this.sending = this.sendPass();
    try {
      return await this.sending;
    } finally {
      this.sending = undefined;
    }
  }

  private async sendPass(): Promise<boolean> {
    for (const segment of await this.spool.sealed()) {
      if (this.controller.signal.aborted) return false;
      const { lines, corrupt } = await this.spool.read(segment);
      if (corrupt > 0) this.options.logger.error({ segment: segment.name, corrupt }, "spend spool: skipped unreadable lines");
      if (lines.length === 0) {
        await this.spool.acknowledge(segment);
        continue;
      }
      const outcome = await this.post(lines);
      if (outcome === "retry") {
        this.failures++;
        this.options.onFailure?.();
        return false;
      }
      if (outcome === "rejected") {
        const target = await this.spool.quarantine(segment);
        this.options.logger.error({ segment: target, error: this.lastError }, "control plane rejected a spend batch; kept aside");
      } else {
        await this.spool.acknowledge(segment);
        this.options.onSent?.(lines.length);
      }
      if (this.failures > 0) this.options.logger.info({ afterFailures: this.failures }, "spend delivery resumed");
      this.failures = 0;
      this.lastError = undefined;
    }
    return true;
  }

  private async post(lines: string[]): Promise<"ok" | "retry" | "rejected"> {
    try {
      const response = await request(`${this.options.url.replace(/\/$/, "")}/dataplane/spend`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.options.token}`, "content-type": "application/json" },
        body: `{"events":[${lines.join(",")}]}`,
        signal: this.controller.signal,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = await response.body.text().catch(() => "");
      if (response.statusCode >= 200 && response.statusCode < 300) return "ok";
      this.lastError = `HTTP ${response.statusCode}: ${text.slice(0, 300)}`;
      // 408/429 and 5xx are the control plane's (or its database's) trouble, not the batch's.
      if (response.statusCode === 408 || response.statusCode === 429 || response.statusCode >= 500) {
        this.logFailure();
        return "retry";
      }
      // A token mismatch is configuration, not data: keep retrying so nothing is lost once it is fixed.
      if (response.statusCode === 401 || response.statusCode === 403) {
        this.logFailure();
        return "retry";
      }
      return "rejected";
    } catch (error) {
      this.lastError = (error as Error).message;
      this.logFailure();
      return "retry";
    }
  }

  private logFailure(): void {
    // First failure and then every tenth: an outage should not flood the log.
    if (this.failures % 10 === 0)
      this.options.logger.warn({ error: this.lastError, failures: this.failures + 1 }, "spend delivery failed; will retry");
  }
}
