// Test setup every vendor client test needs: fetches that answer from a script, clocks that do not
// wait, a logger that keeps its lines, simulators per file, and the checks that an error really is
// an UpstreamError and that no credential shows up where a person could read it.
import { afterAll, beforeEach, expect } from "vitest";
import { startSimulators, type RunningSimulators, type StartSimulatorsOptions } from "../../src/simulators/startSimulators.js";
import { defaultFetch } from "../../src/vendors/http/defaultFetch.js";
import { type Clock } from "../../src/core/Clock.js";
import { type FetchLike, type FetchResponseLike } from "../../src/core/FetchLike.js";
import { type Logger } from "../../src/core/Logger.js";
import { UpstreamError } from "../../src/vendors/http/UpstreamError.js";

export interface Call {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** The JSON body, parsed; undefined for a GET. */
  body: unknown;
}

export type Answer = { status?: number; body?: unknown; text?: string } | "hang" | Error;

/** A test's change to a fake vendor: an answer for this call, or undefined for the fake's default. */
export type Override = (call: Call, calls: Call[]) => Answer | undefined | Promise<Answer | undefined>;

export function response(status: number, text: string): FetchResponseLike {
  return { status, ok: status >= 200 && status < 300, headers: { get: () => "application/json" }, text: async () => text };
}

/**
 * A fetch that records every call and answers with `handler`'s choice: a status and body or text,
 * "hang" (until the client's timeout aborts it) or an Error (a network failure).
 */
export function scriptedFetch(handler: (call: Call, calls: Call[]) => Answer | Promise<Answer>): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call: Call = { method: init.method, url: new URL(url), headers: init.headers, body: init.body === undefined ? undefined : JSON.parse(init.body) };
    calls.push(call);
    const answer = await handler(call, calls);
    if (answer instanceof Error) throw answer;
    if (answer === "hang") {
      return new Promise<FetchResponseLike>((_, reject) => {
        init.signal?.addEventListener("abort", () => reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError" })));
      });
    }
    return response(answer.status ?? 200, answer.text ?? JSON.stringify(answer.body));
  };
  return { fetch, calls };
}

/**
 * A scriptedFetch for tests that only choose the answer: a body object (sent as JSON), raw text, or
 * `{ status, body }`. `n` counts the calls so far, this one included.
 */
export function answeringFetch(answer: (call: Call, n: number) => unknown): { fetch: FetchLike; calls: Call[] } {
  return scriptedFetch((call, calls) => {
    let out = answer(call, calls.length);
    let status = 200;
    if (out && typeof out === "object" && "status" in out && "body" in out) {
      status = (out as { status: number }).status;
      out = (out as { body: unknown }).body;
    }
    return typeof out === "string" ? { status, text: out } : { status, body: out };
  });
}

/** The real fetch, keeping what `pick` finds in each request (a token, a sign) to look for where it must not be. */
export function recordingFetch(pick: (url: string, init: Parameters<FetchLike>[1]) => string | null | undefined): { fetch: FetchLike; seen: Set<string> } {
  const seen = new Set<string>();
  const fetch: FetchLike = (url, init) => {
    const found = pick(url, init);
    if (found) seen.add(found);
    return defaultFetch(url, init);
  };
  return { fetch, seen };
}

/** Virtual time: sleeps return at once and move the clock, so backoff and token lifetimes cost no wall time. */
export function fakeClock(start = Date.UTC(2024, 0, 1)): Clock & { t: number; advance(ms: number): void; sleeps: number[] } {
  const clock = {
    t: start,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
    advance: (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

/** Real time, but backoff returns at once (and is noted in `sleeps`): for clients whose clock only paces retries. */
export function fastClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
}

/**
 * The error `promise` rejects with, asserted to be an UpstreamError; a promise that resolves fails
 * the test. `seen` collects the error for a check over the whole file.
 */
export async function failure(promise: Promise<unknown>, seen?: UpstreamError[]): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    seen?.push(error as UpstreamError);
    return error as UpstreamError;
  }
  throw new Error("expected the call to fail");
}

/** A `failure` that also keeps every error, for a file whose last check looks at all of them. */
export function failureCollector(): { failure: (promise: Promise<unknown>) => Promise<UpstreamError>; errors: UpstreamError[] } {
  const errors: UpstreamError[] = [];
  return { errors, failure: (promise) => failure(promise, errors) };
}

/** Asserts that nothing a test can see of an error or the logs carries a credential. */
export function expectNoSecrets(texts: unknown[], secrets: readonly string[]): void {
  for (const t of texts) {
    const s = typeof t === "string" ? t : JSON.stringify(t);
    for (const secret of secrets) expect(s).not.toContain(secret);
  }
}

/**
 * The simulators' HTTP-level faults, the same for every vendor because the shared Transport answers
 * them: `[forceError, our code, requests made]` (5xx retried twice, the rest final).
 */
export type FaultCase = [fault: string, code: string, requests: number];

export const HTTP_FAULTS: readonly FaultCase[] = [
  ["http401", "UPSTREAM_UNAUTHORIZED", 1],
  ["http429", "UPSTREAM_RATE_LIMITED", 1],
  ["http500", "UPSTREAM_ERROR", 3],
  ["http502", "UPSTREAM_ERROR", 3],
  ["malformed", "UPSTREAM_ERROR", 1],
];

/**
 * Simulators for one test file: started once, reset before each test (counters, knobs, issued
 * tokens), closed after the last.
 */
export async function simulatorsForFile(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const sim = await startSimulators(options);
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());
  return sim;
}
