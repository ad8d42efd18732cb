// The shapes shared by the four vendor simulators and the server that routes to them.
import type { IncomingHttpHeaders } from "node:http";
import type { Vendor } from "../errors/codes.js";
import type { Dataset } from "./dataset.js";
import type { SimKnobs } from "./knobs.js";

export interface SimClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemSimClock: SimClock = { now: () => Date.now() };

export interface SimRequest {
  method: string;
  /** The path below the vendor prefix, e.g. "/wechat/list". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The injected clock's time when the request arrived. */
  now: number;
  /** The vendor's base URL as the client addressed us ("http://host:port/yunzhong"), for URLs in answers. */
  baseUrl: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
}

export interface VendorSimContext {
  /** The live world: the seeded dataset until the first change (world.ts), then a copy of it. */
  dataset: Dataset;
  /** The live knobs (read per request: /__control changes them at run time). */
  knobs(): SimKnobs;
  clock: SimClock;
}

export interface VendorSim {
  readonly vendor: Vendor;
  /** Counter keys of /__stats, present with 0 from the start. */
  readonly endpoints: readonly string[];
  /** The counter key of a path below the prefix, or null when the vendor has no such path. */
  route(path: string): string | null;
  handle(req: SimRequest, endpoint: string): SimResponse;
  /** This vendor's own envelope error for a named fault (see ENVELOPE_FAULTS). */
  fault(name: string, req: SimRequest): SimResponse;
  /** Forgets run-time state (issued tokens). */
  reset(): void;
  /** Re-reads `ctx.dataset` after the world changed (world.ts); vendors whose data never changes leave it out. */
  worldChanged?(): void;
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): SimResponse {
  return headers ? { status, json: body, headers } : { status, json: body };
}

export function responseText(res: SimResponse): string {
  return res.text ?? JSON.stringify(res.json ?? null);
}

/** A strict prefix of a JSON object or array is never valid JSON, so half the body always breaks a parser. */
export function truncateJson(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

const NGINX_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** The plain HTTP faults, the same for every vendor. */
export function httpFault(name: string, retryAfterSeconds = 60): SimResponse | null {
  switch (name) {
    case "http500":
      return json({ status: 500, error: "Internal Server Error" }, 500);
    case "http502":
      return { status: 502, text: NGINX_502, headers: { "content-type": "text/html" } };
    case "http429":
      return json({ status: 429, error: "Too Many Requests" }, 429, { "retry-after": String(retryAfterSeconds) });
    case "http401":
      return json({ status: 401, error: "Unauthorized" }, 401);
    default:
      return null;
  }
}

/** The body as a JSON object, or null when it is not one. */
export function parseJsonObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function isFormBody(req: SimRequest): boolean {
  return String(req.headers["content-type"] ?? "").toLowerCase().includes("application/x-www-form-urlencoded");
}

/** Query parameters, then a urlencoded body over them (as PHP's $_REQUEST would merge them). */
export function requestParams(req: SimRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  if (req.method === "POST" && req.body !== "" && isFormBody(req)) {
    const form = new URLSearchParams(req.body);
    for (const key of new Set(form.keys())) params.delete(key);
    for (const [k, v] of form) params.append(k, v);
  }
  return params;
}
