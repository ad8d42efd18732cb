// One deterministic world, generated from a seed, that all four simulators serve. Values here are
// canonical (numbers as numbers, lists as lists); each simulator renders them with its vendor's
// quirks. Tests compute expected answers from this same world.
import { createHash } from "node:crypto";
import { createRandom, type Random } from "./random.js";

export interface DatasetSize {
  corps: number;
  employeesPerCorp: number;
  /** Customer rows (follow relations) across all corps. */
  customerRows: number;
  tagGroupsPerCorp: number;
  tagsPerGroup: number;
}

export const SIZE_PRESETS = {
  default: { corps: 3, employeesPerCorp: 100, customerRows: 5000, tagGroupsPerCorp: 3, tagsPerGroup: 4 },
  large: { corps: 5, employeesPerCorp: 1000, customerRows: 100_000, tagGroupsPerCorp: 5, tagsPerGroup: 6 },
  small: { corps: 2, employeesPerCorp: 12, customerRows: 80, tagGroupsPerCorp: 2, tagsPerGroup: 3 },
} as const satisfies Record<string, DatasetSize>;

export type SizePreset = keyof typeof SIZE_PRESETS;

export interface DatasetOptions {
  seed?: number;
  size?: SizePreset | Partial<DatasetSize>;
}

export interface SimCorp {
  /** WeCom corpid. */
  corpId: string;
  name: string;
  shortName: string;
  /** yunzhenji's internal corp id. */
  yzjCorpId: number;
  /** yunzhong platform id and internal corp id. */
  uniacid: number;
  cropId: number;
  wxid: string;
  legalPersonName: string;
  legalPersonId: string;
  verifyType: number;
  ctime: number;
  utime: number;
  /** false for the yunzhenji-only corp that no config maps. */
  mapped: boolean;
}

export interface SimEmployee {
  corpId: string;
  /** The canonical WeCom userid (directory and shiheng spell it like this). */
  userId: string;
  /** How yunzhong spells it: sometimes in another case (userids are case-insensitive). */
  yunzhongUserId: string;
  name: string;
  /** 11 mainland digits. */
  mobile: string;
  email: string;
  bizMail: string;
  position: string;
  gender: 0 | 1 | 2;
  status: 1 | 2 | 4 | 5;
  departmentIds: number[];
  mainDepartment: number;
  avatar: string;
  alias: string;
  telephone: string;
  address: string;
  openUserId: string;
  directLeaders: string[];
  /** WeCom's personal QR code URL (directory qr_code, yunzhong qr_code, shiheng qrCodeUrl). */
  qrCode: string;
  /** shiheng's row id. */
  shihengId: number;
  /** false: only the directory knows this employee (joined after shiheng's last sync). */
  inShiheng: boolean;
  /** shiheng reports personal fields only with consent (snsapi_privateinfo). */
  shihengConsent: boolean;
  /** The status shiheng reports: usually the real one, sometimes 6 or 0 as in the vendor sample. */
  shihengStatus: number;
  /** Has customer-contact rights (shiheng followUserFlag); owners of customers come from these. */
  followUser: boolean;
}

export interface SimAccount {
  id: number;
  wxid: string;
  nickname: string;
  fullName: string;
  alias: string;
  avatar: string;
  /** As yunzhenji shows it: plain, "+86 138-…", or masked "1360xxxxxxx". */
  mobile: string;
  subUserId: number;
  /** Comma-separated group ids, "0" = ungrouped. */
  groupId: string;
  yzjCorpId: number;
  online: 0 | 1;
  lastLoginTime: number;
  /** 0 = never offline. */
  lastOfflineTime: number;
  ctime: number;
  utime: number;
  /** The employee this account belongs to (by mobile), for test expectations; null for strangers. */
  ownerUserId: string | null;
}

export interface SimTag {
  corpId: string;
  /** yunzhong's table id. */
  id: number;
  tagId: string;
  name: string;
  groupId: string;
  groupName: string;
  order: number;
  createTime: number;
}

export interface SimCustomerRow {
  id: number;
  corpId: string;
  uniacid: number;
  cropId: number;
  /** Owner, as yunzhong spells it. */
  userid: string;
  /** Owner's canonical userid. */
  ownerUserId: string;
  externalUserId: string;
  remark: string;
  description: string;
  remarkCorpName: string;
  remarkMobiles: string[];
  operUserid: string;
  tagIds: string[];
  /** Names of tagIds, in order (yunzhong's `tag_name`). */
  tagNames: string[];
  createtime: number;
  addWay: number;
  status: 1 | -1;
  /** China-time "YYYY-MM-DD HH:mm:ss": when yunzhong synced the row. */
  createdAt: string;
  customer: SimExternalContact;
  /** false when the row comes without `has_one_employee` (null in the payload). */
  embedsEmployee: boolean;
}

export interface SimExternalContact {
  id: number;
  externalUserId: string;
  name: string;
  avatar: string;
  externalType: number;
  gender: number;
  unionid: string;
  position: string;
  corpName: string;
  corpFullName: string;
  /** A JSON string as yunzhong stores it ("null" when empty). */
  externalProfile: string;
  uid: number;
}

export interface Dataset {
  seed: number;
  size: DatasetSize;
  /** The world's "now" (unix seconds, DATASET_NOW): login times and add times are placed before it. */
  now: number;
  corps: SimCorp[];
  employees: SimEmployee[];
  accounts: SimAccount[];
  tags: SimTag[];
  /** In yunzhong's order (newest id first). */
  customerRows: SimCustomerRow[];
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const SURNAME_PINYIN = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"];
const GIVEN_PINYIN = ["Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie", "Juan", "Tao", "Ming", "Chao", "XiuYing", "Xia", "Ping"];
const POSITIONS = ["销售顾问", "客户经理", "门店店长", "运营专员", "售后客服", "区域经理", ""];
const CORP_NAMES = ["星河餐饮", "云帆零售", "青禾教育", "北辰医疗", "南山物流", "东海科技", "西岭文旅"];
/** The vendors' own names (芸众 and its company, 云真机 and the 智域管家 platform, 食亨): never a customer's company. */
export const VENDOR_NAMES = ["芸众", "广州市芸众信息科技有限公司", "云真机", "智域管家", "食亨"] as const;
// Customer companies are built from these parts; none of them spells a vendor or one of CORP_NAMES.
const COMPANY_CITIES = ["广州", "深圳", "佛山", "东莞", "上海", "杭州", "苏州", "南京", "成都", "武汉", "长沙", "厦门", "重庆", "西安", "宁波", "天津"];
const COMPANY_WORDS = ["瑞丰", "华信", "鼎盛", "恒达", "金禾", "博远", "嘉和", "万通", "新锐", "远航", "鑫源", "德润", "宏图", "卓越", "启明", "聚贤", "安泰", "凯盛", "荣晟", "天禄", "润泽", "汇诚", "明远", "锦程"];
/** [short, as the full name spells it] */
const COMPANY_TRADES: readonly (readonly [string, string])[] = [
  ["贸易", "商贸"], ["科技", "信息科技"], ["餐饮", "餐饮管理"], ["物流", "供应链管理"], ["建材", "建筑材料"],
  ["服饰", "服饰"], ["医疗", "医疗器械"], ["教育", "教育咨询"], ["传媒", "文化传播"], ["电子", "电子科技"],
  ["食品", "食品"], ["家居", "家居用品"], ["汽车", "汽车服务"], ["酒店", "酒店管理"], ["印务", "印刷包装"],
];
const CUSTOMER_NAMES = ["Abe", "Lucy", "Tom", "小明", "阿强", "Mia", "老李", "Kevin", "小芳", "Zoe", "大伟", "Ann", "天天", "Leo"];
const TAG_GROUPS = ["客户等级", "意向程度", "来源渠道", "兴趣偏好", "地区", "生命周期"];
const TAG_NAMES = ["A", "B", "C", "D", "E", "F"];

/** Every add_way the schema's AddWay names (docs/vendors/yunzhong.md, Rows), plus codes no version of it knows (19, 99) and the legacy 0. */
export const SIM_ADD_WAYS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 24, 201, 202, 19, 99];

/**
 * The dataset's fixed "now", 2026-11-01T00:00:00Z in unix seconds. Every time in the world is placed
 * relative to it (never to the wall clock), so a seed gives the same world on every run.
 */
export const DATASET_NOW = Date.UTC(2026, 10, 1) / 1000;
const DAY = 86400;
/** Online accounts logged in at most this long before DATASET_NOW. */
export const ONLINE_LOGIN_WITHIN_SECONDS = 4 * DAY;
// Add times of customers: 2021-01-01T00:00:00Z .. a day before DATASET_NOW.
const T0 = 1609459200;
const T1 = DATASET_NOW - DAY;
/** Positions whose holders lead others (directory is_leader_in_dept, direct_leader). */
const LEADER_POSITIONS = ["区域经理", "门店店长"];
/** yunzhenji's own corps were set up then; no account is older. */
const YZJ_EPOCH = 1631175780;

export function resolveSize(size: DatasetOptions["size"]): DatasetSize {
  if (size === undefined) return { ...SIZE_PRESETS.default };
  if (typeof size === "string") {
    const preset = SIZE_PRESETS[size];
    if (!preset) throw new Error(`unknown dataset size preset ${JSON.stringify(size)}; expected one of ${Object.keys(SIZE_PRESETS).join(", ")}`);
    return { ...preset };
  }
  return { ...SIZE_PRESETS.default, ...size };
}

/** China time (UTC+8) string of unix seconds, as yunzhong writes `created_at`. */
export function toChinaTime(unixSeconds: number): string {
  const d = new Date((unixSeconds + 8 * 3600) * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function hex(r: Random, n: number): string {
  return r.chars(n, "0123456789abcdef");
}

/** Formats a mobile the way yunzhenji operators typed it. */
function yunzhenjiMobile(r: Random, mobile: string): string {
  const roll = r.next();
  if (roll < 0.55) return mobile;
  if (roll < 0.7) return `+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`;
  if (roll < 0.8) return `+86${mobile}`;
  if (roll < 0.9) return `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
  return `${mobile.slice(0, 4)}xxxxxxx`;
}

/**
 * Departed and disabled staff keep the customer rights they had: their customers stay with them in
 * yunzhong until someone reassigns them (离职继承). Never-activated staff rarely have any.
 */
const FOLLOW_CHANCE: Record<SimEmployee["status"], number> = { 1: 0.7, 2: 0.4, 4: 0.1, 5: 0.45 };

/**
 * Tops up the owners who are no longer active so every size shows them: per corp about 3% LEFT and
 * 2% DISABLED owners (at least one each), 1% INACTIVE ones, and one LEFT employee without customer
 * rights. Converts active staff, never a leader and never the last active owner.
 */
function ensureInactiveOwners(r: Random, staff: SimEmployee[]): void {
  const n = staff.length;
  const quota: [SimEmployee["status"], boolean, number][] = [
    [5, true, Math.max(1, Math.round(n * 0.03))],
    [2, true, Math.max(1, Math.round(n * 0.02))],
    [4, true, Math.round(n * 0.01)],
    [5, false, 1],
  ];
  for (const [status, followUser, min] of quota) {
    let have = staff.filter((e) => e.status === status && e.followUser === followUser).length;
    while (have < min) {
      const candidates = staff.filter((e) => e.status === 1 && e.followUser === followUser && !LEADER_POSITIONS.includes(e.position));
      if (candidates.length <= (followUser ? 1 : 0)) break;
      r.pick(candidates).status = status;
      have++;
    }
  }
}

/**
 * How often an employee's account is logged in. WeCom should log out whoever leaves or is disabled,
 * yet cloud phones keep some sessions alive; never-activated staff rarely have a session at all.
 */
const ONLINE_CHANCE: Record<SimEmployee["status"], number> = { 1: 0.45, 2: 0.3, 4: 0.1, 5: 0.35 };

interface AccountTimes {
  lastLoginTime: number;
  lastOfflineTime: number;
  ctime: number;
  utime: number;
}

/**
 * A login history that ends before DATASET_NOW: online accounts logged in within the last few days
 * (some never went offline since they were set up, the others were offline before that login);
 * offline ones logged in within three months and went offline within the day after.
 */
function accountTimes(r: Random, online: 0 | 1): AccountTimes {
  if (online === 1) {
    const lastLoginTime = DATASET_NOW - r.int(300, ONLINE_LOGIN_WITHIN_SECONDS);
    if (r.chance(0.15)) return { lastLoginTime, lastOfflineTime: 0, ctime: lastLoginTime - r.int(60, 3600), utime: lastLoginTime + r.int(0, 300) };
    const lastOfflineTime = lastLoginTime - r.int(60, 20 * DAY);
    return { lastLoginTime, lastOfflineTime, ctime: Math.max(YZJ_EPOCH, lastOfflineTime - r.int(DAY, 500 * DAY)), utime: lastLoginTime + r.int(0, 300) };
  }
  const lastLoginTime = DATASET_NOW - r.int(DAY, 90 * DAY);
  const lastOfflineTime = lastLoginTime + r.int(60, 20 * 3600);
  return { lastLoginTime, lastOfflineTime, ctime: Math.max(YZJ_EPOCH, lastLoginTime - r.int(DAY, 500 * DAY)), utime: lastOfflineTime + r.int(0, 300) };
}

interface Company {
  shortName: string;
  fullName: string;
}

/** Customer companies: never a vendor, never one of `ours` (the corps of this world). */
function customerCompanies(r: Random, count: number, ours: readonly string[]): Company[] {
  const banned = [...VENDOR_NAMES, ...ours];
  const out: Company[] = [];
  const seen = new Set<string>();
  const possible = COMPANY_WORDS.length * COMPANY_TRADES.length;
  while (out.length < count && seen.size < possible) {
    const word = r.pick(COMPANY_WORDS);
    const [short, full] = r.pick(COMPANY_TRADES);
    const shortName = `${word}${short}`;
    if (seen.has(shortName)) continue;
    seen.add(shortName);
    const fullName = `${r.pick(COMPANY_CITIES)}市${word}${full}${r.chance(0.15) ? "股份" : ""}有限公司`;
    if (banned.some((b) => shortName.includes(b) || fullName.includes(b) || b.includes(shortName))) continue;
    out.push({ shortName, fullName });
  }
  return out;
}

export function generateDataset(options: DatasetOptions = {}): Dataset {
  const seed = options.seed ?? 42;
  const size = resolveSize(options.size);
  const r = createRandom(seed);

  const corps: SimCorp[] = [];
  for (let i = 0; i < size.corps; i++) {
    const name = `${CORP_NAMES[i % CORP_NAMES.length]}${i >= CORP_NAMES.length ? i : ""}`;
    corps.push({
      corpId: `ww${hex(r, 16)}`,
      name: `${name}有限公司`,
      shortName: name,
      yzjCorpId: 2 + i * 3,
      uniacid: 2 + i,
      cropId: 1 + i,
      wxid: `wx${hex(r, 10)}`,
      legalPersonName: `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
      legalPersonId: String(r.int(100000, 999999)),
      verifyType: r.pick([1, 2]),
      ctime: 1631175780 + i * 86400,
      utime: 1637213332 + i * 3600,
      mapped: true,
    });
  }
  // A corp that only yunzhenji knows: its accounts must stay reachable without a corps[] entry.
  const stray: SimCorp = {
    corpId: `ww${hex(r, 16)}`,
    name: "外包合作方有限公司",
    shortName: "外包合作方",
    yzjCorpId: 900,
    uniacid: 0,
    cropId: 0,
    wxid: `wx${hex(r, 10)}`,
    legalPersonName: "赵敏",
    legalPersonId: "100001",
    verifyType: 2,
    ctime: 1631175780,
    utime: 1637213332,
    mapped: false,
  };

  const employees: SimEmployee[] = [];
  /** shiheng's 0/6 quirk, applied once the status is final. */
  const shihengQuirks = new Map<SimEmployee, number>();
  const usedMobiles = new Set<string>();
  let shihengId = 1473493;
  for (const corp of corps) {
    const seenIds = new Set<string>();
    const staff: SimEmployee[] = [];
    for (let i = 0; i < size.employeesPerCorp; i++) {
      const s = r.int(0, SURNAMES.length - 1);
      const g = r.int(0, GIVEN.length - 1);
      let userId = `${SURNAME_PINYIN[s]}${GIVEN_PINYIN[g]}`;
      if (seenIds.has(userId.toLowerCase())) userId = `${userId}${i}`;
      seenIds.add(userId.toLowerCase());
      let mobile: string;
      do mobile = `1${r.pick(["3", "5", "8"])}${r.int(0, 9)}${String(r.int(0, 99999999)).padStart(8, "0")}`;
      while (usedMobiles.has(mobile));
      usedMobiles.add(mobile);
      const statusRoll = r.next();
      const status: SimEmployee["status"] = statusRoll < 0.82 ? 1 : statusRoll < 0.88 ? 2 : statusRoll < 0.94 ? 4 : 5;
      const dept = r.int(2, 9);
      const yunzhongUserId = r.chance(0.15) ? userId.toLowerCase() : userId;
      const e: SimEmployee = {
        corpId: corp.corpId,
        userId,
        yunzhongUserId,
        name: `${SURNAMES[s]}${GIVEN[g]}`,
        mobile,
        email: `${userId.toLowerCase()}@${corp.shortName.length}${corp.cropId}.example.cn`,
        bizMail: `${userId.toLowerCase()}@corp${corp.cropId}.wecom.work`,
        position: r.pick(POSITIONS),
        gender: r.chance(0.05) ? 0 : r.chance(0.5) ? 1 : 2,
        status,
        departmentIds: r.chance(0.3) ? [1, dept] : [dept],
        mainDepartment: dept,
        avatar: `https://wework.qpic.cn/wwhead/${r.chars(24)}/0`,
        alias: r.chance(0.3) ? userId.toLowerCase() : "",
        telephone: r.chance(0.2) ? `020-${r.int(1000000, 9999999)}` : "",
        address: r.chance(0.3) ? "广州市海珠区新港中路" : "",
        openUserId: `${corp.cropId}_${userId}`,
        directLeaders: [],
        qrCode: "",
        shihengId: shihengId++,
        inShiheng: !r.chance(0.03),
        shihengConsent: r.chance(0.5),
        shihengStatus: status,
        followUser: false,
      };
      if (r.chance(0.05)) shihengQuirks.set(e, r.pick([0, 6]));
      e.followUser = r.chance(FOLLOW_CHANCE[status]);
      staff.push(e);
    }
    // Every corp needs owners for its customers.
    const first = staff[0];
    if (first && !staff.some((e) => e.followUser && e.status === 1)) {
      first.followUser = true;
      first.status = 1;
    }
    ensureInactiveOwners(r, staff);
    employees.push(...staff);
  }
  for (const e of employees) e.shihengStatus = shihengQuirks.get(e) ?? e.status;
  // Staff no longer active stopped adding customers some time before DATASET_NOW.
  const addedUntil = new Map<SimEmployee, number>();
  for (const e of employees) if (e.status !== 1) addedUntil.set(e, DATASET_NOW - r.int(7 * DAY, 300 * DAY));

  for (const corp of corps) {
    const staff = employees.filter((e) => e.corpId === corp.corpId);
    const leaders = staff.filter((e) => LEADER_POSITIONS.includes(e.position));
    staff.forEach((e, i) => {
      if (leaders.length > 0 && !leaders.includes(e) && i % 3 !== 0) e.directLeaders = [(leaders[i % leaders.length] as SimEmployee).userId];
    });
  }
  for (const e of employees) {
    e.qrCode = `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc${createHash("md5").update(`${e.corpId}/${e.userId}`).digest("hex").slice(0, 16)}`;
  }

  // Per corp, WeCom sessions still alive on a cloud phone after their employee went: two LEFT owners,
  // one LEFT employee without customers (one shiheng lists, so the account's mobile leads to them)
  // and one DISABLED owner. The accounts a departures worklist must find.
  const mustBeOnline = new Set<SimEmployee>();
  for (const corp of corps) {
    const staff = employees.filter((e) => e.corpId === corp.corpId);
    const groups: [SimEmployee[], number][] = [
      [staff.filter((e) => e.status === 5 && e.followUser), 2],
      [staff.filter((e) => e.status === 5 && !e.followUser && e.inShiheng), 1],
      [staff.filter((e) => e.status === 2 && e.followUser), 1],
    ];
    for (const [group, n] of groups) {
      const picked = new Set<SimEmployee>();
      while (picked.size < Math.min(n, group.length)) picked.add(r.pick(group));
      for (const e of picked) mustBeOnline.add(e);
    }
  }

  const accounts: SimAccount[] = [];
  let accountId = 199;
  const addAccount = (corp: SimCorp, owner: SimEmployee | null, subUserId: number, mustOnline: boolean): void => {
    let mobile = owner ? yunzhenjiMobile(r, owner.mobile) : `1${r.int(30, 99)}${String(r.int(0, 99999999)).padStart(8, "0")}`;
    // Such an account must lead back to its employee, so its mobile is never the masked form.
    if (mustOnline && owner && /x/.test(mobile)) mobile = owner.mobile;
    const online: 0 | 1 = r.chance(ONLINE_CHANCE[owner?.status ?? 1]) || mustOnline ? 1 : 0;
    const times = accountTimes(r, online);
    const groups = r.next();
    accounts.push({
      id: accountId++,
      wxid: `wxid_${r.chars(14, "abcdefghijklmnopqrstuvwxyz0123456789")}`,
      nickname: owner?.name ?? `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
      fullName: owner ? `${corp.shortName}-${owner.name}` : "",
      alias: r.chance(0.3) ? `yzj${r.int(100, 999)}` : "",
      avatar: `https://wework.qpic.cn/bizmail/${r.chars(30)}/0`,
      mobile,
      subUserId,
      groupId: groups < 0.5 ? "0" : groups < 0.8 ? String(r.int(1, 9)) : `${r.int(1, 4)},${r.int(5, 9)}`,
      yzjCorpId: corp.yzjCorpId,
      online,
      ...times,
      ownerUserId: owner && !/x/.test(mobile) ? owner.userId : null,
    });
  };
  for (const corp of corps) {
    for (const e of employees) {
      if (e.corpId !== corp.corpId) continue;
      const must = mustBeOnline.has(e);
      if (!r.chance(0.6) && !must) continue;
      addAccount(corp, e, 0, must);
      if (r.chance(0.1)) addAccount(corp, e, r.int(1, 50), false);
    }
    for (let i = 0; i < 2; i++) addAccount(corp, null, 0, false);
  }
  for (let i = 0; i < 4; i++) addAccount(stray, null, 0, false);

  const tags: SimTag[] = [];
  let tagRowId = 26;
  for (const corp of corps) {
    for (let gi = 0; gi < size.tagGroupsPerCorp; gi++) {
      const groupId = `et${r.chars(30)}`;
      const groupName = TAG_GROUPS[gi % TAG_GROUPS.length] + (gi >= TAG_GROUPS.length ? String(gi) : "");
      for (let ti = 0; ti < size.tagsPerGroup; ti++) {
        tags.push({
          corpId: corp.corpId,
          id: tagRowId++,
          tagId: `et${r.chars(30)}`,
          name: `${groupName}-${TAG_NAMES[ti % TAG_NAMES.length]}${ti >= TAG_NAMES.length ? ti : ""}`,
          groupId,
          groupName,
          order: ti,
          createTime: 1615434976 + r.int(0, 1e7),
        });
      }
    }
  }

  const companies = customerCompanies(r, 60, [...corps, stray].flatMap((c) => [c.name, c.shortName]));
  const customerRows: SimCustomerRow[] = [];
  let rowId = 1;
  let contactId = 1;
  const perCorp = Math.floor(size.customerRows / Math.max(1, corps.length));
  corps.forEach((corp, ci) => {
    const owners = employees.filter((e) => e.corpId === corp.corpId && e.followUser);
    const staff = employees.filter((e) => e.corpId === corp.corpId);
    const corpTags = tags.filter((t) => t.corpId === corp.corpId);
    const target = ci === corps.length - 1 ? size.customerRows - perCorp * (corps.length - 1) : perCorp;
    let made = 0;
    for (let contacts = 0; made < target; contacts++) {
      const externalType = r.chance(0.02) ? 3 : r.chance(0.75) ? 1 : 2;
      const ext = `${externalType === 2 ? "wo" : "wm"}${r.chars(30)}`;
      const name = `${r.pick(CUSTOMER_NAMES)}${r.chance(0.5) ? r.int(1, 999) : ""}`;
      // A WeCom user works for some company; unverified companies have no full name.
      const company = externalType === 2 ? r.pick(companies) : null;
      const contact: SimExternalContact = {
        id: contactId++,
        externalUserId: ext,
        name,
        avatar: `http://wx.qlogo.cn/mmhead/${r.chars(40)}/0`,
        externalType,
        gender: r.pick([0, 1, 2]),
        unionid: externalType === 1 && r.chance(0.6) ? `o${r.chars(27)}` : "",
        position: externalType === 2 ? r.pick(["采购", "经理", ""]) : "",
        corpName: company?.shortName ?? "",
        corpFullName: company && r.chance(0.9) ? company.fullName : "",
        externalProfile: externalType === 2 && r.chance(0.5) ? JSON.stringify({ external_attr: [{ type: 0, name: "职位", text: { value: "采购" } }] }) : "null",
        uid: r.chance(0.3) ? r.int(1000, 9999) : 0,
      };
      // One contact, followed by one employee, sometimes by two. The first contacts go round the
      // owners once, so every owner (departed ones included) has customers.
      const followers = r.chance(0.1) && owners.length > 1 ? 2 : 1;
      const chosen = new Set<SimEmployee>();
      if (contacts < owners.length) chosen.add(owners[contacts] as SimEmployee);
      while (chosen.size < followers) chosen.add(r.pick(owners));
      for (const owner of chosen) {
        if (made >= target) break;
        const createtime = r.int(T0, addedUntil.get(owner) ?? T1);
        const addWay = r.pick(SIM_ADD_WAYS);
        const tagCount = r.pick([0, 0, 1, 1, 2, 3]);
        const rowTags = new Set<SimTag>();
        while (rowTags.size < Math.min(tagCount, corpTags.length)) rowTags.add(r.pick(corpTags));
        const tagIds = [...rowTags].map((t) => t.tagId);
        const tagNames = [...rowTags].map((t) => t.name);
        if (r.chance(0.01)) {
          // A tag deleted from the catalogue still named on the row.
          tagIds.push(`et${r.chars(30)}`);
          tagNames.push("已删除标签");
        }
        const oper = addWay === 201 || addWay === 202 ? r.pick(staff).userId : r.chance(0.1) ? ext : owner.yunzhongUserId;
        customerRows.push({
          id: rowId++,
          corpId: corp.corpId,
          uniacid: corp.uniacid,
          cropId: corp.cropId,
          userid: owner.yunzhongUserId,
          ownerUserId: owner.userId,
          externalUserId: ext,
          remark: r.chance(0.6) ? `${name}${r.pick(["", "-老客户", "(VIP)", "-待回访"])}` : "",
          description: r.chance(0.2) ? "门店到访" : "",
          // The owner's note of where the customer works: usually the WeCom user's own company.
          remarkCorpName: company && r.chance(0.5) ? company.shortName : r.chance(0.06) ? r.pick(companies).shortName : "",
          remarkMobiles: r.chance(0.25) ? [`1${r.int(30, 99)}${String(r.int(0, 99999999)).padStart(8, "0")}`] : [],
          operUserid: oper,
          tagIds,
          tagNames,
          createtime,
          addWay,
          status: r.chance(0.08) ? -1 : 1,
          createdAt: toChinaTime(Math.min(createtime + r.int(60, 86400 * 30), DATASET_NOW)),
          customer: contact,
          embedsEmployee: !r.chance(0.01),
        });
        made++;
      }
    }
  });
  customerRows.reverse();

  return { seed, size, now: DATASET_NOW, corps: [...corps, stray], employees, accounts, tags, customerRows };
}
