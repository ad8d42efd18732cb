import { CorpDirectory, parseVendorCorpId, type Corp } from "../domain/corps.js";
import { DEFAULT_FIRST } from "../domain/paging.js";
import { accountsOfCorp } from "../loaders/accounts.js";
import { planCustomerQuery } from "../loaders/customerPlan.js";
import { customersWindow, tagsOfCorp } from "../loaders/customers.js";
import { employeesOfCorp } from "../loaders/employees.js";
import { builder } from "./builder.js";
import type { GraphContext } from "./context.js";
import { CustomerFilterInput } from "./CustomerFilter.js";
import { CustomerTagRef } from "./CustomerTag.js";
import { EmployeeStatusEnum } from "./enums.js";
import { keyText, readKeys } from "./globalId.js";
import { windowOf } from "../loaders/sliceRemote.js";
import { CorpRef, CustomerConnection, EmployeeConnection, WeComAccountConnection } from "./refs.js";
import { resolveConnection } from "./resolveConnection.js";

builder.node(CorpRef, {
  description: "A WeCom corp. Vendor corps that the config does not map keep the vendor's own id (`yunzhenji:<id>`).",
  id: { resolve: (corp) => keyText<"Corp">([corp.corpId]), parse: readKeys<"Corp"> },
  loadOne: ([corpId], ctx) => findCorp(ctx, corpId),
  fields: (t) => ({
    corpId: t.exposeString("corpId", { nullable: false, description: "WeCom corpid, or the vendor-scoped id of an unmapped vendor corp." }),
    name: t.string({ nullable: true, resolve: (corp, _args, ctx) => corpName(ctx, corp, "name") }),
    shortName: t.string({ nullable: true, resolve: (corp, _args, ctx) => corpName(ctx, corp, "shortName") }),
    accounts: t.field({
      type: WeComAccountConnection,
      nullable: true,
      description: "The corp's WeCom accounts on yunzhenji cloud phones, in the vendor's order; null when yunzhenji could not be read.",
      args: { online: t.arg.boolean(), first: t.arg.int({ defaultValue: DEFAULT_FIRST }), after: t.arg.string() },
      resolve: (corp, args, ctx) =>
        resolveConnection(args, async (window) => windowOf(await accountsOfCorp(ctx.loaders, corp, args.online ?? null), window)),
    }),
    employees: t.field({
      type: EmployeeConnection,
      nullable: true,
      description: "The corp's employees from shiheng's list, in its order; null when it could not be read.",
      args: { status: t.arg({ type: EmployeeStatusEnum }), first: t.arg.int({ defaultValue: DEFAULT_FIRST }), after: t.arg.string() },
      resolve: (corp, args, ctx) =>
        resolveConnection(args, async (window) => windowOf(await employeesOfCorp(ctx.loaders, corp.corpId, args.status ?? null), window)),
    }),
    customers: t.field({
      type: CustomerConnection,
      nullable: true,
      description: "The corp's customer follow relations from yunzhong, newest first; null when yunzhong could not be read.",
      args: { filter: t.arg({ type: CustomerFilterInput }), first: t.arg.int({ defaultValue: DEFAULT_FIRST }), after: t.arg.string() },
      resolve: (corp, args, ctx) =>
        resolveConnection(args, (window) => customersWindow(ctx.loaders, corp, planCustomerQuery(args.filter), window)),
    }),
    tags: t.field({
      type: [CustomerTagRef],
      nullable: { list: true, items: false },
      description: "The corp's customer tag catalogue (yunzhong); null when yunzhong could not be read.",
      resolve: (corp, _args, ctx) => tagsOfCorp(ctx.loaders, corp),
    }),
  }),
});

// A mapped corp without a configured name takes the name yunzhenji gives it.
async function corpName(ctx: GraphContext, corp: Corp, field: "name" | "shortName"): Promise<string | null> {
  if (corp[field] !== null || corp.yunzhenjiCorpId === null || !ctx.loaders.has("yunzhenji")) return corp[field];
  const account = (await ctx.loaders.accounts()).byCorp.get(corp.yunzhenjiCorpId)?.[0];
  return account?.vendorCorp?.[field] ?? null;
}

/** A corp by id: configured ones first, then vendor corps that the config does not map. */
export async function findCorp(ctx: GraphContext, corpId: string): Promise<Corp | null> {
  const configured = ctx.corps.get(corpId);
  if (configured) return configured;
  const vendorId = parseVendorCorpId(corpId);
  if (vendorId?.vendor === "yunzhenji") {
    if (!ctx.loaders.has("yunzhenji")) return null;
    const account = (await ctx.loaders.accounts()).byCorp.get(vendorId.id)?.[0];
    return account ? ctx.corps.forYunzhenji(account.vendorCorpId, account.vendorCorp) : null;
  }
  if (vendorId?.vendor === "yunzhong") {
    const sameAccount = ctx.corps.corps.some((c) => c.yunzhong?.uniacid === vendorId.uniacid);
    return sameAccount ? ctx.corps.forYunzhong(vendorId.uniacid, vendorId.cropId) : null;
  }
  // shiheng names corps by WeCom corpid itself, so its corps exist without a corps[] entry.
  if (!ctx.loaders.has("shiheng")) return null;
  return (await ctx.loaders.employees()).byCorp.has(corpId) ? CorpDirectory.unlisted(corpId) : null;
}

builder.queryFields((t) => ({
  corps: t.field({
    type: [CorpRef],
    nullable: false,
    description: "The corps of the config's corps[], in its order.",
    resolve: (_root, _args, ctx) => ctx.corps.corps,
  }),
  corp: t.field({
    type: CorpRef,
    nullable: true,
    description: "A corp by WeCom corpid (or `yunzhenji:<id>` for an unmapped yunzhenji corp); null when unknown.",
    args: { corpId: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => findCorp(ctx, args.corpId),
  }),
}));
