// A node type's connection and edge types, with `totalCount`; PageInfo is the relay plugin's.
// Not the plugin's connectionObject: that one lists `pageInfo` before `edges` and an edge's `node`
// before `cursor`, and schema/subgraph.graphql keeps the field order of the code.
import type { ObjectRef } from "@pothos/core";
import { builder } from "./builder.js";
import type { ConnectionShape } from "./connectionArgs.js";

type Types = typeof builder.$inferSchemaTypes;

export function implementConnection<T>(connectionRef: ObjectRef<Types, ConnectionShape<T>>, nodeRef: ObjectRef<Types, T>) {
  const pageInfo = builder.pageInfoRef();
  const edge = builder.objectRef<ConnectionShape<T>["edges"][number]>(connectionRef.name.replace(/Connection$/, "Edge")).implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor", { nullable: false }),
      node: t.field({ type: nodeRef, nullable: false, resolve: (e) => e.node as never }),
    }),
  });
  return builder.objectType(connectionRef, {
    fields: (t) => ({
      edges: t.field({ type: [edge], nullable: false, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: pageInfo, nullable: false, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt("totalCount", { nullable: false, description: "How many items match, across all pages." }),
    }),
  });
}
