import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { UpstreamStreamEvent } from "../spec";

/**
 * Incremental decoder for AWS's binary event-stream framing (Bedrock ConverseStream).
 * Each message starts with its total length (uint32, big-endian); we cut whole messages out
 * of the byte stream and let Smithy's codec check CRCs and decode headers.
 */
export class AwsEventStreamDecoder {
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);
  private buffer: Uint8Array = new Uint8Array(0);

  push(bytes: Uint8Array): UpstreamStreamEvent[] {
    this.buffer = this.buffer.length === 0 ? bytes : concat(this.buffer, bytes);
    const events: UpstreamStreamEvent[] = [];
    let offset = 0;
    while (this.buffer.length - offset >= 4) {
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + offset, 4);
      const total = view.getUint32(0, false);
      if (this.buffer.length - offset < total) break;
      const message = this.codec.decode(this.buffer.subarray(offset, offset + total));
      offset += total;
      const headers = message.headers;
      const messageType = headerString(headers[":message-type"]?.value) ?? "event";
      const event = headerString(headers[":event-type"]?.value) ?? headerString(headers[":exception-type"]?.value);
      events.push({ event, data: toUtf8(message.body), messageType });
    }
    this.buffer = offset === this.buffer.length ? new Uint8Array(0) : this.buffer.slice(offset);
    return events;
  }

  end(): UpstreamStreamEvent[] {
    this.buffer = new Uint8Array(0);
    return [];
  }
}

function headerString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}
