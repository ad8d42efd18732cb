// The canonical objects every vendor maps into. Vendor folders produce these; the graph reads them.
import type { AddWay, CustomerStatus, EmployeeStatus, ExternalContactType, Gender } from "./enums.js";

/** A corp as yunzhenji describes it inside each account row (its ids are yunzhenji's own). */
export interface YunzhenjiCorp {
  id: number;
  name: string | null;
  shortName: string | null;
  wxid: string | null;
  remark: string | null;
  legalPersonName: string | null;
  verifyType: number | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** One WeCom account logged in on a yunzhenji cloud phone. */
export interface WeComAccount {
  id: number;
  wxid: string;
  nickname: string | null;
  fullName: string | null;
  alias: string | null;
  avatarUrl: string | null;
  /** Normalised mobile, or the vendor's text when masked. */
  mobile: string | null;
  /** Join key (see domain/mobile.ts); null when masked or missing. */
  mobileKey: string | null;
  subUserId: number;
  groupIds: number[];
  /** yunzhenji's internal corp id (`corp_id`), mapped to a WeCom corp by config. */
  vendorCorpId: number;
  vendorCorp: YunzhenjiCorp | null;
  online: boolean;
  lastLoginAt: Date | null;
  lastOfflineAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export type EmployeeSource = "directory" | "yunzhong" | "shiheng";

/**
 * What one source says about one employee. A field that is `undefined` is one this source does not
 * carry (or carried only as a placeholder, e.g. shiheng's nulls without consent), so a better source
 * must be asked; `null` is a value the source does carry: "none".
 */
export interface EmployeeFacts {
  source: EmployeeSource;
  userId: string;
  name?: string | null;
  mobile?: string | null;
  mobileKey?: string | null;
  email?: string | null;
  status?: EmployeeStatus;
  gender?: Gender;
  position?: string | null;
  departmentIds?: number[];
  avatarUrl?: string | null;
}

export type EmployeeField = Exclude<keyof EmployeeFacts, "source" | "userId">;

/** One row of shiheng's employee list: it names its WeCom corp itself. */
export interface ShihengEmployee {
  shihengId: number;
  corpId: string;
  followUser: boolean;
  facts: EmployeeFacts;
}

/** The directory's full profile (WeCom user/get). */
export interface DirectoryProfile {
  corpId: string;
  facts: EmployeeFacts;
  alias: string | null;
  telephone: string | null;
  bizMail: string | null;
  address: string | null;
  mainDepartment: number | null;
  directLeaders: string[];
  openUserId: string | null;
}

export interface CustomerTag {
  id: string;
  name: string;
  groupId: string | null;
  groupName: string | null;
}

/** One yunzhong row: one external contact as followed by one employee. */
export interface ExternalCustomer {
  /** yunzhong's row id. */
  rowId: number;
  uniacid: number;
  cropId: number;
  externalUserId: string;
  name: string | null;
  avatarUrl: string | null;
  type: ExternalContactType;
  gender: Gender;
  corpName: string | null;
  corpFullName: string | null;
  remark: string | null;
  description: string | null;
  remarkCorpName: string | null;
  remarkMobiles: string[];
  addWay: AddWay;
  /** The raw add_way code, kept so filters on UNKNOWN can match codes we do not recognise. */
  addWayCode: number | null;
  /** `createtime`: when the employee added the customer. */
  addedAt: Date | null;
  /** `created_at`: when yunzhong synced the row (China time in the payload). */
  syncedAt: Date | null;
  status: CustomerStatus;
  tagIds: string[];
  tags: CustomerTag[];
  ownerUserId: string;
  /** `oper_userid`: the employee who added the contact; can be the customer's own external userid. */
  addedByUserId: string | null;
  /** The owning employee as embedded in the row (`has_one_employee`), when present. */
  ownerFacts: EmployeeFacts | null;
}

/** One page of yunzhong's customer list, with the catalogue that came with it. */
export interface CustomerPage {
  rows: ExternalCustomer[];
  tags: CustomerTag[];
  employees: { userId: string; name: string | null }[];
  page: number;
  perPage: number;
  lastPage: number;
  total: number;
}

/** A generic page from any vendor's paginator. */
export interface Page<T> {
  rows: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}
