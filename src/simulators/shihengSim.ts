// 食亨: the signed employee list. Codes are strings, every answer carries a traceId, and personal
// fields are null unless the employee consented (snsapi_privateinfo).
import { randomBytes } from "node:crypto";
import type { SimEmployee } from "./dataset.js";
import { SIM_CREDENTIALS } from "./credentials.js";
import { shihengSign } from "./shihengSign.js";
import { json, parseJsonObject, type SimRequest, type SimResponse, type VendorSim, type VendorSimContext } from "./simHttp.js";

export const SHIHENG_EMPLOYEE_LIST_PATH = "/open/api/wecom/employee/list";
export const SHIHENG_MAX_PAGE_SIZE = 50;
export const SHIHENG_TIMESTAMP_WINDOW_MS = 300_000;

export const SHIHENG_MESSAGES: Record<string, string> = {
  "1001": "sign error",
  "1002": "timestamp error",
  "1003": "appId not exist",
  "1004": "param error",
  "500": "系统繁忙,请稍后重试",
};

function traceId(): string {
  return randomBytes(16).toString("hex");
}

function failure(code: string, msg?: string): SimResponse {
  return json({ code, msg: msg ?? SHIHENG_MESSAGES[code] ?? "error", traceId: traceId(), result: null });
}

/** One employee row as the vendor renders it. */
export function renderShihengEmployee(e: SimEmployee) {
  const consent = e.shihengConsent;
  return {
    id: e.shihengId,
    weComUserId: e.userId,
    status: e.shihengStatus,
    name: e.name,
    corpId: e.corpId,
    // Documented as boolean and as 0/1; the vendor sends both, so some rows carry the int.
    followUserFlag: e.shihengId % 9 === 0 ? (e.followUser ? 1 : 0) : e.followUser,
    userId: consent && e.shihengId % 4 === 0 ? e.userId : null,
    gender: consent ? String(e.gender) : null,
    avatarUrl: consent ? e.avatar : null,
    qrCodeUrl: consent ? e.qrCode : null,
    mobileNumber: consent ? e.mobile : null,
    emailAddress: consent ? e.email : null,
    businessEmail: consent ? e.bizMail : null,
    address: consent ? e.address : null,
    phone: consent ? e.mobile : null,
  };
}

/** An int the way Jackson binds one: a JSON number or a numeric string. */
function intField(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
  return null;
}

export function createShihengSim(ctx: VendorSimContext): VendorSim {
  const creds = SIM_CREDENTIALS.shiheng;
  const rows = ctx.dataset.employees.filter((e) => e.inShiheng).sort((a, b) => a.shihengId - b.shihengId);

  function list(req: SimRequest): SimResponse {
    if (req.method !== "POST") {
      return json({ timestamp: new Date(req.now).toISOString(), status: 405, error: "Method Not Allowed", path: SHIHENG_EMPLOYEE_LIST_PATH }, 405);
    }
    const body = parseJsonObject(req.body);
    if (!body) return failure("1004", "request body must be a JSON object");
    if (body.appId !== creds.appId) return failure("1003");
    const ts = intField(body.timestamp);
    if (ts === null) return failure("1002", "timestamp is required (unix milliseconds)");
    if (Math.abs(req.now - ts) > SHIHENG_TIMESTAMP_WINDOW_MS) return failure("1002", "timestamp expired");
    // Re-stringifying the parsed paramContent gives back what the client signed for a plain object.
    if (typeof body.sign !== "string" || body.sign !== shihengSign(body, creds.appSecret)) return failure("1001");
    if (typeof body.version !== "string" || body.version === "") return failure("1004", "version is required");
    const pc = body.paramContent;
    if (pc === null || typeof pc !== "object" || Array.isArray(pc)) return failure("1004", "paramContent is required");
    const { pageNum: rawNum, pageSize: rawSize } = pc as Record<string, unknown>;
    const pageNum = intField(rawNum);
    if (pageNum === null || pageNum < 1) return failure("1004", "pageNum must be an integer >= 1");
    const pageSize = intField(rawSize);
    if (pageSize === null || pageSize < 1 || pageSize > SHIHENG_MAX_PAGE_SIZE) {
      return failure("1004", `pageSize must be an integer between 1 and ${SHIHENG_MAX_PAGE_SIZE}`);
    }
    const start = (pageNum - 1) * pageSize;
    return json({
      code: "0",
      msg: null,
      traceId: traceId(),
      result: {
        pages: Math.ceil(rows.length / pageSize),
        total: rows.length,
        result: rows.slice(start, start + pageSize).map(renderShihengEmployee),
      },
    });
  }

  return {
    vendor: "shiheng",
    endpoints: ["employee/list"],
    route: (path) => (path === SHIHENG_EMPLOYEE_LIST_PATH ? "employee/list" : null),
    handle: (req) => list(req),
    fault: (name) => failure(name),
    reset: () => {},
  };
}
