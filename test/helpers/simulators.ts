// Shared setup for the simulator tests: a real server on port 0, raw fetches, a hand-moved clock.
import { createHash } from "node:crypto";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { startSimulators, type RunningSimulators, type StartSimulatorsOptions } from "../../src/simulators/startSimulators.js";

export class ManualClock {
  constructor(public t = Date.UTC(2024, 5, 1, 8, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Raw {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; throws when the body is not JSON. */
  body: any;
}

export async function call(url: string, init: RequestInit = {}): Promise<Raw> {
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed: unknown;
  let parseError: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    parseError = err;
  }
  return {
    status: res.status,
    headers: res.headers,
    text,
    get body() {
      if (parseError) throw parseError;
      return parsed;
    },
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Raw> {
  return call(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

export function startSim(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  return startSimulators(options);
}

export async function yunzhenjiToken(sim: RunningSimulators): Promise<string> {
  const { appId, appSecret } = SIM_CREDENTIALS.yunzhenji;
  const r = await postJson(`${sim.url}/yunzhenji/oauth/token`, { app_id: appId, app_secret: appSecret, grant_type: "client_credentials" });
  return r.body.data.access_token as string;
}

/** An independent implementation of docs/vendors/shiheng.md's signing Decision, so the simulator is checked against the doc. */
export function signShiheng(body: Record<string, unknown>, secret: string): string {
  const keys = Object.keys(body).filter((k) => k !== "sign").sort();
  let text = secret;
  for (const k of keys) {
    const v = body[k];
    text += k + (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
  }
  text += secret;
  return createHash("md5").update(text, "utf8").digest("hex").toUpperCase();
}

export function shihengRequest(paramContent: Record<string, unknown>, timestamp: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { appId, appSecret } = SIM_CREDENTIALS.shiheng;
  const body: Record<string, unknown> = { appId, version: "1.0", timestamp, paramContent, ...overrides };
  return { ...body, sign: signShiheng(body, appSecret) };
}

export function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}
