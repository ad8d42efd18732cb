// Relay's Node interface. Types are told apart by their shapes, so this file needs none of them.
import { builder } from "./builder.js";

export const NodeRef = builder.interfaceRef<object>("Node").implement({
  description: "An object with a global id: pass it to `node(id:)` to fetch it again.",
  fields: (t) => ({ id: t.id({ nullable: false, resolve: () => { throw new Error("every Node type resolves its own id"); } }) }),
  resolveType: (value) => {
    if ("wxid" in value) return "WeComAccount";
    if ("known" in value) return "Employee";
    if ("row" in value) return "ExternalCustomer";
    return "Corp";
  },
});
