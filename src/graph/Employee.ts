import { CorpDirectory } from "../domain/corps.js";
import { DEFAULT_FIRST } from "../domain/paging.js";
import { accountsOfEmployee } from "../loaders/accounts.js";
import { planCustomerQuery } from "../loaders/customerPlan.js";
import { customersWindow } from "../loaders/customers.js";
import { shownDepartmentIds, shownGender, shownStatus, shownText, shownUserId, type EmployeeRef, type TextField } from "../loaders/sourcePlan.js";
import { findEmployee } from "../loaders/employees.js";
import { builder } from "./builder.js";
import type { GraphContext } from "./context.js";
import { CustomerFilterInput } from "./CustomerFilter.js";
import { EmployeeStatusEnum, GenderEnum } from "./enums.js";
import { keyText, readKeys } from "./globalId.js";
import { implementConnection } from "./implementConnection.js";
import { CorpRef, CustomerConnection, EmployeeConnection, EmployeeObject, WeComAccountRef } from "./refs.js";
import { resolveConnection } from "./resolveConnection.js";

// A nullable text field answered by the cheapest source that carries it; every field's source and
// value where none carries it are planned in loaders/sourcePlan.ts.
function text(field: TextField, description?: string) {
  return {
    nullable: true as const,
    ...(description ? { description } : {}),
    resolve: (ref: EmployeeRef, _args: object, ctx: GraphContext) => shownText(ctx.loaders, ref, field),
  };
}

builder.node(EmployeeObject, {
  description: "A WeCom member, joined across the directory, yunzhong and shiheng by (corpId, userid).",
  id: { resolve: (ref) => keyText<"Employee">([ref.corpId, ref.userId.toLowerCase()]), parse: readKeys<"Employee"> },
  loadOne: ([corpId, userId], ctx) => findEmployee(ctx.loaders, ctx.corps.get(corpId), corpId, userId),
  fields: (t) => ({
    corpId: t.exposeString("corpId", { nullable: false }),
    userId: t.string({
      nullable: false,
      description: "The WeCom userid (case-insensitive; spelled as the best source at hand spells it).",
      resolve: (ref) => shownUserId(ref),
    }),
    name: t.string(text("name")),
    mobile: t.string({ ...text("mobile"), pii: "mobile" }),
    email: t.string({ ...text("email"), pii: "email" }),
    position: t.string(text("position")),
    avatarUrl: t.string(text("avatarUrl")),
    status: t.field({
      type: EmployeeStatusEnum,
      nullable: false,
      // A status we could not read is not UNKNOWN: the error nulls the employee rather than invent one.
      resolve: (ref, _args, ctx) => shownStatus(ctx.loaders, ref),
    }),
    gender: t.field({
      type: GenderEnum,
      nullable: false,
      resolve: (ref, _args, ctx) => shownGender(ctx.loaders, ref),
    }),
    departmentIds: t.intList({
      nullable: false,
      resolve: (ref, _args, ctx) => shownDepartmentIds(ctx.loaders, ref),
    }),
    corp: t.field({
      type: CorpRef,
      nullable: false,
      resolve: (ref, _args, ctx) => ctx.corps.get(ref.corpId) ?? CorpDirectory.unlisted(ref.corpId),
    }),
    wecomAccounts: t.field({
      type: [WeComAccountRef],
      nullable: { list: true, items: false },
      description: "yunzhenji accounts with this employee's mobile in the employee's corp; null when a source of the join could not be read.",
      resolve: (ref, _args, ctx) => {
        const corp = ctx.corps.get(ref.corpId);
        return corp ? accountsOfEmployee(ctx.loaders, corp, ref) : [];
      },
    }),
    customers: t.field({
      type: CustomerConnection,
      nullable: true,
      description: "Customers this employee owns (yunzhong), newest first; null when yunzhong could not be read.",
      args: { filter: t.arg({ type: CustomerFilterInput }), first: t.arg.int({ defaultValue: DEFAULT_FIRST }), after: t.arg.string() },
      resolve: (ref, args, ctx) =>
        resolveConnection(args, async (window) => {
          const corp = ctx.corps.get(ref.corpId);
          return corp ? customersWindow(ctx.loaders, corp, planCustomerQuery(args.filter, ref.userId), window) : { nodes: [], total: 0 };
        }),
    }),
  }),
});

implementConnection(EmployeeConnection, EmployeeObject);

builder.queryFields((t) => ({
  employee: t.field({
    type: EmployeeObject,
    nullable: true,
    description: "An employee by corp and userid (case-insensitive); null when no source knows it.",
    args: { corpId: t.arg.string({ required: true }), userId: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => findEmployee(ctx.loaders, ctx.corps.get(args.corpId), args.corpId, args.userId),
  }),
}));
