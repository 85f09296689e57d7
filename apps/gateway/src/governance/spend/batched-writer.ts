import { type FileHandle, open } from "node:fs/promises";

export interface BatchedWriterOptions {
  /** Lines wait at most this long in memory before one write() takes them all. */
  flushIntervalMs: number;
  /** fdatasync at most this often (and on close): bounds loss on power failure, not on kill -9. */
  syncIntervalMs: number;
  /** Flush early once this many lines are waiting. */
  maxBatchLines: number;
  /** Keep what was written in memory too (`written()`), so a reader need not read the file back. */
  keepWritten?: boolean;
}

/**
 * Appends lines to a file in batches, off the request path: `append` only pushes to an array; a
 * timer writes everything waiting with one write() (libuv's thread pool, so the event loop never
 * blocks on disk). A kill -9 loses only lines still in memory: at most `flushIntervalMs` of them.
 */
export class BatchedWriter {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastSyncMs = 0;
  private dirty = false;
  private readonly writtenChunks: string[] = [];
  lines = 0;
  bytes = 0;

  private constructor(
    private handle: FileHandle,
    readonly path: string,
    private readonly options: BatchedWriterOptions,
    private readonly onError: (error: Error) => void,
  ) {}

  static async open(path: string, options: BatchedWriterOptions, onError: (error: Error) => void): Promise<BatchedWriter> {
    const handle = await open(path, "a");
    const writer = new BatchedWriter(handle, path, options, onError);
    writer.bytes = (await handle.stat()).size;
    return writer;
  }

  get waiting(): number {
    return this.pending.length;
  }

  append(line: string): void {
    this.pending.push(line);
    this.lines++;
    if (this.pending.length >= this.options.maxBatchLines) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes what is waiting (and syncs when due). Serialised: one write in flight at a time. */
  flush(forceSync = false): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.pending;
    this.pending = [];
    this.chain = this.chain.then(async () => {
      try {
        if (batch.length > 0) {
          const text = `${batch.join("\n")}\n`;
          await this.handle.write(text);
          if (this.options.keepWritten) this.writtenChunks.push(text);
          this.bytes += Buffer.byteLength(text);
          this.dirty = true;
        }
        const now = Date.now();
        if (this.dirty && (forceSync || now - this.lastSyncMs >= this.options.syncIntervalMs)) {
          await this.handle.datasync();
          this.lastSyncMs = now;
          this.dirty = false;
        } else if (this.dirty && !this.syncTimer) {
          // A quiet period still gets its sync, within syncIntervalMs.
          this.syncTimer = setTimeout(() => {
            this.syncTimer = undefined;
            void this.flush(true);
          }, this.options.syncIntervalMs);
          this.syncTimer.unref();
        }
      } catch (error) {
        // Keep the lines for the next attempt (disk full, ...): nothing is dropped silently.
        this.pending = batch.concat(this.pending);
        this.onError(error as Error);
      }
    });
    return this.chain;
  }

  /** Everything this writer has written, with `keepWritten` (else ""): lines ending in "\n". */
  written(): string {
    return this.writtenChunks.join("");
  }

  async close(): Promise<void> {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    await this.flush(true);
    await this.handle.close();
  }
}
