// Expected graph values computed from the simulators' dataset, so tests never hard-code answers.
import { addWayFromCode, genderFromCode, externalContactTypeFromCode } from "../../src/domain/enums.js";
import type { Dataset, SimCustomerRow, SimEmployee } from "../../src/simulators/dataset.js";

export const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace(/\.000Z$/, "Z");
export const orNull = (s: string) => (s === "" ? null : s);

export function rowsOfCorp(d: Dataset, corpId: string): SimCustomerRow[] {
  return d.customerRows.filter((r) => r.corpId === corpId);
}

export function expectedCustomer(d: Dataset, r: SimCustomerRow) {
  const catalogue = new Map(d.tags.filter((t) => t.corpId === r.corpId).map((t) => [t.tagId, t]));
  return {
    externalUserId: r.externalUserId,
    name: orNull(r.customer.name),
    type: externalContactTypeFromCode(r.customer.externalType),
    gender: genderFromCode(r.customer.gender),
    corpName: orNull(r.customer.corpName),
    remark: orNull(r.remark),
    description: orNull(r.description),
    remarkMobiles: r.remarkMobiles,
    addWay: addWayFromCode(r.addWay),
    addedAt: iso(r.createtime),
    status: r.status === -1 ? "LOST" : "NORMAL",
    tags: r.tagIds.map((id, i) => ({ id, name: catalogue.get(id)?.name ?? r.tagNames[i], groupName: catalogue.get(id)?.groupName ?? null })),
  };
}

export const CUSTOMER_FIELDS = "externalUserId name type gender corpName remark description remarkMobiles addWay addedAt status tags { id name groupName }";

export function employee(d: Dataset, corpId: string, userId: string): SimEmployee {
  const e = d.employees.find((x) => x.corpId === corpId && x.userId.toLowerCase() === userId.toLowerCase());
  if (!e) throw new Error(`no employee ${userId} in ${corpId}`);
  return e;
}

export function mappedCorps(d: Dataset) {
  return d.corps.filter((c) => c.mapped);
}
