// The typed client's event-stream reader (sseEvents in src/client/createClient.ts) on streams cut
// where the network may cut them. The CRLF split case is in test/client/codegen.test.ts.
import { describe, expect, it } from "vitest";
import { sseEvents } from "../../src/client/createClient.js";

function stream(parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(typeof part === "string" ? new TextEncoder().encode(part) : part);
      controller.close();
    },
  });
}

async function read(parts: (string | Uint8Array)[]): Promise<{ event: string; data: string }[]> {
  const events: { event: string; data: string }[] = [];
  for await (const e of sseEvents(stream(parts))) events.push(e);
  return events;
}

describe("the typed client's event-stream reader", () => {
  it("ends lines at CR, LF or CRLF alike", async () => {
    expect(await read(["event: next\rdata: 1\r\r", "event: next\ndata: 2\n\n", "event: next\r\ndata: 3\r\n\r\n"])).toEqual([
      { event: "next", data: "1" },
      { event: "next", data: "2" },
      { event: "next", data: "3" },
    ]);
  });

  it("joins data lines with LF, takes off one space after the colon only, and names an unnamed event message", async () => {
    expect(await read(["data: a\ndata:b\ndata:  c\n\n"])).toEqual([{ event: "message", data: "a\nb\n c" }]);
  });

  it("decodes a character whose bytes are split between two chunks", async () => {
    const bytes = new TextEncoder().encode('event: next\ndata: {"name":"企业"}\n\n');
    const cut = bytes.indexOf(0xe4) + 1;
    expect(await read([bytes.slice(0, cut), bytes.slice(cut)])).toEqual([{ event: "next", data: '{"name":"企业"}' }]);
  });

  it("ignores id, retry, unknown fields and comments", async () => {
    expect(await read([": ping\n\nid: 7\nretry: 10\nfoo: bar\nevent: next\ndata: d\n\n"])).toEqual([{ event: "next", data: "d" }]);
  });

  it("drops an event the stream closed before its blank line, and a block without data (as EventSource does)", async () => {
    expect(await read(["event: ping\n\n", "event: next\ndata: 1\n\n", "event: next\ndata: 2\n"])).toEqual([{ event: "next", data: "1" }]);
  });

  it("gives the stream back unlocked when the reader leaves early", async () => {
    const body = stream(["event: next\ndata: 1\n\nevent: next\ndata: 2\n\n"]);
    for await (const e of sseEvents(body)) {
      expect(e).toEqual({ event: "next", data: "1" });
      break;
    }
    expect(body.locked).toBe(false);
  });
});
