// Raw yunzhong payloads (already through schemas.ts) to domain objects. Pure: no I/O, no clock.
import { addWayFromCode, customerStatusFromCode, employeeStatusFromCode, externalContactTypeFromCode, genderFromCode, intOrNull } from "../../domain/enums.js";
import { parseMobile } from "../../domain/mobile.js";
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

/** An enum code the row left empty is a placeholder, not a value: the field is not carried. */
function carriedCode(value: string | number | null | undefined): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * The owning employee as `has_one_employee` embeds it. A field absent from the payload stays
 * undefined (this source does not carry it, ask a better one); "" and null are "none".
 * `main_department` is one department, not the employee's list, so departmentIds stays undefined.
 */
export function mapOwnerFacts(raw: YunzhongRawEmployee, rowUserId: string): EmployeeFacts {
  const facts: EmployeeFacts = { source: "yunzhong", userId: textOrNull(raw.user_id) ?? rowUserId };
  if (raw.name !== undefined) facts.name = textOrNull(raw.name);
  if (raw.mobile !== undefined) {
    const mobile = parseMobile(raw.mobile);
    facts.mobile = mobile.display;
    facts.mobileKey = mobile.key;
  }
  if (raw.email !== undefined) facts.email = textOrNull(raw.email);
  if (raw.position !== undefined) facts.position = textOrNull(raw.position);
  if (carriedCode(raw.gender)) facts.gender = genderFromCode(raw.gender);
  if (carriedCode(raw.status)) facts.status = employeeStatusFromCode(raw.status);
  if (raw.avatar !== undefined) facts.avatarUrl = textOrNull(raw.avatar);
  return facts;
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
