// The directory (WeCom user/get) and yunzhong's embedded owner (has_one_employee) both pass WeCom's
// member object through under WeCom's own field names, so the rule that reads it is one rule.
//
// Semantics, for every field below: undefined = the payload did not carry the field (this source
// cannot say; the graph asks another one), so it stays out of EmployeeFacts; "" and null = carried
// and empty ("none", null in the graph). WeCom leaves out what the app may not read (mobile and
// email without the sensitive-data right), which is why absence must not read as "none".
import { employeeStatusFromCode, genderFromCode } from "./enums.js";
import { parseMobile } from "./mobile.js";
import { textOrNull } from "./text.js";
import type { EmployeeFacts, EmployeeSource } from "./types.js";

/** The WeCom member fields EmployeeFacts is built from, as the vendors' schemas decode them. */
export interface WeComMemberFields {
  name?: string | number | null | undefined;
  mobile?: string | number | null | undefined;
  email?: string | number | null | undefined;
  position?: string | number | null | undefined;
  gender?: string | number | null | undefined;
  status?: string | number | null | undefined;
  /** The member's department ids; null carries nothing, as departmentIds has no "none". */
  department?: readonly number[] | null | undefined;
  avatar?: string | number | null | undefined;
}

/**
 * An enum code left empty is a placeholder, not a value: unlike text fields, "" and null are not
 * carried either, because "no gender" or "no status" is not a fact any source states.
 */
export function carriedCode(value: string | number | null | undefined): value is string | number {
  return value !== undefined && value !== null && value !== "";
}

/** The facts a WeCom member object carries (see the semantics above). */
export function employeeFactsFromMember(source: EmployeeSource, userId: string, member: WeComMemberFields): EmployeeFacts {
  const facts: EmployeeFacts = { source, userId };
  if (member.name !== undefined) facts.name = textOrNull(member.name);
  if (member.mobile !== undefined) {
    const mobile = parseMobile(member.mobile);
    facts.mobile = mobile.display;
    facts.mobileKey = mobile.key;
  }
  if (member.email !== undefined) facts.email = textOrNull(member.email);
  if (member.position !== undefined) facts.position = textOrNull(member.position);
  if (carriedCode(member.gender)) facts.gender = genderFromCode(member.gender);
  if (carriedCode(member.status)) facts.status = employeeStatusFromCode(member.status);
  if (member.department !== undefined && member.department !== null) facts.departmentIds = [...member.department];
  if (member.avatar !== undefined) facts.avatarUrl = textOrNull(member.avatar);
  return facts;
}
