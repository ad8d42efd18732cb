// 云真机: a client-credentials token and the paged list of WeCom accounts logged in on its phones.
// Errors are HTTP 200 with `errcode` and `message` (not errmsg), as the vendor's page shows.
import { randomBytes } from "node:crypto";
import type { SimAccount, SimCorp } from "./dataset.js";
import { SIM_CREDENTIALS } from "./credentials.js";
import { json, parseJsonObject, requestParams, type SimRequest, type SimResponse, type VendorSim, type VendorSimContext } from "./simHttp.js";

export const YUNZHENJI_MESSAGES: Record<string, string> = {
  "101": "app_id错误",
  "102": "app_secret错误",
  "103": "grant_type错误",
  "110": "access_token无效",
  "111": "access_token已过期",
  "112": "缺少access_token",
  "113": "IP不在白名单内",
  "114": "应用已过期",
  "405": "请求方式错误",
  "406": "参数错误",
  "407": "请求过于频繁",
  "1001": "上游服务异常,请稍后重试",
};

export const YUNZHENJI_MAX_PAGE_SIZE = 100;
export const YUNZHENJI_DEFAULT_PAGE_SIZE = 10;

function failure(code: string, detail?: string): SimResponse {
  const message = YUNZHENJI_MESSAGES[code] ?? "error";
  return json({ errcode: Number(code), message: detail ? `${message}: ${detail}` : message });
}

/** One account row exactly as the vendor renders it (group_id is an int 0 when ungrouped). */
export function renderYunzhenjiAccount(a: SimAccount, corp: SimCorp | undefined) {
  return {
    id: a.id,
    wxid: a.wxid,
    nickname: a.nickname,
    full_name: a.fullName,
    wx_alias: a.alias,
    avatar: a.avatar,
    mobile: a.mobile,
    sub_user_id: a.subUserId,
    group_id: a.groupId === "0" ? 0 : a.groupId,
    corp_id: a.yzjCorpId,
    online: a.online,
    last_login_time: a.lastLoginTime,
    last_offline_time: a.lastOfflineTime,
    ctime: a.ctime,
    utime: a.utime,
    corp: corp
      ? {
          id: corp.yzjCorpId,
          name: corp.name,
          wxid: corp.wxid,
          remark: "",
          legal_person_name: corp.legalPersonName,
          legal_person_id: corp.legalPersonId,
          ctime: corp.ctime,
          utime: corp.utime,
          verify_type: corp.verifyType,
          short_name: corp.shortName,
        }
      : null,
  };
}

/** A positive int parameter: absent or "" -> the default; anything else not a positive int -> null. */
function positiveInt(raw: string | null, fallback: number): number | null {
  if (raw === null || raw === "") return fallback;
  if (!/^\s*\d+\s*$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}

export function createYunzhenjiSim(ctx: VendorSimContext): VendorSim {
  const creds = SIM_CREDENTIALS.yunzhenji;
  let corps = new Map<number, SimCorp>();
  let byOnline: { all: SimAccount[]; 0: SimAccount[]; 1: SimAccount[] } = { all: [], 0: [], 1: [] };
  const index = (): void => {
    corps = new Map(ctx.dataset.corps.map((c) => [c.yzjCorpId, c]));
    const all = [...ctx.dataset.accounts].sort((a, b) => a.id - b.id);
    byOnline = { all, 0: all.filter((a) => a.online === 0), 1: all.filter((a) => a.online === 1) };
  };
  index();
  const tokens = new Map<string, { expiresAt: number }>();

  function token(req: SimRequest): SimResponse {
    if (req.method !== "POST") return failure("405");
    const params = requestParams(req);
    const body = parseJsonObject(req.body);
    const field = (name: string): string | null => {
      const v = body?.[name];
      if (v !== undefined && v !== null) return String(v);
      return params.get(name);
    };
    if (field("app_id") !== creds.appId) return failure("101");
    if (field("app_secret") !== creds.appSecret) return failure("102");
    // The vendor's own page spells it grand_type; clients following either spelling must work.
    const grant = field("grant_type") ?? field("grand_type");
    if (grant !== "client_credentials") return failure("103");
    const ttl = ctx.knobs().yunzhenji.tokenTtlSeconds;
    const accessToken = randomBytes(16).toString("hex");
    tokens.set(accessToken, { expiresAt: req.now + ttl * 1000 });
    return json({ errcode: 0, data: { access_token: accessToken, expires_in: ttl } });
  }

  function list(req: SimRequest): SimResponse {
    if (req.method !== "GET") return failure("405");
    const q = req.query;
    if (q.get("app_id") !== creds.appId) return failure("101");
    const accessToken = q.get("access_token");
    if (accessToken === null || accessToken === "") return failure("112");
    const issued = tokens.get(accessToken);
    if (!issued) return failure("110");
    if (req.now >= issued.expiresAt) return failure("111");

    const onlineRaw = q.get("online");
    let rows: SimAccount[];
    if (onlineRaw === null || onlineRaw === "" || onlineRaw === "-1") rows = byOnline.all;
    else if (onlineRaw === "0" || onlineRaw === "1") rows = byOnline[onlineRaw];
    else return failure("406", "online");
    const page = positiveInt(q.get("page"), 1);
    if (page === null) return failure("406", "page");
    const requested = positiveInt(q.get("page_size"), YUNZHENJI_DEFAULT_PAGE_SIZE);
    if (requested === null) return failure("406", "page_size");
    const perPage = Math.min(requested, YUNZHENJI_MAX_PAGE_SIZE);

    const first = (page - 1) * perPage;
    const slice = rows.slice(first, first + perPage);
    return json({
      errcode: 0,
      data: slice.map((a) => renderYunzhenjiAccount(a, corps.get(a.yzjCorpId))),
      pager: {
        page,
        perPage,
        numRecords: rows.length,
        numPages: Math.ceil(rows.length / perPage),
        firstRecord: first,
        lastRecord: first + slice.length - 1,
      },
    });
  }

  return {
    vendor: "yunzhenji",
    endpoints: ["oauth/token", "wechat/list"],
    route: (path) => (path === "/oauth/token" ? "oauth/token" : path === "/wechat/list" ? "wechat/list" : null),
    handle: (req, endpoint) => (endpoint === "oauth/token" ? token(req) : list(req)),
    fault: (name) => failure(name),
    reset: () => tokens.clear(),
    worldChanged: index,
  };
}
