import { EventEmitter } from "node:events";
import type { FastifyReply } from "fastify";

/**
 * What an AbortSignal does on the request path (`aborted`, `reason`, an `abort` event), on an
 * EventEmitter, which undici takes as a request's `signal` as well. On Node 20 an AbortSignal is
 * slow where every request pays: creating one and adding and removing undici's abort listener cost
 * about 10 µs of a request's CPU, `AbortSignal.any` tens of µs; an EventEmitter's once and
 * removeListener well under one.
 */
export class Cancel extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  constructor() {
    super();
    // A request's retries and stream attempts each add a listener (children, undici); never many,
    // but more than EventEmitter's default warning at 10 with a long fallback chain.
    this.setMaxListeners(0);
  }

  /** Without a reason, an AbortError as AbortController.abort() gives. */
  abort(reason: unknown = new DOMException("This operation was aborted", "AbortError")): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }

  /** Aborts with this one, or on its own (its own abort leaves this one alone). */
  child(): Cancel {
    const child = new Cancel();
    if (this.aborted) child.abort(this.reason);
    else this.once("abort", () => child.abort(this.reason));
    return child;
  }
}

/** What upstream calls take: a request's Cancel, or an AbortSignal where speed does not matter (health checks). */
export type UpstreamSignal = Cancel | AbortSignal;

/** Aborts when the client hangs up before we finished answering, so the upstream call stops too. */
export function abortOnClientClose(reply: FastifyReply): Cancel {
  const cancel = new Cancel();
  const response = reply.raw;
  // 'close' fires once: `on` keeps no once-wrapper alive for a stream's life.
  response.on("close", () => {
    if (!response.writableFinished) cancel.abort();
  });
  return cancel;
}
