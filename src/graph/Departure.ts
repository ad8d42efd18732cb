import { DEFAULT_FIRST } from "../domain/paging.js";
import { planCustomerQuery } from "../loaders/customerPlan.js";
import { customersWindow } from "../loaders/customers.js";
import { departuresOfCorp, type Departure } from "../loaders/departures.js";
import { builder } from "./builder.js";
import type { ConnectionShape } from "./connectionArgs.js";
import { implementConnection } from "./implementConnection.js";
import { windowOf } from "../loaders/sliceRemote.js";
import { CorpRef, CustomerConnection, EmployeeObject, WeComAccountRef } from "./refs.js";
import { resolveConnection } from "./resolveConnection.js";

export const DepartureRef = builder.objectRef<Departure>("Departure");

DepartureRef.implement({
  description: "A LEFT or DISABLED employee who still owns customers or is still logged in on a cloud phone: one entry of the 离职继承 worklist.",
  fields: (t) => ({
    employee: t.field({ type: EmployeeObject, nullable: false, resolve: (d) => d.employee }),
    customers: t.field({
      type: CustomerConnection,
      nullable: true,
      description: "The customers they still own (yunzhong), newest first; null when yunzhong could not be read.",
      args: { first: t.arg.int({ defaultValue: DEFAULT_FIRST }), after: t.arg.string() },
      resolve: (d, args, ctx) =>
        resolveConnection(args, (window) =>
          d.ownerUserId === null ? Promise.resolve({ nodes: [], total: 0 }) : customersWindow(ctx.loaders, d.corp, planCustomerQuery(null, d.ownerUserId), window),
        ),
    }),
    onlineAccounts: t.field({
      type: [WeComAccountRef],
      nullable: { list: true, items: false },
      description: "Their WeCom accounts online on a yunzhenji cloud phone (joined by mobile within the corp), in yunzhenji's order.",
      resolve: (d) => d.onlineAccounts,
    }),
  }),
});

export const DepartureConnection = implementConnection(builder.objectRef<ConnectionShape<Departure>>("DepartureConnection"), DepartureRef);

builder.objectField(CorpRef, "departures", (t) =>
  t.field({
    type: DepartureConnection,
    nullable: true,
    description:
      "The 离职继承 worklist: employees LEFT or DISABLED who still own customers or have a WeCom account online on a cloud phone, most customers first (ties by userid). Null when a source could not be read.",
    args: { first: t.arg.int({ defaultValue: DEFAULT_FIRST }), after: t.arg.string() },
    resolve: (corp, args, ctx) => resolveConnection(args, async (window) => windowOf(await departuresOfCorp(ctx.loaders, corp), window)),
  }),
);
