import type { ShihengEmployee } from "../domain/types.js";
import { userIdKey } from "../domain/userId.js";
import type { EmployeeListSource } from "../vendors/Sources.js";
import { walkPages } from "./walkPages.js";

/** shiheng's employee list has no corp filter (docs/vendors/shiheng.md, Paging): one walk serves every corp. */
export interface EmployeeIndex {
  byUser: Map<string, ShihengEmployee>;
  /** In the vendor's order. */
  byCorp: Map<string, ShihengEmployee[]>;
  /** Pages the walk read: what the next walk will cost (source planning's cost model). */
  pages: number;
}

export async function loadEmployeeIndex(source: EmployeeListSource): Promise<EmployeeIndex> {
  const index: EmployeeIndex = { byUser: new Map(), byCorp: new Map(), pages: 0 };
  const rows = await walkPages((pageNum) => {
    index.pages++;
    return source.listEmployeesPage({ pageNum, pageSize: 50 });
  });
  for (const employee of rows) {
    const key = userIdKey(employee.corpId, employee.facts.userId);
    if (index.byUser.has(key)) continue;
    index.byUser.set(key, employee);
    const list = index.byCorp.get(employee.corpId);
    if (list) list.push(employee);
    else index.byCorp.set(employee.corpId, [employee]);
  }
  return index;
}
