import type { CustomerNode } from "../loaders/customerPlan.js";
import { findCustomer } from "../loaders/customers.js";
import { builder } from "./builder.js";
import type { GraphContext } from "./context.js";
import { CustomerTagRef } from "./CustomerTag.js";
import { DateTimeScalar } from "./DateTime.js";
import { AddWayEnum, CustomerStatusEnum, ExternalContactTypeEnum, GenderEnum } from "./enums.js";
import { keyText, readKeys, type NodeKeys } from "./globalId.js";
import { implementConnection } from "./implementConnection.js";
import { CorpRef, CustomerConnection, EmployeeObject, ExternalCustomerRef } from "./refs.js";

/** The follow relation an id names (yunzhong may have renumbered its row); null when it is gone. */
export function findCustomerByKeys(ctx: GraphContext, [uniacid, cropId, rowId, ownerUserId, externalUserId]: NodeKeys["ExternalCustomer"]): Promise<CustomerNode | null> {
  return findCustomer(ctx.loaders, ctx.corps.forYunzhong(uniacid, cropId), rowId, ownerUserId, externalUserId);
}

builder.node(ExternalCustomerRef, {
  description: "One external contact as followed by one employee (a yunzhong row): a contact with two followers is two of these.",
  id: {
    resolve: ({ row }) => keyText<"ExternalCustomer">([row.uniacid, row.cropId, row.rowId, row.ownerUserId, row.externalUserId]),
    parse: readKeys<"ExternalCustomer">,
  },
  loadOne: (keys, ctx) => findCustomerByKeys(ctx, keys),
  fields: (t) => ({
    externalUserId: t.string({ nullable: false, resolve: ({ row }) => row.externalUserId }),
    name: t.string({ nullable: true, resolve: ({ row }) => row.name }),
    avatarUrl: t.string({ nullable: true, resolve: ({ row }) => row.avatarUrl }),
    type: t.field({ type: ExternalContactTypeEnum, nullable: false, resolve: ({ row }) => row.type }),
    gender: t.field({ type: GenderEnum, nullable: false, resolve: ({ row }) => row.gender }),
    corpName: t.string({ nullable: true, description: "The customer's own corp (WeCom contacts).", resolve: ({ row }) => row.corpName }),
    corpFullName: t.string({ nullable: true, resolve: ({ row }) => row.corpFullName }),
    remark: t.string({ nullable: true, resolve: ({ row }) => row.remark }),
    description: t.string({ nullable: true, resolve: ({ row }) => row.description }),
    remarkCorpName: t.string({ nullable: true, resolve: ({ row }) => row.remarkCorpName }),
    remarkMobiles: t.stringList({ nullable: false, pii: "mobile", description: "Mobiles the employee noted for the customer.", resolve: ({ row }) => row.remarkMobiles }),
    addWay: t.field({ type: AddWayEnum, nullable: false, resolve: ({ row }) => row.addWay }),
    addWayCode: t.int({ nullable: true, description: "The raw add_way code, for codes newer than this schema.", resolve: ({ row }) => row.addWayCode }),
    addedAt: t.field({ type: DateTimeScalar, nullable: true, description: "When the employee added the customer (createtime).", resolve: ({ row }) => row.addedAt }),
    syncedAt: t.field({ type: DateTimeScalar, nullable: true, description: "When yunzhong synced the row (created_at).", resolve: ({ row }) => row.syncedAt }),
    status: t.field({ type: CustomerStatusEnum, nullable: false, resolve: ({ row }) => row.status }),
    tags: t.field({ type: [CustomerTagRef], nullable: false, resolve: ({ row }) => row.tags }),
    owner: t.field({ type: EmployeeObject, nullable: true, description: "The employee who follows this customer.", resolve: (node) => node.owner }),
    addedBy: t.field({
      type: EmployeeObject,
      nullable: true,
      description: "The employee who added the customer; null when the customer added the employee.",
      resolve: (node) => node.addedBy,
    }),
    corp: t.field({ type: CorpRef, nullable: false, resolve: ({ row }, _args, ctx) => ctx.corps.forYunzhong(row.uniacid, row.cropId) }),
  }),
});

implementConnection(CustomerConnection, ExternalCustomerRef);
