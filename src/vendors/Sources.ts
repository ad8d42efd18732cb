// What the graph needs from each vendor connector, as structural types: the concrete clients in
// src/vendors satisfy them, and tests can hand in anything that does.
import type { CallOptions } from "../core/CallOptions.js";
import type { YunzhongSearch } from "./yunzhong/searchParams.js";
import type { CustomerPage, DirectoryProfile, Page, ShihengEmployee, WeComAccount } from "../domain/types.js";

export interface AccountSource {
  listAccountsPage(args: { online?: boolean; page: number; pageSize: number }, call?: CallOptions): Promise<Page<WeComAccount>>;
}

export interface EmployeeListSource {
  listEmployeesPage(args: { pageNum: number; pageSize: number }, call?: CallOptions): Promise<Page<ShihengEmployee>>;
}

/** yunzhong's search parameters (docs/vendors/yunzhong.md, Endpoints), times in unix seconds. */
export type CustomerSearch = YunzhongSearch;

export interface CustomerSource {
  listCustomersPage(args: { uniacid: number; page: number; search?: CustomerSearch }, call?: CallOptions): Promise<CustomerPage>;
}

export interface ProfileSource {
  getUser(args: { corpId: string; userId: string }, call?: CallOptions): Promise<DirectoryProfile | null>;
}

export interface Sources {
  yunzhenji?: AccountSource;
  shiheng?: EmployeeListSource;
  yunzhong?: CustomerSource;
  directory?: ProfileSource;
}
