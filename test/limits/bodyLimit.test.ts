// Request bodies over limits.maxBodyBytes are refused with 413 before they are parsed: a declared
// length before the body is read, a chunked one as it streams in, a GET's URL the same way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataCalls } from "../helpers/graph.js";
import { startRealGraph, type RealGraph } from "../helpers/server.js";

const LIMIT = 64 * 1024;
let g: RealGraph;
beforeAll(async () => {
  g = await startRealGraph({ config: { limits: { maxBodyBytes: LIMIT } } });
});
afterAll(() => g.close());

/** A valid query of exactly `bytes` as a JSON body. */
function bodyOf(bytes: number): string {
  const shell = JSON.stringify({ query: `{ corp(corpId: "") { corpId } }` });
  const pad = bytes - shell.length;
  return JSON.stringify({ query: `{ corp(corpId: "${"x".repeat(pad)}") { corpId } }` });
}

async function postRaw(body: BodyInit, headers: Record<string, string> = {}) {
  const res = await fetch(g.server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe("body limit", () => {
  it("a body of exactly the limit is served", async () => {
    const body = bodyOf(LIMIT);
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const res = await postRaw(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { corp: null } });
  });

  it("one byte more is 413 with the limit named, before parsing and with no vendor call", async () => {
    const before = g.sim.stats();
    const res = await postRaw(bodyOf(LIMIT + 1));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      errors: [
        {
          message: `the request body (${LIMIT + 1} bytes) exceeds limits.maxBodyBytes (${LIMIT} bytes): send a shorter query or fewer variables`,
          extensions: { code: "REQUEST_ENTITY_TOO_LARGE" },
        },
      ],
    });
    // The rest of a refused body may still be in flight: the connection is not reused.
    expect(res.headers.get("connection")).toBe("close");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(dataCalls(g.sim.stats())).toEqual(dataCalls(before));
    const line = g.logs.find((l) => l.msg === "request rejected" && l.obj["requestId"] === res.headers.get("x-request-id"));
    expect(line?.obj).toMatchObject({ reason: "body_too_large", code: "REQUEST_ENTITY_TOO_LARGE", status: 413 });
  });

  it("a chunked body with no length is cut at the limit as it streams in", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the limit: the server must answer without reading it all.
        if (sent++ < 1000) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await postRaw(stream);
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe("REQUEST_ENTITY_TOO_LARGE");
    expect(sent).toBeLessThan(1000);
  });

  it("a chunked body within the limit is read whole and served", async () => {
    const bytes = new TextEncoder().encode(bodyOf(LIMIT));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // Cut mid-way through the query text, and in several pieces.
        for (let at = 0; at < bytes.length; at += 10_000) controller.enqueue(bytes.subarray(at, at + 10_000));
        controller.close();
      },
    });
    const res = await postRaw(stream);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { corp: null } });
  });

  it("a Content-Length that is not a byte count is 400", async () => {
    const res = await g.server.app.fetch(new Request(g.server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", "content-length": "12, 12" }, body: bodyOf(100) }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0]).toMatchObject({ message: "the Content-Length header is not a byte count", extensions: { code: "BAD_REQUEST" } });
  });

  it("a GET whose URL is longer than the limit is 413 as well", async () => {
    const small = await startRealGraph({ config: { limits: { maxBodyBytes: 4096 } } });
    try {
      const query = `{ corp(corpId: "${"y".repeat(6000)}") { corpId } }`;
      const res = await fetch(`${small.server.graphqlUrl}?query=${encodeURIComponent(query)}`, { headers: { accept: "application/json" } });
      expect(res.status).toBe(413);
      expect(((await res.json()) as any).errors[0].message).toMatch(/^the request URL \(\d+ characters\) exceeds limits\.maxBodyBytes \(4096 bytes\)/);
    } finally {
      await small.close();
    }
  });
});
