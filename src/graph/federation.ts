// Apollo Federation v2: the keys by which other subgraphs refer to our types, and how a
// representation becomes the object. Kept apart from the type files because it is one concern
// (what a supergraph may join on) and needs every type, while the types need none of it.
//
// Corps, accounts and customers are ours: their keys come from this graph, and one we no longer
// find resolves to null, as `node(id)` and `corp(...)` answer. An Employee key usually comes from
// another subgraph (HR knows people WeCom may not): the supergraph says the person exists, so the
// entity is never null; we add what WeCom's sources know, and for someone none of them knows the
// fields only a source could give are null. (A null entity would null every field we add, and the
// non-null ones take the whole object, or the other subgraph's whole list, down with them.)
// A key that cannot be one of ours (an undecodable customer id) is the caller's error.
import type { CustomerNode } from "../loaders/customerPlan.js";
import { employeeRef } from "../loaders/sourcePlan.js";
import { findAccountByWxid } from "../loaders/accountByWxid.js";
import { badUserInput } from "../errors/GraphError.js";
import { builder } from "./builder.js";
import type { GraphContext } from "./context.js";
import { findCorp } from "./Corp.js";
import { findCustomerByKeys } from "./ExternalCustomer.js";
import { decodeGlobalId, readKeys } from "./globalId.js";
import { CorpRef, EmployeeObject, ExternalCustomerRef, WeComAccountRef } from "./refs.js";

// @apollo/subgraph stamps `__typename` on whatever resolveReference returns; corps and accounts
// are shared objects (the config's corps, a cached list walk), so each entity gets its own copy.
const own = <T extends object>(value: T | null): T | null => (value ? { ...value } : null);

builder.asEntity(CorpRef, {
  key: builder.selection<{ corpId: string }>("corpId"),
  resolveReference: async ({ corpId }, ctx) => own(await findCorp(ctx, corpId)),
});

// No lookup here: the fields asked for are planned from the key alone, exactly as for a customer's
// owner (loaders/sourcePlan.ts), so 50 representations asking `name` cost one shiheng walk,
// and only fields no cheaper source carries cost a getUser, one per distinct employee, batched.
builder.asEntity(EmployeeObject, {
  key: builder.selection<{ corpId: string; userId: string }>("corpId userId"),
  resolveReference: ({ corpId, userId }) => (corpId.trim() === "" || userId.trim() === "" ? null : employeeRef(corpId, userId)),
});

builder.asEntity(WeComAccountRef, {
  key: builder.selection<{ wxid: string }>("wxid"),
  resolveReference: async ({ wxid }, ctx) => own(await findAccountByWxid(ctx.loaders, wxid)),
});

builder.asEntity(ExternalCustomerRef, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: async ({ id }, ctx) => own(await customerById(ctx, id)),
});

// The global id carries everything needed to find the row again (globalId.ts), as for node(id);
// only an ExternalCustomer id is a key of this type.
function customerById(ctx: GraphContext, id: string): Promise<CustomerNode | null> {
  const decoded = decodeGlobalId(String(id));
  if (decoded.typename !== "ExternalCustomer") throw badUserInput(`ExternalCustomer key ${JSON.stringify(id)} is not an ExternalCustomer id`);
  return findCustomerByKeys(ctx, readKeys<"ExternalCustomer">(decoded.id));
}
