// 芸众 WechatCustomers: a merchant-session page of follow relations as a Laravel paginator, with the
// corp's tag catalogue and its employees riding along. Rows are pre-indexed per uniacid so filtering
// the large preset stays linear in one corp's rows.
import type { SimCorp, SimCustomerRow, SimEmployee, SimTag } from "./dataset.js";
import { toChinaTime } from "./dataset.js";
import { YUNZHONG_SESSION_TOKEN } from "./credentials.js";
import { parsePhpParams, phpList, phpString, type PhpMap } from "./phpParams.js";
import { json, requestParams, type SimRequest, type SimResponse, type VendorSim, type VendorSimContext } from "./simHttp.js";

const GET_LIST = /^\/business\/([^/]+)\/plugin\/WechatCustomers\/getList$/;

export const YUNZHONG_MESSAGES = { login: "请先登录", noright: "无权管理该企业" } as const;

function failure(name: string): SimResponse {
  return json({ result: 0, msg: YUNZHONG_MESSAGES[name as keyof typeof YUNZHONG_MESSAGES] ?? "error", data: [] });
}

/** A logged-in session: some cookie of the header carries the session token. */
export function hasYunzhongSession(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((pair) => {
    const eq = pair.indexOf("=");
    return (eq >= 0 ? pair.slice(eq + 1) : pair).trim() === YUNZHONG_SESSION_TOKEN;
  });
}

interface EmployeeRef {
  e: SimEmployee;
  /** yunzhong's table id of the employee. */
  id: number;
}

export function renderYunzhongEmployee(ref: EmployeeRef, corp: SimCorp) {
  const { e, id } = ref;
  const stamp = toChinaTime(corp.ctime + id * 61);
  return {
    id,
    uniacid: corp.uniacid,
    business_id: corp.cropId,
    uid: 0,
    user_id: e.yunzhongUserId,
    name: e.name,
    // The doc types it int and some rows do come as a number.
    mobile: id % 4 === 1 ? Number(e.mobile) : e.mobile,
    position: e.position,
    gender: e.gender,
    telephone: e.telephone,
    email: e.email,
    avatar: e.avatar,
    alias: e.alias,
    status: e.status,
    qr_code: e.qrCode,
    address: e.address,
    open_userid: e.openUserId,
    main_department: String(e.mainDepartment),
    updated_at: stamp,
    created_at: stamp,
    deleted_at: null,
    right_type: 0,
    disabled: e.status === 2 ? 1 : 0,
  };
}

export function renderYunzhongRow(row: SimCustomerRow, owner: EmployeeRef | undefined, corp: SimCorp) {
  const c = row.customer;
  return {
    id: row.id,
    uniacid: row.uniacid,
    crop_id: row.cropId,
    uid: 0,
    userid: row.userid,
    external_userid: row.externalUserId,
    remark: row.remark,
    description: row.description,
    customer_create_time: row.createtime,
    remark_corp_name: row.remarkCorpName,
    remark_mobiles: JSON.stringify(row.remarkMobiles),
    oper_userid: row.operUserid,
    tag_id: row.tagIds.join(","),
    createtime: row.createtime,
    add_way: String(row.addWay),
    state: "",
    status: row.status,
    created_at: row.createdAt,
    updated_at: null,
    deleted_at: null,
    tag_name: row.tagNames.join(","),
    has_one_customer: {
      id: c.id,
      uniacid: row.uniacid,
      crop_id: row.cropId,
      uid: c.uid,
      external_userid: c.externalUserId,
      name: c.name,
      avatar: c.avatar,
      external_type: c.externalType,
      gender: c.gender,
      unionid: c.unionid,
      position: c.position,
      corp_name: c.corpName,
      corp_full_name: c.corpFullName,
      external_profile: c.externalProfile,
      is_member: c.uid > 0 ? 1 : 0,
      created_at: row.createdAt,
      updated_at: null,
      deleted_at: null,
    },
    has_one_employee: row.embedsEmployee && owner ? renderYunzhongEmployee(owner, corp) : null,
  };
}

function renderTag(t: SimTag, corp: SimCorp) {
  const stamp = toChinaTime(t.createTime + 86400);
  return {
    id: t.id,
    uniacid: corp.uniacid,
    crop_id: corp.cropId,
    tag_id: t.tagId,
    name: t.name,
    create_time: t.createTime,
    order: t.order,
    created_at: stamp,
    updated_at: stamp,
    deleted_at: null,
    group_id: t.groupId,
    group_name: t.groupName,
  };
}

type Predicate = (row: SimCustomerRow) => boolean;

function unixBound(value: unknown, fallback: number): number {
  return typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : fallback;
}

/** The filters of internals.md, ANDed; an empty parameter filters nothing (as the PHP side does). */
export function yunzhongFilters(search: PhpMap | undefined): Predicate[] {
  if (!search) return [];
  const out: Predicate[] = [];
  const str = (key: string): string | null => {
    const v = phpString(search[key]);
    return v === null || v.trim() === "" ? null : v;
  };
  const customer = str("customer");
  if (customer !== null) out.push((r) => r.customer.name.includes(customer) || r.externalUserId.includes(customer));
  const member = str("member");
  if (member !== null) out.push((r) => String(r.customer.uid) === member.trim());
  const addWay = str("add_way_type");
  if (addWay !== null) out.push((r) => String(r.addWay) === addWay.trim());
  const tags = phpList(search.tags_data).filter((t): t is string => typeof t === "string" && t !== "");
  if (tags.length > 0) out.push((r) => r.tagIds.some((t) => tags.includes(t)));
  const owner = str("employee_member");
  if (owner !== null) {
    const lower = owner.trim().toLowerCase();
    out.push((r) => r.userid.toLowerCase() === lower);
  }
  const type = str("type");
  if (type !== null) out.push((r) => String(r.customer.externalType) === type.trim());
  const status = str("status");
  if (status !== null) out.push((r) => String(r.status) === status.trim());
  const time = phpList(search.time);
  if (time.some((t) => typeof t === "string" && t.trim() !== "")) {
    const lo = unixBound(time[0], -Infinity);
    const hi = unixBound(time[1], Infinity);
    out.push((r) => r.createtime >= lo && r.createtime <= hi);
  }
  const remark = str("remark");
  if (remark !== null) out.push((r) => r.remark.includes(remark));
  return out;
}

/** Laravel's resolveCurrentPage: a valid int >= 1, otherwise page 1. */
function currentPage(raw: string | null): number {
  if (raw === null || !/^\s*\+?\d+\s*$/.test(raw)) return 1;
  const n = Number(raw);
  return n >= 1 && Number.isSafeInteger(n) ? n : 1;
}

interface CorpIndex {
  corp: SimCorp;
  rows: SimCustomerRow[];
  tags: ReturnType<typeof renderTag>[];
  employees: { user_id: string; name: string }[];
}

export function createYunzhongSim(ctx: VendorSimContext): VendorSim {
  const owners = new Map<string, EmployeeRef>();
  const byUniacid = new Map<number, CorpIndex>();
  const index = (): void => {
    const { dataset } = ctx;
    owners.clear();
    dataset.employees.forEach((e, i) => owners.set(`${e.corpId}\u0000${e.userId}`, { e, id: i + 1 }));
    byUniacid.clear();
    for (const corp of dataset.corps) {
      if (!corp.mapped) continue;
      byUniacid.set(corp.uniacid, {
        corp,
        rows: [],
        tags: dataset.tags.filter((t) => t.corpId === corp.corpId).map((t) => renderTag(t, corp)),
        employees: dataset.employees.filter((e) => e.corpId === corp.corpId && e.followUser).map((e) => ({ user_id: e.yunzhongUserId, name: e.name })),
      });
    }
    for (const row of dataset.customerRows) byUniacid.get(row.uniacid)?.rows.push(row);
    for (const corpIndex of byUniacid.values()) corpIndex.rows.sort((a, b) => b.id - a.id);
  };
  index();

  function getList(req: SimRequest, uniacidText: string): SimResponse {
    if (req.method !== "GET" && req.method !== "POST") return json({ message: "The method is not supported for this route." }, 405);
    const cookie = req.headers.cookie;
    if (!hasYunzhongSession(Array.isArray(cookie) ? cookie.join("; ") : cookie)) return failure("login");
    const index = /^\d+$/.test(uniacidText) ? byUniacid.get(Number(uniacidText)) : undefined;
    if (!index) return failure("noright");

    const params = requestParams(req);
    const search = parsePhpParams(params).search;
    const filters = yunzhongFilters(typeof search === "object" ? search : undefined);
    const rows = filters.length === 0 ? index.rows : index.rows.filter((r) => filters.every((f) => f(r)));

    const perPage = ctx.knobs().yunzhong.perPage;
    const page = currentPage(params.get("page"));
    const total = rows.length;
    const lastPage = Math.max(Math.ceil(total / perPage), 1);
    const slice = rows.slice((page - 1) * perPage, page * perPage);
    const path = `${req.baseUrl}/business/${uniacidText}/plugin/WechatCustomers/getList`;
    const from = slice.length > 0 ? (page - 1) * perPage + 1 : null;
    return json({
      result: 1,
      msg: "ok",
      data: {
        current_page: page,
        data: slice.map((r) => renderYunzhongRow(r, owners.get(`${r.corpId}\u0000${r.ownerUserId}`), index.corp)),
        first_page_url: `${path}?page=1`,
        from,
        last_page: lastPage,
        last_page_url: `${path}?page=${lastPage}`,
        next_page_url: page < lastPage ? `${path}?page=${page + 1}` : null,
        path,
        per_page: perPage,
        prev_page_url: page > 1 ? `${path}?page=${page - 1}` : null,
        to: from === null ? null : from + slice.length - 1,
        total,
        count: total,
        tag: index.tags,
        employee: index.employees,
      },
    });
  }

  return {
    vendor: "yunzhong",
    endpoints: ["getList"],
    route: (path) => (GET_LIST.test(path) ? "getList" : null),
    handle: (req) => getList(req, (GET_LIST.exec(req.path) as RegExpExecArray)[1] as string),
    fault: (name) => failure(name),
    reset: () => {},
    worldChanged: index,
  };
}
