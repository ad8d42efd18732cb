// A scripted stand-in for yunzhenji's HTTP API, for unit tests that need exact control over
// each answer. Tests against the real simulator live in yunzhenji.sim.test.ts.
import type { Clock } from "../../src/core/Clock.js";
import { scriptedFetch, type Override } from "./vendors.js";

export const APP_ID = "app-123";
export const APP_SECRET = "s3cr3t-app-secret-value";

/** A small yunzhenji: tokens, a list of `total` rows, and per-test overrides. */
export function fakeYunzhenji(options: {
  total?: number;
  ttl?: number;
  clock: Clock;
  override?: Override;
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
