// One node:http server for the four vendor simulators, each under its own path prefix, plus the
// control endpoints at the root. Every vendor request passes the same gate: count, hang, rate
// limit, injected fault, latency; only then does the vendor answer.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { VENDORS, type Vendor } from "../errors/codes.js";
import { generateDataset, type Dataset, type DatasetOptions } from "./dataset.js";
import { createDirectorySim } from "./directorySim.js";
import {
  cloneKnobs,
  defaultKnobs,
  KnobsError,
  mergeKnobs,
  parseKnobsPatch,
  RATE_LIMIT_FAULT,
  selectFault,
  type KnobsPatch,
  type SimKnobs,
} from "./knobs.js";
import { createRandom, type Random } from "./random.js";
import { RateLimiter } from "./RateLimiter.js";
import { createShihengSim } from "./shihengSim.js";
import { httpFault, json, parseJsonObject, responseText, systemSimClock, truncateJson, type SimClock, type SimRequest, type SimResponse, type VendorSim } from "./simHttp.js";
import { createYunzhenjiSim } from "./yunzhenjiSim.js";
import { createYunzhongSim } from "./yunzhongSim.js";
import { applyWorldChange, parseWorldChange, WorldError, type WorldChange, type WorldResult } from "./world.js";

export interface StartSimulatorsOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** A prepared world; otherwise one is generated from `size` and `seed`. */
  dataset?: Dataset;
  size?: DatasetOptions["size"];
  seed?: number;
  /** Start knobs, deep-merged over the defaults; /__reset returns to them. */
  knobs?: KnobsPatch;
  /** Drives token expiry, shiheng's timestamp window and rate-limit windows. */
  clock?: SimClock;
  /**
   * Told of every vendor request as it is counted, with the clock's time: what a benchmark or a
   * test needs to count the requests of any window, not only since the last reset.
   */
  onRequest?: (event: SimRequestEvent) => void;
}

export interface SimRequestEvent {
  vendor: Vendor;
  /** The counter key, e.g. "wechat/list". */
  endpoint: string;
  /** The clock's time when the request arrived. */
  at: number;
}

export type SimStats = {
  yunzhenji: { "oauth/token": number; "wechat/list": number };
  shiheng: { "employee/list": number };
  yunzhong: { getList: number };
  directory: { getUser: number };
};

export interface RunningSimulators {
  /** "http://127.0.0.1:PORT", no trailing slash; a vendor's baseUrl is `${url}/yunzhenji` etc. */
  readonly url: string;
  readonly port: number;
  /** The seeded world, as generated: world changes never touch it (they act on a live copy). */
  readonly dataset: Dataset;
  stats(): SimStats;
  /** Zeroes counters, restores the start knobs and the seeded world, forgets issued tokens and rate-limit windows. */
  reset(): void;
  /**
   * Changes the world while it runs (world.ts): `{ account: { id, online } }`,
   * `{ customer: { add: { corpId, ownerUserId, … } } }` or `{ customer: { lose: rowId } }`.
   * Returns a copy of the touched record; a bad change throws WorldError.
   */
  world(change: WorldChange): WorldResult;
  /** Deep-merges a patch into the live knobs and returns them; a bad patch throws KnobsError. */
  setKnobs(patch: KnobsPatch): SimKnobs;
  knobs(): SimKnobs;
  /** Stops the server, destroying hanging sockets (timeout knob) so it never waits on them. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: SimResponse, malformed = false): void {
  if (res.destroyed || res.writableEnded) return;
  let text = responseText(r);
  if (malformed && r.text === undefined) text = truncateJson(text);
  res.writeHead(r.status, {
    "content-type": "application/json; charset=utf-8",
    ...r.headers,
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function zeroStats(): SimStats {
  return {
    yunzhenji: { "oauth/token": 0, "wechat/list": 0 },
    shiheng: { "employee/list": 0 },
    yunzhong: { getList: 0 },
    directory: { getUser: 0 },
  };
}

function hostForUrl(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ?? systemSimClock;
  const dataset = options.dataset ?? generateDataset({ seed: options.seed, size: options.size });
  const startKnobs = mergeKnobs(defaultKnobs(), parseKnobsPatch(options.knobs ?? {}));
  const seed = options.seed ?? dataset.seed;

  let knobs = cloneKnobs(startKnobs);
  let counters = zeroStats();
  // errorRate draws from a seeded PRNG so a test with a given rate fails the same requests every run.
  let random: Random = createRandom(seed ^ 0x5eed);
  const limiters = Object.fromEntries(VENDORS.map((v) => [v, new RateLimiter()])) as Record<Vendor, RateLimiter>;
  const ctx = { dataset, knobs: () => knobs, clock };
  // The last time stamped on a world change: changes happen after the seeded world's "now" and
  // never go back in time, whatever the injected clock says.
  let worldStamp = dataset.now;
  const sims: Record<Vendor, VendorSim> = {
    yunzhenji: createYunzhenjiSim(ctx),
    shiheng: createShihengSim(ctx),
    yunzhong: createYunzhongSim(ctx),
    directory: createDirectorySim(ctx),
  };
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const worldChanged = (): void => {
    for (const v of VENDORS) sims[v].worldChanged?.();
  };

  const api = {
    stats: (): SimStats => JSON.parse(JSON.stringify(counters)) as SimStats,
    reset: (): void => {
      if (ctx.dataset !== dataset) {
        ctx.dataset = dataset;
        worldChanged();
      }
      worldStamp = dataset.now;
      counters = zeroStats();
      knobs = cloneKnobs(startKnobs);
      random = createRandom(seed ^ 0x5eed);
      for (const v of VENDORS) {
        limiters[v].reset();
        sims[v].reset();
      }
    },
    setKnobs: (patch: KnobsPatch): SimKnobs => {
      knobs = mergeKnobs(knobs, parseKnobsPatch(patch));
      return cloneKnobs(knobs);
    },
    knobs: (): SimKnobs => cloneKnobs(knobs),
    world: (change: WorldChange): WorldResult => {
      const parsed = parseWorldChange(change);
      // Copy on the first change only: most runs never change the world, and the large preset is big.
      const live = ctx.dataset === dataset ? structuredClone(dataset) : ctx.dataset;
      worldStamp = Math.max(worldStamp, Math.floor(clock.now() / 1000));
      const result = applyWorldChange(live, parsed, worldStamp);
      if (result.changed && live !== ctx.dataset) ctx.dataset = live;
      if (result.changed) worldChanged();
      return result;
    },
  };

  function faultResponse(vendor: Vendor, name: string, req: SimRequest, endpoint: string): SimResponse {
    if (name === "malformed") return sims[vendor].handle(req, endpoint);
    return httpFault(name, limiters[vendor].retryAfterSeconds(req.now)) ?? sims[vendor].fault(name, req);
  }

  async function vendorRequest(vendor: Vendor, subPath: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sim = sims[vendor];
    const endpoint = sim.route(subPath);
    if (endpoint === null) return send(res, json({ error: "not found", path: url.pathname }, 404));
    const counts = counters[vendor] as Record<string, number>;
    counts[endpoint] = (counts[endpoint] ?? 0) + 1;
    options.onRequest?.({ vendor, endpoint, at: clock.now() });
    // Accept and never answer: the client's own timeout has to fire; close() destroys the socket.
    if (knobs[vendor].timeout) return;

    const body = await readBody(req);
    const simReq: SimRequest = {
      method: req.method ?? "GET",
      path: subPath,
      query: url.searchParams,
      headers: req.headers,
      body,
      now: clock.now(),
      baseUrl: `http://${req.headers.host ?? "127.0.0.1"}/${vendor}`,
    };
    const live = knobs[vendor];
    let fault: string | null;
    if (!limiters[vendor].allow(simReq.now, live.rateLimitPerMinute)) fault = RATE_LIMIT_FAULT[vendor];
    else fault = selectFault(live, vendor, random);
    const answer = fault === null ? sim.handle(simReq, endpoint) : faultResponse(vendor, fault, simReq, endpoint);
    const malformed = live.malformedJson || fault === "malformed";
    if (live.latencyMs > 0) await sleep(live.latencyMs);
    send(res, answer, malformed);
  }

  async function controlRequest(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const allowed: Record<string, string[]> = { "/__stats": ["GET"], "/__reset": ["POST"], "/__control": ["GET", "POST"], "/__world": ["POST"] };
    const methods = allowed[path];
    if (!methods) return send(res, json({ error: "not found", path }, 404));
    if (!methods.includes(method)) return send(res, json({ error: `method ${method} not allowed`, allowed: methods }, 405, { allow: methods.join(", ") }));
    if (path === "/__stats") return send(res, json(api.stats()));
    if (path === "/__reset") {
      await readBody(req);
      api.reset();
      return send(res, json({ ok: true }));
    }
    if (path === "/__world") {
      const change = parseJsonObject(await readBody(req));
      if (change === null) return send(res, json({ error: "the body must be a JSON object: one world change" }, 400));
      try {
        return send(res, json({ ok: true, ...api.world(change as WorldChange) }));
      } catch (err) {
        if (err instanceof WorldError) return send(res, json({ error: err.message }, 400));
        throw err;
      }
    }
    if (method === "GET") return send(res, json(api.knobs()));
    const text = await readBody(req);
    const patch = text.trim() === "" ? {} : parseJsonObject(text);
    if (patch === null) return send(res, json({ error: "the body must be a JSON object of knobs" }, 400));
    try {
      return send(res, json(api.setKnobs(patch as KnobsPatch)));
    } catch (err) {
      if (err instanceof KnobsError) return send(res, json({ error: err.message }, 400));
      throw err;
    }
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    const path = url.pathname;
    if (path.startsWith("/__")) return controlRequest(path, req, res);
    const vendor = VENDORS.find((v) => path === `/${v}` || path.startsWith(`/${v}/`));
    if (!vendor) return send(res, json({ error: "not found", path, vendors: VENDORS.map((v) => `/${v}`) }, 404));
    return vendorRequest(vendor, path.slice(vendor.length + 1) || "/", url, req, res);
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) return send(res, json({ error: "request body too large" }, 413));
      if (closed) return;
      send(res, json({ error: "simulator failure", detail: err instanceof Error ? err.message : String(err) }, 500));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${hostForUrl(host)}:${port}`,
    port,
    dataset,
    ...api,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}
