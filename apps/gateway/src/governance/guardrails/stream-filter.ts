import { filterReplyText } from "./run";
import type { GuardrailRun, ReplyTextFilter } from "./types";

/** Past this much held text the filter lets go even mid-token (a pathological unbroken run). */
const maxHeldChars = 4096;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Reply-side guardrails on a stream. Text is released only up to a point no entity straddles: a
 * tail of `holdChars` (the longest spaced entity or blocklist phrase) plus the unfinished word at
 * the end (emails, keys and placeholders have no spaces) stays behind until more text shows what
 * it is, and every span a filter acts on is released whole. The tail is bounded, so the delay is
 * a few dozen characters, and the scan per chunk is over that tail, not the whole reply.
 */
export class StreamTextFilter {
  private readonly held = new Map<number, string>();
  private readonly holdChars: number;

  constructor(
    private readonly filters: readonly ReplyTextFilter[],
    private readonly run: GuardrailRun,
  ) {
    this.holdChars = Math.max(0, ...filters.map((filter) => filter.holdChars));
  }

  /** Appends text of choice `index`; returns what can be sent now, filtered. Throws GuardrailViolation. */
  push(index: number, text: string): string {
    const buffer = (this.held.get(index) ?? "") + text;
    const cut = this.safeCut(buffer);
    if (cut === 0) {
      this.held.set(index, buffer);
      return "";
    }
    this.held.set(index, buffer.slice(cut));
    return filterReplyText(this.filters, buffer.slice(0, cut), this.run);
  }

  /** The rest of choice `index`, filtered (its stream ended). */
  end(index: number): string {
    const rest = this.held.get(index) ?? "";
    this.held.delete(index);
    return rest === "" ? "" : filterReplyText(this.filters, rest, this.run);
  }

  /** Indexes still holding text. */
  pending(): number[] {
    return [...this.held.entries()].filter(([, text]) => text !== "").map(([index]) => index);
  }

  private safeCut(buffer: string): number {
    let limit = buffer.length - this.holdChars;
    if (limit <= 0) return 0;
    // Back to a word boundary, and before the unfinished word at the end.
    let cut = limit;
    while (cut > 0 && !isSpace(buffer.charCodeAt(cut - 1))) cut--;
    let trailing = buffer.length;
    while (trailing > 0 && !isSpace(buffer.charCodeAt(trailing - 1))) trailing--;
    cut = Math.min(cut, trailing);
    if (cut === 0 && buffer.length > maxHeldChars) {
      limit = buffer.length - this.holdChars;
      cut = limit;
    }
    if (cut === 0) return 0;
    // Never split a span a filter would act on.
    const spans = this.filters.flatMap((filter) => filter.spans(buffer, this.run));
    let moved = true;
    while (moved && cut > 0) {
      moved = false;
      for (const [start, end] of spans) {
        if (start < cut && cut < end) {
          cut = start;
          moved = true;
        }
      }
    }
    return cut;
  }
}
