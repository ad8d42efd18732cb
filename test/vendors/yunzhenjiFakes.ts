// A scripted stand-in for yunzhenji's HTTP API, for unit tests that need exact control over
// each answer. Tests against the real simulator live in yunzhenji.sim.test.ts.
import type { Clock, FetchLike, FetchResponseLike, Logger } from "../../src/vendors/http/deps.js";

export interface Call {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status?: number; body?: unknown; text?: string } | "hang" | Error;

export function response(status: number, text: string): FetchResponseLike {
  return { status, ok: status >= 200 && status < 300, headers: { get: () => "application/json" }, text: async () => text };
}

/** A fetch that records every call and answers with `handler`'s choice. */
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

/** Virtual time: sleeps return at once and move the clock, so backoff costs no wall time. */
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

export interface LogLine {
  level: string;
  obj: object;
  msg: string | undefined;
}

export function captureLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export const APP_ID = "app-123";
export const APP_SECRET = "s3cr3t-app-secret-value";

/** A small yunzhenji: tokens, a list of `total` rows, and per-test overrides. */
export function fakeYunzhenji(options: {
  total?: number;
  ttl?: number;
  clock: Clock;
  /** Return an answer to override the default for this call. */
  override?: (call: Call, calls: Call[]) => Answer | undefined | Promise<Answer | undefined>;
}) {
  const total = options.total ?? 7;
  const tokens = new Map<string, number>();
  let issued = 0;
  const counts = { token: 0, list: 0 };
  const rows = Array.from({ length: total }, (_, i) => ({
    id: 1000 + i,
    wxid: `wxid_${i}`,
    nickname: `nick${i}`,
    full_name: "",
    wx_alias: "",
    avatar: "",
    mobile: `1380000${String(i).padStart(4, "0")}`,
    sub_user_id: 0,
    group_id: i % 2 ? "3,4" : 0,
    corp_id: 2,
    online: i % 2,
    last_login_time: 1637291466,
    last_offline_time: 0,
    ctime: 1637291466,
    utime: 1637291466,
    corp: null,
  }));
  const { fetch, calls } = scriptedFetch(async (call, all) => {
    const path = call.url.pathname;
    if (path.endsWith("/oauth/token")) counts.token++;
    else counts.list++;
    const over = await options.override?.(call, all);
    if (over !== undefined) return over;
    if (path.endsWith("/oauth/token")) {
      const token = `tok-${++issued}-abcdef`;
      const ttl = options.ttl ?? 7200;
      tokens.set(token, options.clock.now() + ttl * 1000);
      return { body: { errcode: 0, data: { access_token: token, expires_in: ttl } } };
    }
    const q = call.url.searchParams;
    const token = q.get("access_token");
    if (!token) return { body: { errcode: 112, message: "缺少access_token" } };
    const exp = tokens.get(token);
    if (exp === undefined) return { body: { errcode: 110, message: "access_token无效" } };
    if (options.clock.now() >= exp) return { body: { errcode: 111, message: "access_token已过期" } };
    const page = Number(q.get("page") ?? 1);
    const perPage = Math.min(Number(q.get("page_size") ?? 10), 100);
    const slice = rows.slice((page - 1) * perPage, page * perPage);
    return {
      body: {
        errcode: 0,
        data: slice,
        pager: { page, perPage, numRecords: total, numPages: Math.ceil(total / perPage), firstRecord: (page - 1) * perPage, lastRecord: (page - 1) * perPage + slice.length - 1 },
      },
    };
  });
  return { fetch, calls, counts, tokens, rows };
}
