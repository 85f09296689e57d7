import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BatchedWriter, type BatchedWriterOptions } from "./batched-writer";

const segmentPattern = /^segment-(\d{12})\.jsonl$/;
/** Sealed segments kept in memory for the sender at a time (up to 1,000 events each): while the control plane is down, later ones wait on disk only. */
const keptSegments = 4;

function segmentName(sequence: number): string {
  return `segment-${String(sequence).padStart(12, "0")}.jsonl`;
}

export interface SpoolOptions extends BatchedWriterOptions {
  directory: string;
  /** A segment is sealed (ready to send) at this many events: one POST per segment. */
  maxSegmentEvents: number;
  onError: (error: Error) => void;
}

export interface SealedSegment {
  readonly name: string;
  readonly path: string;
}

/**
 * The durable queue between the hot path and the control plane: JSONL segment files in
 * SWITCHYARD_DATA_DIR/spend-spool. Events append to the active segment; a full (or idle) segment is
 * sealed and a new one opened; the sender reads sealed segments oldest first and deletes each one
 * only after the control plane acknowledged it. Segments left by a crashed process are sealed on
 * start, so they are sent too (resends are harmless: ingest is idempotent by requestId).
 */
export class SpendSpool {
  private writer: BatchedWriter | undefined;
  private sequence = 0;
  private activeEvents = 0;
  /** Events in sealed segments not yet acknowledged, by segment name (for the spool-depth metric). */
  private readonly sealedEvents = new Map<string, number>();
  /**
   * What sealed segments hold, kept from when they were written so the sender need not
   * read them back (and check every line) from disk; at most `keptSegments` of them. The files stay
   * the durable copy: a restart reads them.
   */
  private readonly kept = new Map<string, string>();
  private sealing: Promise<void> = Promise.resolve();
  private readonly sealedListeners = new Set<() => void>();

  private constructor(private readonly options: SpoolOptions) {}

  static async open(options: SpoolOptions): Promise<SpendSpool> {
    await mkdir(options.directory, { recursive: true });
    const spool = new SpendSpool(options);
    await spool.takeOwnership();
    const existing = await spool.segmentNumbers();
    for (const sequence of existing) {
      const text = await readFile(join(options.directory, segmentName(sequence)), "utf8").catch(() => "");
      spool.sealedEvents.set(segmentName(sequence), text.split("\n").filter((line) => line !== "").length);
    }
    spool.sequence = existing.length > 0 ? Math.max(...existing) + 1 : 1;
    spool.writer = await spool.openSegment(spool.sequence);
    return spool;
  }

  /** Number of events appended to the active segment and not yet sealed. */
  get activeCount(): number {
    return this.activeEvents;
  }

  /** Events written and not yet acknowledged by the control plane (unsealed plus sealed segments). */
  get depth(): number {
    let total = this.activeEvents;
    for (const events of this.sealedEvents.values()) total += events;
    return total;
  }

  onSealed(listener: () => void): void {
    this.sealedListeners.add(listener);
  }

  append(line: string): void {
    const writer = this.writer;
    if (!writer) return;
    writer.append(line);
    this.activeEvents++;
    if (this.activeEvents >= this.options.maxSegmentEvents) void this.seal();
  }

  /** Closes the active segment (if it holds anything) and opens the next; resolves when done. */
  seal(): Promise<void> {
    this.sealing = this.sealing.then(async () => {
      const writer = this.writer;
      if (!writer || this.activeEvents === 0) return;
      this.sealedEvents.set(segmentName(this.sequence), this.activeEvents);
      this.activeEvents = 0;
      this.sequence++;
      // The next segment opens before the old one closes, so appends never find no writer.
      this.writer = await this.openSegment(this.sequence);
      await writer.close();
      if (this.kept.size < keptSegments) this.kept.set(segmentName(this.sequence - 1), writer.written());
      for (const listener of this.sealedListeners) listener();
    });
    return this.sealing;
  }

  /** Sealed segments, oldest first. */
  async sealed(): Promise<SealedSegment[]> {
    await this.sealing;
    const active = this.writer ? this.sequence : Number.POSITIVE_INFINITY;
    return (await this.segmentNumbers())
      .filter((sequence) => sequence < active)
      .sort((first, second) => first - second)
      .map((sequence) => ({ name: segmentName(sequence), path: join(this.options.directory, segmentName(sequence)) }));
  }

  async read(segment: SealedSegment): Promise<{ lines: string[]; corrupt: number }> {
    const kept = this.kept.get(segment.name);
    // Written by this process, whole lines of JSON.stringify: nothing to check.
    if (kept !== undefined) return { lines: kept.split("\n").filter((line) => line !== ""), corrupt: 0 };
    const text = await readFile(segment.path, "utf8");
    const lines: string[] = [];
    let corrupt = 0;
    for (const line of text.split("\n")) {
      if (line === "") continue;
      try {
        JSON.parse(line);
        lines.push(line);
      } catch {
        // Only a power loss mid-write can leave half a line; the rest of the segment is good.
        corrupt++;
      }
    }
    return { lines, corrupt };
  }

  async acknowledge(segment: SealedSegment): Promise<void> {
    this.sealedEvents.delete(segment.name);
    this.kept.delete(segment.name);
    await unlink(segment.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }

  /** A segment the control plane refuses as invalid: kept aside for an operator, never retried forever. */
  async quarantine(segment: SealedSegment): Promise<string> {
    const directory = join(this.options.directory, "rejected");
    await mkdir(directory, { recursive: true });
    const target = join(directory, segment.name);
    await rename(segment.path, target);
    this.sealedEvents.delete(segment.name);
    this.kept.delete(segment.name);
    return target;
  }

  async flush(): Promise<void> {
    await this.writer?.flush(true);
  }

  async close(): Promise<void> {
    await this.sealing;
    const writer = this.writer;
    this.writer = undefined;
    if (writer) await writer.close();
    if (writer && this.activeEvents === 0) await unlink(writer.path).catch(() => {});
    await unlink(join(this.options.directory, "owner.pid")).catch(() => {});
  }

  private openSegment(sequence: number): Promise<BatchedWriter> {
    return BatchedWriter.open(
      join(this.options.directory, segmentName(sequence)),
      { ...this.options, keepWritten: true },
      this.options.onError,
    );
  }

  private async segmentNumbers(): Promise<number[]> {
    const names = await readdir(this.options.directory);
    return names.flatMap((name) => {
      const match = segmentPattern.exec(name);
      return match?.[1] ? [Number(match[1])] : [];
    });
  }

  /** Two live gateways must not share a spool: one would delete what the other still writes. */
  private async takeOwnership(): Promise<void> {
    const path = join(this.options.directory, "owner.pid");
    const previous = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (Number.isInteger(previous) && previous > 0 && previous !== process.pid && isAlive(previous)) {
      throw new Error(
        `spend spool ${this.options.directory} is in use by process ${previous}; give each gateway its own SWITCHYARD_DATA_DIR`,
      );
    }
    await writeFile(path, String(process.pid));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
