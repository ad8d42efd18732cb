// The vendor transport's default FetchLike: node:http(s) over keep-alive Agents. One of these per
// Transport, so each vendor has its own bounded pool of warm sockets. It replaces node-fetch on the
// hot path because a resolver fans out to dozens of vendor calls per GraphQL request, and node-fetch
// opened a new connection for each and ran every body through stream.pipeline, a TextDecoder and an
// AbortController of its own (README, Benchmark: 8.8 CPU-ms per request against node-fetch's 22.8).
//
// What it does not do, on purpose: follow redirects (a vendor API that redirects has the wrong
// baseUrl, and following would carry our credentials to another host) or ask for compression.
// The request timeout is the caller's: the Transport aborts `signal` when its timer fires.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { FetchLike, FetchResponseLike } from "../../core/FetchLike.js";

export interface NodeHttpFetchOptions {
  /** Concurrent sockets per vendor host; requests beyond it wait for a free one (default 32). */
  maxSockets?: number;
  /** An idle socket is closed after this long, or 1 s before the vendor's own Keep-Alive hint (default 15000). */
  idleTimeoutMs?: number;
}

export interface NodeHttpFetch extends FetchLike {
  /** Closes every pooled socket (tests, shutdown). */
  destroy(): void;
}

export const DEFAULT_MAX_SOCKETS = 32;
export const DEFAULT_IDLE_TIMEOUT_MS = 15_000;

/** What a fetch rejects with when its signal fires: the name the Transport and fetch callers know. */
function abortError(): Error {
  return Object.assign(new Error("The operation was aborted."), { name: "AbortError" });
}

function decompress(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case "":
    case "identity":
      return body;
    case "gzip":
    case "x-gzip":
      return gunzipSync(body);
    case "deflate":
      return inflateSync(body);
    case "br":
      return brotliDecompressSync(body);
    default:
      throw new Error(`unsupported content-encoding ${JSON.stringify(encoding)}`);
  }
}

class NodeResponse implements FetchResponseLike {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  private readonly body: Promise<string>;

  constructor(res: IncomingMessage, body: Promise<string>) {
    this.status = res.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    const raw = res.headers;
    this.headers = {
      get(name) {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    };
    this.body = body;
  }

  text(): Promise<string> {
    return this.body;
  }
}

export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): NodeHttpFetch {
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const timeout = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (!Number.isInteger(maxSockets) || maxSockets < 1) throw new TypeError(`nodeHttpFetch: maxSockets must be a positive integer, got ${JSON.stringify(options.maxSockets)}`);
  if (!Number.isInteger(timeout) || timeout < 1) throw new TypeError(`nodeHttpFetch: idleTimeoutMs must be a positive integer, got ${JSON.stringify(options.idleTimeoutMs)}`);
  // lifo: the warmest socket is reused and the rest are let go by the idle timeout.
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout, scheduling: "lifo" as const };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);

  const send = (url: string, init: Parameters<FetchLike>[1], retryStale: boolean): Promise<FetchResponseLike> =>
    new Promise((resolve, reject) => {
      const { signal } = init;
      if (signal?.aborted) return reject(abortError());
      const secure = url.startsWith("https:");
      const headers: Record<string, string> = { ...init.headers };
      if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
      const requestOptions: RequestOptions = { method: init.method, headers, agent: secure ? https : http };
      let settled = false;
      // Set once the answer has begun: from then on a broken socket fails the body, never a resend.
      let responded = false;
      let finish = (error?: Error) => {
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        if (error) reject(error);
      };
      const onAbort = () => req.destroy(abortError());
      const req: ClientRequest = (secure ? httpsRequest : httpRequest)(url, requestOptions, (res) => {
        responded = true;
        // The body is read at once, whether or not text() is ever called, so the socket goes back
        // to the pool; text() hands over the one decoded string.
        const body = new Promise<string>((resolveBody, rejectBody) => {
          // A plain body is decoded chunk by chunk (a character split between chunks is kept
          // whole), so each socket read's buffer is let go at once; a compressed one is collected.
          const encoding = res.headers["content-encoding"];
          const plain = encoding === undefined || encoding === "" || encoding.trim().toLowerCase() === "identity";
          let text = "";
          const chunks: Buffer[] = [];
          let size = 0;
          finish = (error?: Error) => {
            if (settled) return;
            settled = true;
            signal?.removeEventListener("abort", onAbort);
            if (error) return rejectBody(error);
            if (plain) return resolveBody(text);
            try {
              resolveBody(decompress(Buffer.concat(chunks, size), encoding).toString("utf8"));
            } catch (cause) {
              rejectBody(cause as Error);
            }
          };
          if (plain) {
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => {
              text += chunk;
            });
          } else {
            res.on("data", (chunk: Buffer) => {
              chunks.push(chunk);
              size += chunk.length;
            });
          }
          res.on("end", () => finish());
          res.on("error", (error) => finish(error));
          // A socket closed mid-body ends the response without "end".
          res.on("close", () => finish(signal?.aborted ? abortError() : Object.assign(new Error("the connection closed before the answer ended"), { code: "ECONNRESET" })));
        });
        // A caller that never reads the body must not leave an unhandled rejection behind.
        body.catch(() => {});
        resolve(new NodeResponse(res, body));
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (settled) return;
        // A pooled socket the vendor closed as we reused it, before any answer: sent once more on a
        // fresh socket (Node's documented req.reusedSocket pattern; every vendor call here is a read).
        if (retryStale && !responded && req.reusedSocket && error.code === "ECONNRESET" && !signal?.aborted) {
          settled = true;
          signal?.removeEventListener("abort", onAbort);
          send(url, init, false).then(resolve, reject);
          return;
        }
        finish(signal?.aborted ? abortError() : error);
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      req.end(init.body);
    });

  const fetch = ((url, init) => send(url, init, true)) as NodeHttpFetch;
  fetch.destroy = () => {
    http.destroy();
    https.destroy();
  };
  return fetch;
}
