import { builder } from "./builder.js";
import { DateTimeScalar } from "./DateTime.js";
import { AddWayEnum, CustomerStatusEnum, EmployeeStatusEnum } from "./enums.js";

export const CustomerFilterInput = builder.inputType("CustomerFilter", {
  description: "All given conditions must hold. Pushed down to yunzhong's search where it can filter.",
  fields: (t) => ({
    ownerUserId: t.string({ description: "The owning employee's userid (case-insensitive)." }),
    tagIds: t.stringList({ description: "Customers carrying any of these tag ids; an empty list matches none." }),
    addWay: t.field({ type: AddWayEnum, description: "UNKNOWN also matches add_way codes not in the enum." }),
    status: t.field({ type: CustomerStatusEnum }),
    addedAfter: t.field({ type: DateTimeScalar, description: "Inclusive lower bound on the add time." }),
    addedBefore: t.field({ type: DateTimeScalar, description: "Inclusive upper bound on the add time." }),
    search: t.string({ description: "Substring of the customer's name or external userid." }),
    remark: t.string({ description: "Substring of the remark." }),
    ownerStatus: t.field({
      type: [EmployeeStatusEnum],
      description: "Customers whose owner has any of these statuses (e.g. [LEFT, DISABLED] for 离职继承); an empty list matches none.",
    }),
  }),
});
