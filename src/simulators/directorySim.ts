// getUser: one employee's WeCom user/get profile behind a bearer header. Errors are HTTP 200 with
// `errcode`/`errmsg`; userids compare case-insensitively, as WeCom's do.
import type { SimCorp, SimEmployee } from "./dataset.js";
import { DIRECTORY_BEARER_TOKEN } from "./credentials.js";
import { json, parseJsonObject, type SimRequest, type SimResponse, type VendorSim, type VendorSimContext } from "./simHttp.js";

export const DIRECTORY_MESSAGES: Record<string, string> = {
  "-1": "system busy",
  "40003": "invalid userid",
  "40014": "invalid access_token",
  "41009": "missing userid",
  "42001": "access_token expired",
  "45009": "api freq out of limit",
  "47001": "data format error",
  "48002": "api forbidden",
  "60011": "no privilege to access/modify contact/party/agent",
  "60111": "userid not found",
};

function failure(code: string): SimResponse {
  return json({ errcode: Number(code), errmsg: DIRECTORY_MESSAGES[code] ?? "error" });
}

export function hasDirectoryBearer(header: string | undefined): boolean {
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1] === DIRECTORY_BEARER_TOKEN;
}

export function renderDirectoryUser(e: SimEmployee, corp: SimCorp, index: number) {
  const leaderPosition = e.position === "区域经理" || e.position === "门店店长";
  return {
    errcode: 0,
    errmsg: "ok",
    userid: e.userId,
    name: e.name,
    department: e.departmentIds,
    order: e.departmentIds.map((_, i) => i),
    position: e.position,
    mobile: e.mobile,
    gender: String(e.gender),
    email: e.email,
    biz_mail: e.bizMail,
    is_leader_in_dept: e.departmentIds.map((d) => (leaderPosition && d === e.mainDepartment ? 1 : 0)),
    direct_leader: e.directLeaders,
    avatar: e.avatar,
    thumb_avatar: e.avatar.replace(/\/0$/, "/100"),
    telephone: e.telephone,
    alias: e.alias,
    address: e.address,
    open_userid: e.openUserId,
    main_department: e.mainDepartment,
    extattr: {
      attrs: index % 3 === 0 ? [{ type: 0, name: "工号", text: { value: `E${String(index + 1).padStart(5, "0")}` } }] : [],
    },
    status: e.status,
    qr_code: e.qrCode,
    external_position: e.position,
    external_profile: {
      external_corp_name: corp.shortName,
      wechat_channels: { nickname: "", status: 0 },
      external_attr:
        index % 5 === 0 ? [{ type: 1, name: "官网", web: { url: `https://www.example.cn/${corp.cropId}`, title: corp.shortName } }] : [],
    },
  };
}

export function createDirectorySim(ctx: VendorSimContext): VendorSim {
  const corps = new Map(ctx.dataset.corps.filter((c) => c.mapped).map((c) => [c.corpId, c]));
  const users = new Map<string, { e: SimEmployee; index: number }>();
  ctx.dataset.employees.forEach((e, index) => users.set(`${e.corpId}\u0000${e.userId.toLowerCase()}`, { e, index }));

  function getUser(req: SimRequest): SimResponse {
    if (req.method !== "POST") return json({ errcode: 43002, errmsg: "require POST method" });
    const auth = req.headers.authorization;
    if (!hasDirectoryBearer(Array.isArray(auth) ? auth[0] : auth)) return failure("40014");
    const body = parseJsonObject(req.body);
    if (!body) return failure("47001");
    const corp = typeof body.corpId === "string" ? corps.get(body.corpId) : undefined;
    if (!corp) return failure("60011");
    const raw = body.userId ?? body.userid;
    if (typeof raw !== "string" || raw === "") return failure("41009");
    const hit = users.get(`${corp.corpId}\u0000${raw.toLowerCase()}`);
    if (!hit) return failure("60111");
    return json(renderDirectoryUser(hit.e, corp, hit.index));
  }

  return {
    vendor: "directory",
    endpoints: ["getUser"],
    route: (path) => (path === "/api/v1/getUser" ? "getUser" : null),
    handle: (req) => getUser(req),
    fault: (name) => failure(name),
    reset: () => {},
  };
}
