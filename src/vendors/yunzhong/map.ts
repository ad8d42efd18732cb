// Raw yunzhong payloads (already through schemas.ts) to domain objects. Pure: no I/O, no clock.
import { employeeFactsFromMember } from "../../domain/employeeFacts.js";
import { addWayFromCode, customerStatusFromCode, externalContactTypeFromCode, genderFromCode, intOrNull } from "../../domain/enums.js";
import { chinaTimeToDate, textOrNull, unixSecondsToDate } from "../../domain/text.js";
import type { CustomerPage, CustomerTag, EmployeeFacts, ExternalCustomer } from "../../domain/types.js";
import { remarkMobiles } from "./remarkMobiles.js";
import { rowTags } from "./rowTags.js";
import type { YunzhongPaginator, YunzhongRawEmployee, YunzhongRawTag, YunzhongRow } from "./schemas.js";

export function mapTag(raw: YunzhongRawTag): CustomerTag {
  return {
    id: raw.tag_id,
    name: textOrNull(raw.name) ?? raw.tag_id,
    groupId: textOrNull(raw.group_id),
    groupName: textOrNull(raw.group_name),
  };
}

/**
 * The owning employee as `has_one_employee` embeds it (WeCom's member object, trimmed). It has no
 * `department`: `main_department` is one department, not the employee's list, so departmentIds
 * stays undefined. Without its own `user_id` the row's `userid` names the owner.
 */
export function mapOwnerFacts(raw: YunzhongRawEmployee, rowUserId: string): EmployeeFacts {
  return employeeFactsFromMember("yunzhong", textOrNull(raw.user_id) ?? rowUserId, raw);
}

export function mapCustomer(row: YunzhongRow, uniacid: number, catalogue: ReadonlyMap<string, CustomerTag>): ExternalCustomer {
  const customer = row.has_one_customer ?? null;
  const { tagIds, tags } = rowTags(row.tag_id, row.tag_name, catalogue);
  return {
    rowId: row.id,
    uniacid: row.uniacid ?? uniacid,
    cropId: row.crop_id,
    externalUserId: row.external_userid,
    name: textOrNull(customer?.name),
    avatarUrl: textOrNull(customer?.avatar),
    type: externalContactTypeFromCode(customer?.external_type),
    gender: genderFromCode(customer?.gender),
    corpName: textOrNull(customer?.corp_name),
    corpFullName: textOrNull(customer?.corp_full_name),
    remark: textOrNull(row.remark),
    description: textOrNull(row.description),
    remarkCorpName: textOrNull(row.remark_corp_name),
    remarkMobiles: remarkMobiles(row.remark_mobiles),
    addWay: addWayFromCode(row.add_way),
    addWayCode: intOrNull(row.add_way),
    addedAt: unixSecondsToDate(row.createtime),
    syncedAt: chinaTimeToDate(row.created_at),
    status: customerStatusFromCode(row.status),
    tagIds,
    tags,
    ownerUserId: row.userid,
    addedByUserId: textOrNull(row.oper_userid),
    ownerFacts: row.has_one_employee ? mapOwnerFacts(row.has_one_employee, row.userid) : null,
  };
}

/** One getList page; `uniacid` is the one requested (rows that omit theirs belong to it). */
export function mapCustomerPage(paginator: YunzhongPaginator, uniacid: number): CustomerPage {
  const tags = (paginator.tag ?? []).map(mapTag);
  const catalogue = new Map<string, CustomerTag>();
  for (const tag of tags) if (!catalogue.has(tag.id)) catalogue.set(tag.id, tag);
  return {
    rows: paginator.data.map((row) => mapCustomer(row, uniacid, catalogue)),
    tags,
    employees: (paginator.employee ?? []).map((e) => ({ userId: e.user_id, name: textOrNull(e.name) })),
    page: paginator.current_page,
    perPage: paginator.per_page,
    lastPage: paginator.last_page,
    total: paginator.total,
  };
}
