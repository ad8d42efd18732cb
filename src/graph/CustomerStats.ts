import { badUserInput } from "../errors/GraphError.js";
import { planCustomerQuery } from "../loaders/customerPlan.js";
import { customerStats, type CustomerStats } from "../loaders/customerStats.js";
import { builder } from "./builder.js";
import { CustomerFilterInput } from "./CustomerFilter.js";
import { CustomerTagRef } from "./CustomerTag.js";
import { AddWayEnum } from "./enums.js";
import { CorpRef, EmployeeObject } from "./refs.js";

const DEFAULT_OWNERS = 10;
const MAX_OWNERS = 100;

// The three count types exist only inside CustomerStats, so they live with it.
const AddWayCountRef = builder.objectRef<CustomerStats["byAddWay"][number]>("AddWayCount").implement({
  fields: (t) => ({
    addWay: t.field({ type: AddWayEnum, nullable: false, resolve: (c) => c.addWay }),
    count: t.exposeInt("count", { nullable: false }),
  }),
});

const TagCountRef = builder.objectRef<CustomerStats["byTag"][number]>("TagCount").implement({
  fields: (t) => ({
    tag: t.field({ type: CustomerTagRef, nullable: false, resolve: (c) => c.tag }),
    count: t.exposeInt("count", { nullable: false }),
  }),
});

const OwnerCountRef = builder.objectRef<CustomerStats["byOwner"][number]>("OwnerCount").implement({
  fields: (t) => ({
    owner: t.field({ type: EmployeeObject, nullable: false, resolve: (c) => c.owner }),
    count: t.exposeInt("count", { nullable: false }),
  }),
});

export const CustomerStatsRef = builder.objectRef<CustomerStats>("CustomerStats").implement({
  description: "Exact counts over every customer row a filter selects.",
  fields: (t) => ({
    total: t.exposeInt("total", { nullable: false }),
    normal: t.exposeInt("normal", { nullable: false }),
    lost: t.exposeInt("lost", { nullable: false }),
    byAddWay: t.field({
      type: [AddWayCountRef],
      nullable: false,
      description: "Each add way with at least one row: most rows first, then in WeCom's code order.",
      resolve: (s) => s.byAddWay,
    }),
    byTag: t.field({
      type: [TagCountRef],
      nullable: false,
      description: "Each tag on at least one row: most rows first, then by name.",
      resolve: (s) => s.byTag,
    }),
    byOwner: t.field({
      type: [OwnerCountRef],
      nullable: false,
      description: `The owners with the most rows, most first (ties by userid); \`first\` is 0..${MAX_OWNERS}, default ${DEFAULT_OWNERS}.`,
      args: { first: t.arg.int() },
      resolve: (s, args) => {
        const first = args.first ?? DEFAULT_OWNERS;
        if (!Number.isInteger(first) || first < 0 || first > MAX_OWNERS) throw badUserInput(`byOwner first must be between 0 and ${MAX_OWNERS}, got ${first}`);
        return s.byOwner.slice(0, first);
      },
    }),
  }),
});

builder.objectField(CorpRef, "customerStats", (t) =>
  t.field({
    type: CustomerStatsRef,
    nullable: true,
    description: "Exact counts over the customers the filter selects (the rows `customers` with the same filter lists); null when yunzhong could not be read.",
    args: { filter: t.arg({ type: CustomerFilterInput }) },
    resolve: (corp, args, ctx) => customerStats(ctx.loaders, corp, planCustomerQuery(args.filter)),
  }),
);
