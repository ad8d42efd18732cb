// node(id:): the Relay refetch entry point for every Node type. Its own file, because it needs
// every type's lookup while the types themselves only need the Node interface.
import { findAccount } from "../loaders/accounts.js";
import { findCustomer } from "../loaders/customers.js";
import { findEmployee } from "../loaders/employees.js";
import { badUserInput } from "../errors/GraphError.js";
import { builder } from "./builder.js";
import type { GraphContext } from "./context.js";
import { findCorp } from "./Corp.js";
import { decodeGlobalId, type IdPart } from "./globalId.js";
import { NodeRef } from "./Node.js";

/** The object a global id names, or null when it no longer exists; BAD_USER_INPUT when the id is not ours. */
export async function loadNode(ctx: GraphContext, id: string): Promise<object | null> {
  const { type, parts } = decodeGlobalId(id);
  const shape = (...kinds: ("string" | "number")[]) => parts.length === kinds.length && kinds.every((k, i) => typeof parts[i] === k);
  const bad = () => badUserInput(`node id ${JSON.stringify(id)} is not a wecom-graph id`);
  switch (type) {
    case "Corp":
      if (!shape("string")) throw bad();
      return findCorp(ctx, str(parts[0]));
    case "WeComAccount":
      if (!shape("number")) throw bad();
      return findAccount(ctx.loaders, num(parts[0]));
    case "Employee":
      if (!shape("string", "string")) throw bad();
      return findEmployee(ctx.loaders, ctx.corps.get(str(parts[0])), str(parts[0]), str(parts[1]));
    case "ExternalCustomer": {
      if (!shape("number", "number", "number", "string", "string")) throw bad();
      const corp = ctx.corps.forYunzhong(num(parts[0]), num(parts[1]));
      return findCustomer(ctx.loaders, corp, num(parts[2]), str(parts[3]), str(parts[4]));
    }
  }
}

const str = (p: IdPart | undefined) => String(p);
const num = (p: IdPart | undefined) => Number(p);

builder.queryFields((t) => ({
  node: t.field({
    type: NodeRef,
    nullable: true,
    description: "Any object by its global id; null when it no longer exists.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => loadNode(ctx, String(args.id)),
  }),
}));
