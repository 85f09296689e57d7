import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { describe, expect, it } from "vitest";
import { AwsEventStreamDecoder, createFrameDecoder, NdjsonDecoder, SseDecoder } from "../src/framing";
import type { UpstreamStreamEvent } from "../src/spec";

const encoder = new TextEncoder();

/** Feeds `text` in pieces of `size` bytes (splitting UTF-8 sequences and CRLF pairs). */
function feedInPieces(
  decoder: { push(bytes: Uint8Array): UpstreamStreamEvent[]; end(): UpstreamStreamEvent[] },
  text: string,
  size: number,
) {
  const bytes = encoder.encode(text);
  const events: UpstreamStreamEvent[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) events.push(...decoder.push(bytes.subarray(offset, offset + size)));
  events.push(...decoder.end());
  return events;
}

describe("SseDecoder", () => {
  const stream =
    ": OPENROUTER PROCESSING\r\n\r\n" +
    'data: {"a":"héllo ✓"}\r\n\r\n' +
    "event: message_delta\n" +
    "data: line one\n" +
    "data: line two\n" +
    "id: 7\n" +
    "\n" +
    "data:no-space\r\r" +
    "data: [DONE]\n\n" +
    "data: never terminated";

  const expected: UpstreamStreamEvent[] = [
    { data: '{"a":"héllo ✓"}' },
    { event: "message_delta", data: "line one\nline two" },
    { data: "no-space" },
    { data: "[DONE]" },
  ];

  it("decodes events whole", () => {
    expect(feedInPieces(new SseDecoder(), stream, 10_000)).toEqual(expected);
  });

  it.each([1, 2, 3, 5, 7])("decodes the same events when fed %i byte(s) at a time", (size) => {
    expect(feedInPieces(new SseDecoder(), stream, size)).toEqual(expected);
  });

  it("handles a CRLF split exactly between two pieces", () => {
    const decoder = new SseDecoder();
    expect(decoder.pushText("data: a\r")).toEqual([]);
    expect(decoder.pushText("\n\r")).toEqual([{ data: "a" }]);
    expect(decoder.pushText("\ndata: b\n\n")).toEqual([{ data: "b" }]);
  });

  it("keeps the last event id and retry", () => {
    const decoder = new SseDecoder();
    decoder.pushText("id: abc\nretry: 1500\ndata: x\n\n");
    expect(decoder.lastEventId).toBe("abc");
    expect(decoder.retryMs).toBe(1500);
  });

  it("ignores events with no data field", () => {
    expect(new SseDecoder().pushText("event: ping\n\n")).toEqual([]);
  });
});

describe("NdjsonDecoder", () => {
  it("splits lines across pieces and keeps a final unterminated line", () => {
    const text = '{"a":1}\n\n{"b":"ü"}\r\n{"c":3}';
    expect(feedInPieces(new NdjsonDecoder(), text, 3)).toEqual([{ data: '{"a":1}' }, { data: '{"b":"ü"}' }, { data: '{"c":3}' }]);
  });
});

describe("AwsEventStreamDecoder", () => {
  it("cuts binary messages out of arbitrary pieces and reads their headers", () => {
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const message = (eventType: string, body: string) =>
      codec.encode({
        headers: {
          ":message-type": { type: "string", value: "event" },
          ":event-type": { type: "string", value: eventType },
          ":content-type": { type: "string", value: "application/json" },
        },
        body: fromUtf8(body),
      });
    const exception = codec.encode({
      headers: {
        ":message-type": { type: "string", value: "exception" },
        ":exception-type": { type: "string", value: "throttlingException" },
      },
      body: fromUtf8('{"message":"slow down"}'),
    });
    const all = new Uint8Array([
      ...message("messageStart", '{"role":"assistant"}'),
      ...message("contentBlockDelta", '{"delta":{"text":"hi"}}'),
      ...exception,
    ]);
    const decoder = new AwsEventStreamDecoder();
    const events: UpstreamStreamEvent[] = [];
    for (let offset = 0; offset < all.length; offset += 11) events.push(...decoder.push(all.subarray(offset, offset + 11)));
    expect(events).toEqual([
      { event: "messageStart", data: '{"role":"assistant"}', messageType: "event" },
      { event: "contentBlockDelta", data: '{"delta":{"text":"hi"}}', messageType: "event" },
      { event: "throttlingException", data: '{"message":"slow down"}', messageType: "exception" },
    ]);
  });
});

describe("createFrameDecoder", () => {
  it("returns the decoder for each framing", () => {
    expect(createFrameDecoder("sse")).toBeInstanceOf(SseDecoder);
    expect(createFrameDecoder("ndjson")).toBeInstanceOf(NdjsonDecoder);
    expect(createFrameDecoder("aws-eventstream")).toBeInstanceOf(AwsEventStreamDecoder);
  });
});
