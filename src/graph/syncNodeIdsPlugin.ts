// Node ids answered synchronously. @pothos/plugin-relay resolves every Node type's `id` through an
// async function (its `t.globalID` awaits the id even when it is a plain string), so a page of 50
// customers made 50 promises and pushed the compiled query (graphql-jit) off its synchronous path:
// about +12 % CPU per request on the 50-customer scenarios of `npm run bench:cpu`. This plugin puts
// back a resolver that does what the relay plugin's does, the same `id.resolve` of `builder.node`
// and the same `encodeGlobalID`, without the await; an `id.resolve` that returns a promise still
// goes through the relay plugin's own resolver. Everything else (the Node interface, `node(id:)`,
// decoding, loadOne) stays the relay plugin's.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver } from "graphql";

export const SYNC_NODE_IDS_PLUGIN = "syncNodeIds" as const;

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      syncNodeIds: PothosSyncNodeIdsPlugin<Types>;
    }
  }
}

type IdResolver = (parent: unknown, args: object, context: unknown, info: unknown) => unknown;
type Encode = (typename: string, id: string | number | bigint, context: unknown) => string;

export class PothosSyncNodeIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, fieldConfig: PothosOutputFieldConfig<Types>): GraphQLFieldResolver<unknown, Types["Context"], object> {
    if (fieldConfig.kind !== "Object" || fieldConfig.name !== "id") return resolver;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    // Only the id fields builder.node made: their type carries the relay plugin's id parser.
    if (!typeConfig.extensions?.["pothosParseGlobalID"]) return resolver;
    const idResolve = (typeConfig.pothosOptions as { id?: { resolve?: IdResolver } }).id?.resolve;
    const encode = (this.builder.options as { relay?: { encodeGlobalID?: Encode } }).relay?.encodeGlobalID;
    if (!idResolve || !encode) return resolver;
    const typename = typeConfig.name;
    return (parent, args, context, info) => {
      const raw = idResolve(parent, args, context, info);
      if (raw === null || raw === undefined || typeof (raw as PromiseLike<unknown>).then === "function") return resolver(parent, args, context, info);
      return encode(typename, String(raw), context);
    };
  }
}

SchemaBuilder.registerPlugin(SYNC_NODE_IDS_PLUGIN, PothosSyncNodeIdsPlugin);
