import type { UpstreamStreamEvent } from "../spec";

/** Incremental newline-delimited JSON framing (Ollama): one event per non-empty line. */
export class NdjsonDecoder {
  private readonly textDecoder = new TextDecoder("utf-8");
  private partialLine = "";

  push(bytes: Uint8Array): UpstreamStreamEvent[] {
    return this.pushText(this.textDecoder.decode(bytes, { stream: true }));
  }

  pushText(text: string): UpstreamStreamEvent[] {
    const events: UpstreamStreamEvent[] = [];
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      const piece = text.slice(start, newline);
      const line = (this.partialLine === "" ? piece : this.partialLine + piece).trim();
      this.partialLine = "";
      if (line !== "") events.push({ data: line });
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) this.partialLine += text.slice(start);
    return events;
  }

  /** A last line without a newline is still a complete JSON value. */
  end(): UpstreamStreamEvent[] {
    const line = (this.partialLine + this.textDecoder.decode()).trim();
    this.partialLine = "";
    return line === "" ? [] : [{ data: line }];
  }
}
