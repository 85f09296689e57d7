import { EventEmitter } from "node:events";
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import { z } from "zod";

/**
 * Wakes long-polling gateways when a version is published: in-process through an
 * EventEmitter, and across control-plane instances through Redis pub/sub when
 * Redis is configured. A nudge only says "look again"; pollers re-read the
 * database, so duplicate or foreign nudges are harmless.
 */
export const configPublishedChannel = "switchyard:config-published";

const publishedMessageSchema = z.object({ organizationId: z.string(), version: z.number().int(), sha256: z.string() });
export type ConfigPublished = z.infer<typeof publishedMessageSchema>;

export class ConfigEvents {
  private readonly emitter = new EventEmitter();
  private subscriber: Redis | undefined;
  #stopped = false;
  /** For metrics: versions published here, nudges heard through Redis, long-polls waiting now. */
  publishedLocally = 0;
  nudgesReceived = 0;
  waiters = 0;

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly redis?: Redis,
  ) {
    // Every waiting gateway request holds one listener.
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    if (!this.redis) return;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on("message", (channel: string, message: string) => {
      if (channel !== configPublishedChannel) return;
      const parsed = publishedMessageSchema.safeParse(safeJson(message));
      if (!parsed.success) return;
      this.nudgesReceived++;
      this.emitter.emit("published", parsed.data);
    });
    subscriber.on("error", (error: Error) =>
      this.log.warn({ err: error }, "redis subscriber error; long-polls fall back to in-process nudges"),
    );
    await subscriber.subscribe(configPublishedChannel);
  }

  /** Releases every waiting long-poll (they answer 304) so shutdown does not hang for 30 s. */
  get stopped(): boolean {
    return this.#stopped;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.emitter.emit("shutdown");
    this.emitter.removeAllListeners();
    if (this.subscriber) {
      this.subscriber.disconnect();
      this.subscriber = undefined;
    }
  }

  notifyPublished(event: ConfigPublished): void {
    this.publishedLocally++;
    this.emitter.emit("published", event);
    if (this.redis) {
      this.redis.publish(configPublishedChannel, JSON.stringify(event)).catch((error: unknown) => {
        this.log.warn({ err: error }, "could not publish config nudge to redis");
      });
    }
  }

  /** Resolves on the next nudge for the organisation, or false after `timeoutMs`, or when aborted. */
  waitForPublish(organizationId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    this.waiters++;
    return new Promise((resolve) => {
      let finished = false;
      const finish = (woken: boolean) => {
        if (finished) return;
        finished = true;
        this.waiters--;
        clearTimeout(timer);
        this.emitter.off("published", onPublished);
        this.emitter.off("shutdown", onAbort);
        signal?.removeEventListener("abort", onAbort);
        resolve(woken);
      };
      const onPublished = (event: ConfigPublished) => {
        if (event.organizationId === organizationId) finish(true);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.emitter.on("published", onPublished);
      this.emitter.once("shutdown", onAbort);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
