// The Pothos builder: configuration only. Types live in their own files (Pothos app-layout guide);
// federation keys live in federation.ts.
import SchemaBuilder from "@pothos/core";
import DirectivesPlugin from "@pothos/plugin-directives";
import FederationPlugin from "@pothos/plugin-federation";
import RelayPlugin from "@pothos/plugin-relay";
import { PII_PLUGIN } from "../auth/piiPlugin.js";
import type { GraphContext } from "./context.js";
import { decodeGlobalId, encodeRawGlobalId } from "./globalId.js";
import { COST_DIRECTIVES_PLUGIN } from "./costDirectivesPlugin.js";
import { SYNC_NODE_IDS_PLUGIN } from "./syncNodeIdsPlugin.js";

export const builder = new SchemaBuilder<{
  Context: GraphContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
}>({
  // Masking first; federation needs the directives plugin to carry @key onto the types; node ids
  // answered without the relay plugin's await (syncNodeIdsPlugin.ts). The cost directives last:
  // a plugin's afterBuild runs before those of the plugins listed ahead of it, and theirs must
  // be in place when the directives plugin prints every directive into the schema's AST.
  plugins: [PII_PLUGIN, DirectivesPlugin, FederationPlugin, RelayPlugin, SYNC_NODE_IDS_PLUGIN, COST_DIRECTIVES_PLUGIN],
  relay: {
    // Our own id format, so every id issued before the plugin still resolves.
    encodeGlobalID: encodeRawGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeTypeOptions: { description: "An object with a global id: pass it to `node(id:)` to fetch it again." },
    pageInfoTypeOptions: { description: "Where a page of a connection sits: pass `endCursor` as `after` to read on." },
    // The plugin would add `node` when the first Node type is defined, ahead of the types' own
    // queries; nodeQuery.ts adds it after them, keeping Query's field order. The graph has no `nodes`.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});
