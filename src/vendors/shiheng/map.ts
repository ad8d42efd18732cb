// 食亨 raw rows -> domain objects. Pure: no I/O, no clock.
//
// Most personal fields are null unless the employee consented to snsapi_privateinfo
// (docs/vendors/shiheng.md, Rows and Quirks). Such a null is not "the employee has no
// mobile" but "shiheng does not know": the field is left out of EmployeeFacts (undefined) so the
// graph asks a better source (domain/types.ts EmployeeFacts).
import { employeeStatusFromCode, genderFromCode, intOrNull, type EmployeeStatus, type Gender } from "../../domain/enums.js";
import { parseMobile } from "../../domain/mobile.js";
import { textOrNull } from "../../domain/text.js";
import type { EmployeeFacts, Page, ShihengEmployee } from "../../domain/types.js";
import type { RawEmployee, RawEmployeePage } from "./schemas.js";

/**
 * `status`: 1/2/4/5 are facts; 0 means "unknown" and the vendor's own sample shows 6
 * (docs/vendors/shiheng.md, Quirks), so those, and anything else, are not carried.
 */
export function statusFact(raw: RawEmployee["status"]): EmployeeStatus | undefined {
  const status = employeeStatusFromCode(raw);
  return status === "UNKNOWN" ? undefined : status;
}

/**
 * `gender`: null without consent, and "0" is what the vendor returns instead of the real value
 * when consent is missing (field note: 否则返回0), so only 1/2 are facts.
 */
export function genderFact(raw: RawEmployee["gender"]): Gender | undefined {
  const n = intOrNull(raw);
  return n === 1 || n === 2 ? genderFromCode(n) : undefined;
}

/** `followUserFlag`: boolean or 0/1 (decoded by the schema); absent means no customer-contact rights. */
export function followUserOf(raw: RawEmployee["followUserFlag"]): boolean {
  return raw === true;
}

/** A consent-gated text field: null -> not carried; a value (even "") -> carried ("" reads as null). */
function consented(raw: string | null): string | null | undefined {
  return raw === null ? undefined : textOrNull(raw);
}

/** The WeCom userid: `weComUserId`, falling back on the often-null `userId` (成员UserID). */
export function userIdOf(raw: RawEmployee): string {
  return (raw.weComUserId?.trim() ? raw.weComUserId : raw.userId ?? "").trim();
}

export function mapEmployeeFacts(raw: RawEmployee): EmployeeFacts {
  const facts: EmployeeFacts = { source: "shiheng", userId: userIdOf(raw), name: textOrNull(raw.name) };
  // `mobileNumber` (手机) first; `phone` (用户手机号码) carries the same number when it is there.
  const mobileRaw = raw.mobileNumber ?? raw.phone;
  if (mobileRaw !== null) {
    const mobile = parseMobile(mobileRaw);
    facts.mobile = mobile.display;
    facts.mobileKey = mobile.key;
  }
  const email = consented(raw.emailAddress);
  if (email !== undefined) facts.email = email;
  const avatarUrl = consented(raw.avatarUrl);
  if (avatarUrl !== undefined) facts.avatarUrl = avatarUrl;
  const status = statusFact(raw.status);
  if (status !== undefined) facts.status = status;
  const gender = genderFact(raw.gender);
  if (gender !== undefined) facts.gender = gender;
  return facts;
}

export function mapEmployee(raw: RawEmployee): ShihengEmployee {
  return {
    shihengId: raw.id,
    corpId: raw.corpId,
    followUser: followUserOf(raw.followUserFlag),
    facts: mapEmployeeFacts(raw),
  };
}

/** `result: { pages, total, result }` as one page; shiheng does not echo the page, so ours is used. */
export function mapEmployeesPage(raw: RawEmployeePage, requested: { pageNum: number; pageSize: number }): Page<ShihengEmployee> {
  return {
    rows: (raw.result ?? []).map(mapEmployee),
    page: requested.pageNum,
    pageSize: requested.pageSize,
    total: raw.total,
    totalPages: raw.pages,
  };
}
