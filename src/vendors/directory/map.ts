// Raw directory profile (already through schemas.ts) to the domain. Pure.
import { employeeStatusFromCode, genderFromCode, intOrNull } from "../../domain/enums.js";
import { parseMobile } from "../../domain/mobile.js";
import { textOrNull } from "../../domain/text.js";
import type { DirectoryProfile, EmployeeFacts } from "../../domain/types.js";
import type { DirectoryRawUser } from "./schemas.js";

/** An enum code left empty is a placeholder, not a value: the field is not carried. */
function carriedCode(value: string | number | null | undefined): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * Every fact the profile carries. A field absent from the payload stays undefined (WeCom leaves
 * out fields the app may not read, e.g. mobile and email without the sensitive-data right), so
 * the graph can still take it from another source; "" and null are "none".
 */
export function mapDirectoryFacts(raw: DirectoryRawUser): EmployeeFacts {
  const facts: EmployeeFacts = { source: "directory", userId: raw.userid };
  if (raw.name !== undefined) facts.name = textOrNull(raw.name);
  if (raw.mobile !== undefined) {
    const mobile = parseMobile(raw.mobile);
    facts.mobile = mobile.display;
    facts.mobileKey = mobile.key;
  }
  if (raw.email !== undefined) facts.email = textOrNull(raw.email);
  if (carriedCode(raw.status)) facts.status = employeeStatusFromCode(raw.status);
  if (carriedCode(raw.gender)) facts.gender = genderFromCode(raw.gender);
  if (raw.position !== undefined) facts.position = textOrNull(raw.position);
  if (raw.department !== undefined && raw.department !== null) facts.departmentIds = [...raw.department];
  if (raw.avatar !== undefined) facts.avatarUrl = textOrNull(raw.avatar);
  return facts;
}

/** `corpId` is the corp we asked about: WeCom's user/get does not echo it. */
export function mapDirectoryProfile(raw: DirectoryRawUser, corpId: string): DirectoryProfile {
  return {
    corpId,
    facts: mapDirectoryFacts(raw),
    alias: textOrNull(raw.alias),
    telephone: textOrNull(raw.telephone),
    bizMail: textOrNull(raw.biz_mail),
    address: textOrNull(raw.address),
    mainDepartment: intOrNull(raw.main_department),
    directLeaders: (raw.direct_leader ?? []).filter((l) => l.trim() !== ""),
    openUserId: textOrNull(raw.open_userid),
  };
}
