import type { UpstreamStreamEvent } from "../spec";

/**
 * Incremental Server-Sent Events decoder (WHATWG "event stream interpretation").
 *
 * Bytes arrive in arbitrary pieces: a UTF-8 sequence, a CRLF pair or a line may be split
 * across network chunks. Each push scans only the new text for line ends; the unfinished
 * tail line is kept aside, never re-split. LF, CR and CRLF all end a line; `:` lines are
 * comments (OpenRouter's keep-alives); multi-line `data:` fields join with "\n".
 */
export class SseDecoder {
  private readonly textDecoder = new TextDecoder("utf-8");
  private partialLine = "";
  /** The previous piece ended with CR: a leading LF in the next piece belongs to that CRLF. */
  private pendingCarriageReturn = false;
  private eventType: string | undefined;
  private dataLines: string[] = [];
  private hasData = false;
  lastEventId: string | undefined;
  retryMs: number | undefined;

  push(bytes: Uint8Array): UpstreamStreamEvent[] {
    return this.pushText(this.textDecoder.decode(bytes, { stream: true }));
  }

  pushText(text: string): UpstreamStreamEvent[] {
    const events: UpstreamStreamEvent[] = [];
    let start = 0;
    if (this.pendingCarriageReturn && text.charCodeAt(0) === 10) start = 1;
    this.pendingCarriageReturn = false;
    const length = text.length;
    let position = start;
    while (position < length) {
      const code = text.charCodeAt(position);
      if (code !== 10 && code !== 13) {
        position++;
        continue;
      }
      const piece = text.slice(start, position);
      const line = this.partialLine === "" ? piece : this.partialLine + piece;
      this.partialLine = "";
      this.processLine(line, events);
      if (code === 13) {
        if (position + 1 < length) {
          if (text.charCodeAt(position + 1) === 10) position++;
        } else {
          this.pendingCarriageReturn = true;
        }
      }
      position++;
      start = position;
    }
    if (start < length) this.partialLine += text.slice(start);
    return events;
  }

  /** End of stream: per the spec an event without its blank line is discarded. */
  end(): UpstreamStreamEvent[] {
    const tail = this.textDecoder.decode();
    const events = tail ? this.pushText(tail) : [];
    this.partialLine = "";
    this.resetEvent();
    return events;
  }

  private processLine(line: string, events: UpstreamStreamEvent[]): void {
    if (line === "") {
      this.dispatch(events);
      return;
    }
    if (line.charCodeAt(0) === 58 /* ":" */) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case "data":
        this.dataLines.push(value);
        this.hasData = true;
        break;
      case "event":
        this.eventType = value;
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
  }

  private dispatch(events: UpstreamStreamEvent[]): void {
    if (this.hasData) {
      const data = this.dataLines.length === 1 ? (this.dataLines[0] ?? "") : this.dataLines.join("\n");
      events.push(this.eventType === undefined ? { data } : { event: this.eventType, data });
    }
    this.resetEvent();
  }

  private resetEvent(): void {
    this.eventType = undefined;
    this.dataLines = [];
    this.hasData = false;
  }
}
