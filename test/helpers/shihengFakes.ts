// A scripted stand-in for 食亨's employee list, for unit tests that need exact control over each
// answer. Tests against the real simulator live in shiheng.sim.test.ts.
import { createHash } from "node:crypto";
import type { Clock } from "../../src/core/Clock.js";
import { scriptedFetch, type Override } from "./vendors.js";

export const SH_APP_ID = "sh-app-1";
export const SH_SECRET = "sh-secret-value-42";

/** The Decision's sign, written out independently of src/vendors/shiheng/sign.ts. */
export function referenceSign(body: Record<string, unknown>, secret: string): string {
  const keys = Object.keys(body).filter((k) => k !== "sign").sort();
  const text = secret + keys.map((k) => k + (typeof body[k] === "object" ? JSON.stringify(body[k]) : String(body[k]))).join("") + secret;
  return createHash("md5").update(text).digest("hex").toUpperCase();
}

export function employeeRow(i: number, consent: boolean) {
  return {
    id: 1473493 + i,
    weComUserId: `User${i}`,
    status: [1, 2, 4, 5, 0, 6][i % 6],
    name: `员工${i}`,
    corpId: i % 2 ? "wwcorpB" : "wwcorpA",
    followUserFlag: i % 3 === 0 ? 1 : i % 3 === 1 ? false : true,
    userId: null,
    gender: consent ? String(i % 3) : null,
    avatarUrl: consent ? `https://wework.qpic.cn/wwhead/${i}/0` : null,
    qrCodeUrl: null,
    mobileNumber: consent ? `1390000${String(i).padStart(4, "0")}` : null,
    emailAddress: consent ? `u${i}@example.cn` : null,
    businessEmail: null,
    address: null,
    phone: consent ? `1390000${String(i).padStart(4, "0")}` : null,
  };
}

export function fakeShiheng(options: { total?: number; clock: Clock; override?: Override }) {
  const total = options.total ?? 7;
  const rows = Array.from({ length: total }, (_, i) => employeeRow(i, i % 2 === 0));
  let trace = 0;
  const { fetch, calls } = scriptedFetch(async (call, all) => {
    const over = await options.override?.(call, all);
    if (over !== undefined) return over;
    const body = call.body as Record<string, unknown>;
    const traceId = `trace-${++trace}`;
    if (body.appId !== SH_APP_ID) return { body: { code: "1003", msg: "appId not exist", traceId, result: null } };
    if (Math.abs(Number(body.timestamp) - options.clock.now()) > 300_000) return { body: { code: "1002", msg: "timestamp error", traceId, result: null } };
    if (body.sign !== referenceSign(body, SH_SECRET)) return { body: { code: "1001", msg: "sign error", traceId, result: null } };
    const { pageNum, pageSize } = body.paramContent as { pageNum: number; pageSize: number };
    return {
      body: {
        code: "0",
        msg: null,
        traceId,
        result: { pages: Math.ceil(total / pageSize), total, result: rows.slice((pageNum - 1) * pageSize, pageNum * pageSize) },
      },
    };
  });
  return { fetch, calls, rows };
}
