import type { CustomerTag } from "../domain/types.js";
import { builder } from "./builder.js";

export const CustomerTagRef = builder.objectRef<CustomerTag>("CustomerTag").implement({
  description: "A WeCom customer tag, with its group.",
  fields: (t) => ({
    id: t.exposeString("id", { nullable: false, description: "WeCom's tag id (et…)." }),
    name: t.exposeString("name", { nullable: false }),
    groupId: t.exposeString("groupId", { nullable: true }),
    groupName: t.exposeString("groupName", { nullable: true }),
  }),
});
