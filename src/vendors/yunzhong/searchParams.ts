// The getList filters travel as PHP bracket parameters, exactly as the vendor's page names them
// (names and meanings: docs/vendors/yunzhong.md, Endpoints).
import { showValue } from "../../core/showValue.js";

/** Filters pushed down to yunzhong's getList. Times are unix seconds, bounds inclusive. */
export interface YunzhongSearch {
  /** Substring of the customer's name or external userid (`search[customer]`). */
  customer?: string;
  /** The system member id, exact (`search[member]`). */
  member?: string | number;
  /** WeCom add_way code, exact (`search[add_way_type]`). */
  addWayType?: number;
  /** One WeCom tag id the row carries (`search[tags_data]`). */
  tagId?: string;
  /** The owning employee's userid (`search[employee_member]`). */
  employeeUserId?: string;
  /** has_one_customer.external_type: 1 WeChat user, 2 WeCom user (`search[type]`). */
  type?: number;
  /** 1 normal, -1 lost (`search[status]`). */
  status?: 1 | -1;
  /** Lower bound on `createtime` (`search[time][]`, first). */
  addedFrom?: number;
  /** Upper bound on `createtime` (`search[time][]`, second). */
  addedTo?: number;
  /** Substring of the remark (`search[remark]`). */
  remark?: string;
}

/** The widest range a PHP int column comparison accepts, for a bound the caller left open. */
export const OPEN_FROM = 0;
export const OPEN_TO = 2147483647;

/** A filter that is absent or empty is not sent: PHP's `if ($search[...])` treats "" as "no filter" anyway. */
function present(value: string | number | undefined | null): value is string | number {
  return value !== undefined && value !== null && value !== "";
}

/**
 * YunzhongSearch -> the query string of one getList page. The add-time range is one PHP array
 * (`search[time][]` twice, from then to) that the vendor only reads when both ends are there, so a
 * missing bound is sent open (0 or 2^31-1) rather than left out.
 */
export function searchParams(search: YunzhongSearch | undefined, page: number): URLSearchParams {
  const q = new URLSearchParams();
  const s = search ?? {};
  const put = (name: string, value: string | number | undefined | null): void => {
    if (present(value)) q.append(name, String(value));
  };
  put("search[customer]", s.customer);
  put("search[member]", s.member);
  put("search[add_way_type]", s.addWayType);
  put("search[tags_data]", s.tagId);
  put("search[employee_member]", s.employeeUserId);
  put("search[type]", s.type);
  put("search[status]", s.status);
  if (present(s.addedFrom) || present(s.addedTo)) {
    q.append("search[time][]", String(s.addedFrom ?? OPEN_FROM));
    q.append("search[time][]", String(s.addedTo ?? OPEN_TO));
  }
  put("search[remark]", s.remark);
  q.set("page", String(page));
  return q;
}

/** Throws a TypeError that names the field and shows the bad value; filters are never secret. */
export function validateSearch(search: unknown): YunzhongSearch | undefined {
  if (search === undefined || search === null) return undefined;
  if (typeof search !== "object" || Array.isArray(search)) {
    throw new TypeError(`yunzhong: search must be an object, got ${showValue(search)}`);
  }
  const s = search as Record<string, unknown>;
  const bad = (field: string, want: string): never => {
    throw new TypeError(`yunzhong: search.${field} must be ${want}, got ${showValue(s[field])}`);
  };
  for (const field of ["customer", "tagId", "employeeUserId", "remark"] as const) {
    if (s[field] !== undefined && typeof s[field] !== "string") bad(field, "a string");
  }
  if (s.member !== undefined && typeof s.member !== "string" && !Number.isInteger(s.member)) bad("member", "a string or an integer");
  for (const field of ["addWayType", "type"] as const) {
    if (s[field] !== undefined && !Number.isInteger(s[field])) bad(field, "an integer");
  }
  if (s.status !== undefined && s.status !== 1 && s.status !== -1) bad("status", "1 or -1");
  for (const field of ["addedFrom", "addedTo"] as const) {
    const v = s[field];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < OPEN_FROM || (v as number) > OPEN_TO)) {
      bad(field, `an integer of unix seconds in ${OPEN_FROM}..${OPEN_TO}`);
    }
  }
  const known = new Set(["customer", "member", "addWayType", "tagId", "employeeUserId", "type", "status", "addedFrom", "addedTo", "remark"]);
  for (const [key, value] of Object.entries(s)) {
    if (!known.has(key) && value !== undefined) throw new TypeError(`yunzhong: search has an unknown field ${JSON.stringify(key)}`);
  }
  return s as YunzhongSearch;
}
