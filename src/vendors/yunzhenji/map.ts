// yunzhenji raw rows -> domain objects. Pure: no I/O, no clock.
import { intOrNull } from "../../domain/enums.js";
import { parseMobile } from "../../domain/mobile.js";
import { textOrNull, unixSecondsToDate } from "../../domain/text.js";
import type { Page, WeComAccount, YunzhenjiCorp } from "../../domain/types.js";
import type { RawAccount, RawCorp, RawWechatList } from "./schemas.js";

/**
 * `group_id` -> list of group ids. The vendor documents a comma-separated string with "0" meaning
 * ungrouped, and its sample sends the int 0 (docs/vendors/yunzhenji.md, Quirks); 0 is never a
 * group, so it is dropped wherever it appears.
 */
export function groupIdsOf(raw: RawAccount["group_id"]): number[] {
  if (raw === null) return [];
  const parts = Array.isArray(raw) ? raw : typeof raw === "number" ? [raw] : raw.split(/[,，\s]+/);
  const ids: number[] = [];
  for (const part of parts) {
    const n = intOrNull(part);
    if (n !== null && n > 0 && !ids.includes(n)) ids.push(n);
  }
  return ids;
}

/** `online` is documented as int 0/1 (docs/vendors/yunzhenji.md, Quirks); anything else is offline. */
export function isOnline(raw: RawAccount["online"]): boolean {
  if (typeof raw === "boolean") return raw;
  return intOrNull(raw) === 1 || raw === "true";
}

export function mapCorp(raw: RawCorp): YunzhenjiCorp {
  return {
    id: raw.id,
    name: textOrNull(raw.name),
    shortName: textOrNull(raw.short_name),
    wxid: textOrNull(raw.wxid),
    remark: textOrNull(raw.remark),
    legalPersonName: textOrNull(raw.legal_person_name),
    verifyType: raw.verify_type,
    createdAt: unixSecondsToDate(raw.ctime),
    updatedAt: unixSecondsToDate(raw.utime),
  };
}

/**
 * Every account embeds its corp, and a page of 100 accounts holds a handful of corps: each is
 * mapped once and shared by its accounts, as long as the vendor sent it the same way each time.
 */
function corpMapper(): (raw: RawCorp) => YunzhenjiCorp {
  const seen = new Map<number, { raw: RawCorp; corp: YunzhenjiCorp }>();
  return (raw) => {
    const hit = seen.get(raw.id);
    if (hit && sameFields(hit.raw, raw)) return hit.corp;
    const corp = mapCorp(raw);
    seen.set(raw.id, { raw, corp });
    return corp;
  };
}

function sameFields(a: object, b: object): boolean {
  let keys = 0;
  for (const key in a) {
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
    keys++;
  }
  for (const _ in b) keys--;
  return keys === 0;
}

/** `corpOf` maps the embedded corp; a page passes one that maps each of its few corps once. */
export function mapAccount(raw: RawAccount, corpOf: (raw: RawCorp) => YunzhenjiCorp = mapCorp): WeComAccount {
  // The mobile is the only link to a WeCom userid (docs/vendors/yunzhenji.md, Quirks): normalised once here,
  // a masked one ("1360xxxxxxx") kept for display but never a key.
  const mobile = parseMobile(raw.mobile);
  return {
    id: raw.id,
    wxid: raw.wxid,
    nickname: textOrNull(raw.nickname),
    fullName: textOrNull(raw.full_name),
    alias: textOrNull(raw.wx_alias),
    avatarUrl: textOrNull(raw.avatar),
    mobile: mobile.display,
    mobileKey: mobile.key,
    subUserId: raw.sub_user_id ?? 0,
    groupIds: groupIdsOf(raw.group_id),
    vendorCorpId: raw.corp_id,
    vendorCorp: raw.corp ? corpOf(raw.corp) : null,
    online: isOnline(raw.online),
    // 0 means "never" (e.g. never offline): unixSecondsToDate reads it as null (docs/internals.md, Promises to clients).
    lastLoginAt: unixSecondsToDate(raw.last_login_time),
    lastOfflineAt: unixSecondsToDate(raw.last_offline_time),
    createdAt: unixSecondsToDate(raw.ctime),
    updatedAt: unixSecondsToDate(raw.utime),
  };
}

/**
 * A `wechat/list` answer as one page. `pageSize` is the vendor's `perPage`, which can be smaller
 * than what we asked for: the vendor clamps `page_size` to 100 (docs/vendors/yunzhenji.md, Paging).
 */
export function mapAccountsPage(raw: RawWechatList, requested: { page: number; pageSize: number }): Page<WeComAccount> {
  const corpOf = corpMapper();
  return {
    rows: (raw.data ?? []).map((account) => mapAccount(account, corpOf)),
    page: raw.pager.page || requested.page,
    pageSize: raw.pager.perPage || requested.pageSize,
    total: raw.pager.numRecords,
    totalPages: raw.pager.numPages,
  };
}
