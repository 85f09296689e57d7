import { findPii, type PiiEntity, type PiiMatch } from "./detectors";

const placeholderPattern = /\[(API_KEY|EMAIL|IBAN|CREDIT_CARD|SSN|PHONE|IP_ADDRESS)_(\d{1,4})\]/g;

/**
 * One request's masked values: the same value always gets the same typed placeholder
 * (`[EMAIL_1]`), so the upstream still sees that two mentions are one person. Only values masked
 * in the request can be restored in the reply; values the model invents stay masked.
 */
export class PiiVault {
  // Created on the first match: most requests mask nothing, and a stream keeps its vault until it ends.
  private placeholderByValue: Map<string, string> | undefined;
  private restorable: Map<string, string> | undefined;
  private counters: Map<PiiEntity, number> | undefined;

  /** Replaces matches; returns the new text and how many of each entity it replaced. */
  mask(text: string, matches: readonly PiiMatch[], restorable: boolean): string {
    if (matches.length === 0) return text;
    let out = "";
    let cursor = 0;
    for (const match of matches) {
      out += text.slice(cursor, match.start) + this.placeholderFor(match, restorable);
      cursor = match.end;
    }
    return out + text.slice(cursor);
  }

  hasRestorable(): boolean {
    return this.restorable !== undefined && this.restorable.size > 0;
  }

  /** Spans of restorable placeholders, for the stream holdback. */
  placeholderSpans(text: string): Array<readonly [number, number]> {
    const restorable = this.restorable;
    if (restorable === undefined || restorable.size === 0) return [];
    const spans: Array<readonly [number, number]> = [];
    for (const match of text.matchAll(placeholderPattern)) {
      if (restorable.has(match[0])) spans.push([match.index, match.index + match[0].length]);
    }
    return spans;
  }

  restore(text: string): { text: string; restored: number } {
    const restorable = this.restorable;
    if (restorable === undefined || restorable.size === 0) return { text, restored: 0 };
    let restored = 0;
    const replaced = text.replace(placeholderPattern, (placeholder) => {
      const original = restorable.get(placeholder);
      if (original === undefined) return placeholder;
      restored++;
      return original;
    });
    return { text: replaced, restored };
  }

  private placeholderFor(match: PiiMatch, restorable: boolean): string {
    const identity = `${match.entity}\u0000${match.value}`;
    this.placeholderByValue ??= new Map();
    let placeholder = this.placeholderByValue.get(identity);
    if (!placeholder) {
      this.counters ??= new Map();
      const next = (this.counters.get(match.entity) ?? 0) + 1;
      this.counters.set(match.entity, next);
      placeholder = `[${match.entity.toUpperCase()}_${next}]`;
      this.placeholderByValue.set(identity, placeholder);
    }
    if (restorable) {
      this.restorable ??= new Map();
      this.restorable.set(placeholder, match.value);
    }
    return placeholder;
  }
}

export { findPii };
