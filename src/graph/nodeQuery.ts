// node(id:): the Relay refetch entry point for every Node type. The relay plugin decodes the id
// (globalId.ts), calls the type's loadOne and brands what it loads with the type, which is how the
// Node interface tells the types apart. The brand is a hidden symbol and an object only ever is one
// type, so shared objects (the config's corps, a cached account list) can carry it. Declared here
// rather than by the plugin so that it comes after the types' own queries (builder.ts).
import { builder } from "./builder.js";

builder.queryFields((t) => ({
  node: t.node({
    description: "Any object by its global id; null when it no longer exists.",
    args: { id: t.arg.id({ required: true }) },
    id: (_root, args) => args.id,
  }),
}));
