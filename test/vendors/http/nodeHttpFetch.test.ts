// The default vendor client (src/vendors/http/nodeHttpFetch.ts) against a real local server: warm
// sockets reused and bounded, a signal that aborts a request in flight (its socket destroyed),
// errors that name no URL, and the Transport's timeout through it.
import { getEventListeners } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "../../../src/vendors/http/nodeHttpFetch.js";
import { Transport } from "../../../src/vendors/http/transport.js";
import { failure } from "../../helpers/vendors.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, res) => res.end("{}");
const sockets = new Set<Socket>();
let connections = 0;
let open = 0;
let closedSockets = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => handler(req, res, body));
  });
  server.on("connection", (socket) => {
    connections++;
    open++;
    sockets.add(socket);
    socket.on("close", () => {
      open--;
      closedSockets++;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await delay(10);
  expect(check()).toBe(true);
};

describe("nodeHttpFetch", () => {
  it("sends method, headers and a JSON body with its length; answers status, headers and the decoded text", async () => {
    let seen: { method?: string; headers?: IncomingMessage["headers"]; body?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method!, headers: req.headers, body };
      // A multi-byte character split across two writes must still decode whole.
      const bytes = Buffer.from(JSON.stringify({ name: "星河餐饮" }));
      res.writeHead(201, { "content-type": "application/json", "x-trace": "t-1" });
      res.write(bytes.subarray(0, 11));
      setTimeout(() => res.end(bytes.subarray(11)), 5);
    };
    const fetch = nodeHttpFetch();
    const body = JSON.stringify({ userid: "张三" });
    const res = await fetch(`${base}/api?x=1`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer t" }, body });
    expect(res.status).toBe(201);
    expect(res.ok).toBe(true);
    expect(res.headers.get("X-Trace")).toBe("t-1");
    expect(res.headers.get("missing")).toBeNull();
    expect(JSON.parse(await res.text())).toEqual({ name: "星河餐饮" });
    expect(seen).toMatchObject({ method: "POST", body });
    expect(seen.headers).toMatchObject({ "content-length": String(Buffer.byteLength(body)), authorization: "Bearer t" });
    fetch.destroy();
  });

  it("reuses one warm socket for calls one after another", async () => {
    handler = (_req, res) => res.end("{}");
    const fetch = nodeHttpFetch();
    const before = connections;
    for (let i = 0; i < 5; i++) expect(await (await fetch(`${base}/seq`, { method: "GET", headers: {} })).text()).toBe("{}");
    expect(connections - before).toBe(1);
    fetch.destroy();
  });

  it("never opens more than maxSockets to a vendor; the rest wait their turn", async () => {
    let inFlight = 0;
    let most = 0;
    handler = (_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.end("{}");
      }, 20);
    };
    const fetch = nodeHttpFetch({ maxSockets: 2 });
    const before = connections;
    const texts = await Promise.all(Array.from({ length: 6 }, async () => (await fetch(`${base}/wide`, { method: "GET", headers: {} })).text()));
    expect(texts).toEqual(Array(6).fill("{}"));
    expect(most).toBe(2);
    expect(connections - before).toBe(2);
    fetch.destroy();
  });

  it("an abort before the answer rejects with AbortError and destroys the socket", async () => {
    handler = () => {}; // never answers
    const fetch = nodeHttpFetch();
    const controller = new AbortController();
    const closed = closedSockets;
    const pending = fetch(`${base}/hang`, { method: "GET", headers: {}, signal: controller.signal });
    await until(() => open > 0);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await until(() => closedSockets > closed);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    fetch.destroy();
  });

  it("an abort in the middle of the body rejects text() with AbortError", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":');
    };
    const fetch = nodeHttpFetch();
    const controller = new AbortController();
    const res = await fetch(`${base}/half`, { method: "GET", headers: {}, signal: controller.signal });
    controller.abort();
    await expect(res.text()).rejects.toMatchObject({ name: "AbortError" });
    fetch.destroy();
  });

  it("a reused socket that breaks in the middle of the body rejects text(), and the call is not sent again", async () => {
    let calls = 0;
    handler = (req, res) => {
      calls++;
      if (req.url === "/warm") return void res.end("{}");
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      // A reset (RST), not a close: the client sees ECONNRESET on a socket it reused.
      setTimeout(() => req.socket.resetAndDestroy(), 20);
    };
    const fetch = nodeHttpFetch();
    expect(await (await fetch(`${base}/warm`, { method: "GET", headers: {} })).text()).toBe("{}");
    const res = await fetch(`${base}/broken`, { method: "GET", headers: {} });
    const outcome = await Promise.race([res.text().then(() => "answered", (error: Error) => `rejected: ${error.message}`), delay(2_000).then(() => "still waiting")]);
    expect(outcome).toMatch(/^rejected: /);
    expect(calls).toBe(2);
    fetch.destroy();
  });

  it("an already aborted signal makes no connection at all", async () => {
    const fetch = nodeHttpFetch();
    const before = connections;
    await expect(fetch(`${base}/never`, { method: "GET", headers: {}, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    await delay(20);
    expect(connections).toBe(before);
    fetch.destroy();
  });

  it("leaves no listener on a long-lived signal after its calls end", async () => {
    handler = (_req, res) => res.end("{}");
    const fetch = nodeHttpFetch();
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await (await fetch(`${base}/many`, { method: "GET", headers: {}, signal: controller.signal })).text();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    fetch.destroy();
  });

  it("a refused connection is the socket's error, without the URL and its query", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const fetch = nodeHttpFetch();
    const error = (await fetch(`http://127.0.0.1:${closedPort}/x?access_token=sekrit-token`, { method: "GET", headers: {} }).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).not.toContain("sekrit-token");
    fetch.destroy();
  });

  it("reads a gzip-encoded answer", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end(gzipSync(Buffer.from('{"ok":"好"}')));
    };
    const fetch = nodeHttpFetch();
    expect(await (await fetch(`${base}/gz`, { method: "GET", headers: {} })).text()).toBe('{"ok":"好"}');
    fetch.destroy();
  });

  it("refuses bad options with the value shown", () => {
    expect(() => nodeHttpFetch({ maxSockets: 0 })).toThrow("nodeHttpFetch: maxSockets must be a positive integer, got 0");
    expect(() => nodeHttpFetch({ idleTimeoutMs: 1.5 })).toThrow("nodeHttpFetch: idleTimeoutMs must be a positive integer, got 1.5");
  });
});

describe("the Transport over nodeHttpFetch (its default)", () => {
  it("a silent vendor is UPSTREAM_TIMEOUT after timeoutMs, and the request's socket is destroyed", async () => {
    handler = () => {};
    const transport = new Transport({ vendor: "directory", baseUrl: base, timeoutMs: 80 });
    const closed = closedSockets;
    const started = Date.now();
    const error = await failure(transport.request({ endpoint: "getUser", method: "POST", path: "/api/v1/getUser", json: { userid: "x" } }));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(error.message).toBe("directory getUser did not answer within 80 ms");
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => closedSockets > closed);
  });

  it("a vendor that stops in the middle of its answer is UPSTREAM_TIMEOUT too", async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('{"errcode":');
    };
    const transport = new Transport({ vendor: "yunzhong", baseUrl: base, timeoutMs: 80 });
    const error = await failure(transport.request({ endpoint: "getList", method: "GET", path: "/list" }));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(error.message).toBe("yunzhong getList did not finish its answer within 80 ms");
  });
});
