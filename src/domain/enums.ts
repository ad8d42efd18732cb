// The GraphQL enums of schema/schema.graphql and the one place where vendor codes become them.
// Every vendor sends these as ints, numeric strings or nulls; an unknown value never fails a query.

export const ADD_WAY_BY_CODE = {
  0: "UNKNOWN",
  1: "QR_CODE",
  2: "MOBILE_SEARCH",
  3: "BUSINESS_CARD",
  4: "GROUP_CHAT",
  5: "PHONE_CONTACTS",
  6: "WECHAT_CONTACT",
  7: "WECHAT_FRIEND_REQUEST",
  8: "AUTO_ADDED_SERVICE",
  9: "EMAIL_SEARCH",
  10: "WECHAT_CHANNELS",
  11: "SCHEDULE",
  12: "MEETING",
  13: "LINKED_WECHAT_FRIEND",
  14: "SMART_HARDWARE",
  15: "ON_SITE_SERVICE",
  16: "ACQUISITION_LINK",
  17: "CUSTOM_DEVELOPMENT",
  18: "REQUIREMENT_REPLY",
  21: "THIRD_PARTY_PRESALES",
  22: "POSSIBLE_PARTNER",
  24: "WECHAT_ACCOUNT_FRIEND_REQUEST",
  201: "SHARED_BY_MEMBER",
  202: "ASSIGNED_BY_ADMIN",
} as const;

export type AddWay = (typeof ADD_WAY_BY_CODE)[keyof typeof ADD_WAY_BY_CODE];
export const ADD_WAYS: readonly AddWay[] = Object.values(ADD_WAY_BY_CODE);

export const EMPLOYEE_STATUSES = ["ACTIVE", "DISABLED", "INACTIVE", "LEFT", "UNKNOWN"] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

export const GENDERS = ["UNSPECIFIED", "MALE", "FEMALE"] as const;
export type Gender = (typeof GENDERS)[number];

export const EXTERNAL_CONTACT_TYPES = ["WECHAT", "WECOM", "UNKNOWN"] as const;
export type ExternalContactType = (typeof EXTERNAL_CONTACT_TYPES)[number];

export const CUSTOMER_STATUSES = ["NORMAL", "LOST"] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** Reads an int that a vendor may send as a number or a numeric string; anything else is null. */
export function intOrNull(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

export function addWayFromCode(code: unknown): AddWay {
  const n = intOrNull(code);
  if (n === null) return "UNKNOWN";
  return (ADD_WAY_BY_CODE as Record<number, AddWay>)[n] ?? "UNKNOWN";
}

/** The vendor code of an AddWay; UNKNOWN has no single code (it also stands for unrecognised ones). */
export function addWayCode(addWay: AddWay): number {
  for (const [code, name] of Object.entries(ADD_WAY_BY_CODE)) if (name === addWay) return Number(code);
  throw new Error(`not an AddWay: ${String(addWay)}`);
}

// docs/internals.md (Promises to clients): 1 ACTIVE, 2 DISABLED, 4 INACTIVE, 5 LEFT, anything else UNKNOWN (shiheng's sample shows 6).
export function employeeStatusFromCode(code: unknown): EmployeeStatus {
  switch (intOrNull(code)) {
    case 1:
      return "ACTIVE";
    case 2:
      return "DISABLED";
    case 4:
      return "INACTIVE";
    case 5:
      return "LEFT";
    default:
      return "UNKNOWN";
  }
}

// docs/internals.md (Promises to clients): "1"/1 MALE, "2"/2 FEMALE, anything else UNSPECIFIED.
export function genderFromCode(code: unknown): Gender {
  switch (intOrNull(code)) {
    case 1:
      return "MALE";
    case 2:
      return "FEMALE";
    default:
      return "UNSPECIFIED";
  }
}

// yunzhong has_one_customer.external_type: 1 WeChat user, 2 WeCom user.
export function externalContactTypeFromCode(code: unknown): ExternalContactType {
  switch (intOrNull(code)) {
    case 1:
      return "WECHAT";
    case 2:
      return "WECOM";
    default:
      return "UNKNOWN";
  }
}

// yunzhong row status: 1 normal, -1 lost. The schema has no third value, so anything but -1 is NORMAL.
export function customerStatusFromCode(code: unknown): CustomerStatus {
  return intOrNull(code) === -1 ? "LOST" : "NORMAL";
}

export function customerStatusCode(status: CustomerStatus): 1 | -1 {
  return status === "LOST" ? -1 : 1;
}
