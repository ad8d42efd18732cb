// Relay-style connection and edge types for a node type, with `totalCount` (contract:
// XConnection { edges { cursor node } pageInfo { hasNextPage endCursor } totalCount: Int! }).
import type { ObjectRef } from "@pothos/core";
import { builder } from "./builder.js";
import type { ConnectionShape } from "./connectionArgs.js";
import { PageInfoRef } from "./PageInfo.js";

type Types = typeof builder.$inferSchemaTypes;

export function connectionType<T>(name: string, nodeRef: ObjectRef<Types, T>) {
  const edge = builder.objectRef<ConnectionShape<T>["edges"][number]>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor", { nullable: false }),
      node: t.field({ type: nodeRef, nullable: false, resolve: (e) => e.node as never }),
    }),
  });
  return builder.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [edge], nullable: false, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, nullable: false, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt("totalCount", { nullable: false, description: "How many items match, across all pages." }),
    }),
  });
}
