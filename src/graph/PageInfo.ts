import { builder } from "./builder.js";
import type { ConnectionShape } from "./connectionArgs.js";

export const PageInfoRef = builder.objectRef<ConnectionShape<unknown>["pageInfo"]>("PageInfo").implement({
  description: "Where a page of a connection sits: pass `endCursor` as `after` to read on.",
  fields: (t) => ({
    hasNextPage: t.exposeBoolean("hasNextPage", { nullable: false }),
    hasPreviousPage: t.exposeBoolean("hasPreviousPage", { nullable: false }),
    startCursor: t.exposeString("startCursor", { nullable: true }),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});
