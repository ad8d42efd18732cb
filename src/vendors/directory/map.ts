// Raw directory profile (already through schemas.ts) to the domain. Pure.
import { employeeFactsFromMember } from "../../domain/employeeFacts.js";
import { intOrNull } from "../../domain/enums.js";
import { textOrNull } from "../../domain/text.js";
import type { DirectoryProfile, EmployeeFacts } from "../../domain/types.js";
import type { DirectoryRawUser } from "./schemas.js";

/** Every fact the profile carries: the profile is WeCom's member object, department list included. */
export function mapDirectoryFacts(raw: DirectoryRawUser): EmployeeFacts {
  return employeeFactsFromMember("directory", raw.userid, raw);
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
