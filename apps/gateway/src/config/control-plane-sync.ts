import { setTimeout as sleep } from "node:timers/promises";
import { type PublishedConfig, publishedConfigSchema } from "@switchyard/schemas";
import { canonicalJson } from "@switchyard/schemas/canonical-json";
import type { FastifyBaseLogger as Logger } from "fastify";
import { request } from "undici";
import { loadLastKnownGood, saveLastKnownGood } from "./last-known-good";
import { sha256Hex } from "./runtime";
import type { ConfigStore } from "./store";

export interface ControlPlaneSyncOptions {
  url: string;
  token: string;
  store: ConfigStore;
  logger: Logger;
  instanceId: string;
  /** Where gateway-lkg.json lives; undefined disables last-known-good. */
  dataDir?: string;
  waitSeconds?: number;
  heartbeatIntervalMs?: number;
  /** Extra health facts for heartbeats (redis, limits...). */
  health?: () => Record<string, unknown>;
}

type SyncStatus = "starting" | "ok" | "degraded";

/**
 * Pulls the published config from the control plane (GET /dataplane/config, ETag + long-poll),
 * checks its sha256 over canonical JSON, applies it, persists it as last-known-good, and
 * heartbeats what it runs. When the control plane is unreachable it keeps (or boots from) the
 * last-known-good config and keeps trying with capped backoff.
 */
export class ControlPlaneSync {
  private readonly controller = new AbortController();
  private readonly base: string;
  private etag: string | undefined;
  private appliedVersion: number | undefined;
  private appliedSha256: string | undefined;
  private reachable = false;
  private runningFromLastKnownGood = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: ControlPlaneSyncOptions) {
    this.base = options.url.endsWith("/") ? options.url.slice(0, -1) : options.url;
  }

  /** The last config poll reached the control plane. */
  get connected(): boolean {
    return this.reachable;
  }

  get status(): SyncStatus {
    if (!this.options.store.current) return "starting";
    return this.reachable && !this.runningFromLastKnownGood ? "ok" : "degraded";
  }

  /** Resolves after the first attempt: a config from the control plane or from disk, or neither yet. */
  async start(): Promise<void> {
    let firstAttempt: () => void = () => {};
    const attempted = new Promise<void>((resolve) => {
      firstAttempt = resolve;
    });
    this.loop = this.run(firstAttempt);
    const interval = this.options.heartbeatIntervalMs ?? 10_000;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), interval);
    this.heartbeatTimer.unref();
    await attempted;
  }

  async stop(): Promise<void> {
    this.controller.abort();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.loop?.catch(() => {});
  }

  private async run(firstAttempt: () => void): Promise<void> {
    let failures = 0;
    let first = true;
    while (!this.controller.signal.aborted) {
      try {
        // The first poll returns at once so a booting gateway is ready as soon as possible.
        const outcome = await this.poll(first ? 0 : (this.options.waitSeconds ?? 25));
        failures = 0;
        this.reachable = true;
        if (outcome === "unpublished") {
          if (first) this.options.logger.warn("the control plane has no published config yet; waiting for one");
          if (!this.options.store.current) await this.bootFromLastKnownGood();
          // The control plane long-polls this case too; the pause only guards against a tight loop.
          await sleep(1_000, undefined, { signal: this.controller.signal }).catch(() => {});
        }
      } catch (error) {
        if (this.controller.signal.aborted) break;
        this.reachable = false;
        failures++;
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, "control plane unreachable");
        if (!this.options.store.current) await this.bootFromLastKnownGood();
      }
      if (first) {
        first = false;
        firstAttempt();
      }
      if (failures > 0) {
        const delayMs = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
        await sleep(delayMs, undefined, { signal: this.controller.signal }).catch(() => {});
      }
    }
    firstAttempt();
  }

  private async poll(waitSeconds: number): Promise<"current" | "unpublished"> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}`, accept: "application/json" };
    if (this.etag) headers["if-none-match"] = `"${this.etag}"`;
    const response = await request(`${this.base}/dataplane/config?wait=${waitSeconds}`, {
      method: "GET",
      headers,
      signal: this.controller.signal,
      headersTimeout: (waitSeconds + 15) * 1000,
      bodyTimeout: 30_000,
    });
    if (response.statusCode === 304) {
      await response.body.dump();
      // The control plane confirmed that what we run (possibly from disk) is current.
      this.runningFromLastKnownGood = false;
      return "current";
    }
    if (response.statusCode === 404) {
      await response.body.dump();
      return "unpublished";
    }
    if (response.statusCode !== 200) {
      const text = await response.body.text().catch(() => "");
      throw new Error(`GET /dataplane/config answered ${response.statusCode}: ${text.slice(0, 200)}`);
    }
    const parsed = publishedConfigSchema.safeParse(await response.body.json());
    if (!parsed.success) throw new Error("GET /dataplane/config returned an unreadable body");
    const outcome = this.applyPublished(parsed.data, "control-plane");
    if (outcome === "unchanged") this.runningFromLastKnownGood = false;
    if (outcome === "applied" && this.options.dataDir) {
      await saveLastKnownGood(this.options.dataDir, parsed.data).catch((error: unknown) =>
        this.options.logger.error({ err: (error as Error).message }, "cannot persist last-known-good config"),
      );
    }
    return "current";
  }

  /** Checks integrity, applies, and remembers the sha256 either way so a bad version is not refetched in a loop. */
  private applyPublished(published: PublishedConfig, source: string): "applied" | "unchanged" | "refused" {
    const actual = sha256Hex(canonicalJson(published.config));
    this.etag = published.sha256;
    if (actual !== published.sha256) {
      this.options.logger.error({ version: published.version, expected: published.sha256, actual }, "config sha256 mismatch; refused");
      return "refused";
    }
    if (published.sha256 === this.appliedSha256) return "unchanged";
    const result = this.options.store.apply(published.config, { version: published.version, sha256: published.sha256, source });
    if (!result.ok) {
      this.options.logger.error({ version: published.version, errors: result.errors }, "config refused; keeping the running one");
      return "refused";
    }
    this.appliedVersion = published.version;
    this.appliedSha256 = published.sha256;
    this.runningFromLastKnownGood = source === "last-known-good";
    this.options.logger.info({ version: published.version, sha256: published.sha256, source }, "config applied");
    void this.heartbeat();
    return "applied";
  }

  private async bootFromLastKnownGood(): Promise<void> {
    if (!this.options.dataDir) return;
    const saved = await loadLastKnownGood(this.options.dataDir);
    if (!saved) return;
    if (this.applyPublished(saved, "last-known-good") === "applied") {
      // Ask the control plane for anything newer than what we booted from.
      this.options.logger.warn({ version: saved.version }, "running last-known-good config until the control plane answers");
    } else {
      this.etag = undefined;
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.controller.signal.aborted) return;
    const body = JSON.stringify({
      instanceId: this.options.instanceId,
      appliedVersion: this.appliedVersion ?? null,
      appliedSha256: this.appliedSha256 ?? null,
      status: this.status,
      health: { source: this.runningFromLastKnownGood ? "last-known-good" : "control-plane", ...this.options.health?.() },
    });
    try {
      const response = await request(`${this.base}/dataplane/heartbeat`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.options.token}`, "content-type": "application/json" },
        body,
        signal: this.controller.signal,
        headersTimeout: 5_000,
        bodyTimeout: 5_000,
      });
      await response.body.dump();
    } catch (error) {
      if (!this.controller.signal.aborted) this.options.logger.debug({ err: (error as Error).message }, "heartbeat failed");
    }
  }
}
