import type { WeComAccount } from "../domain/types.js";
import { accountsWindow, employeeOfAccount } from "../loaders/accounts.js";
import { builder } from "./builder.js";
import { connectionType } from "./connection.js";
import { CorpRef } from "./Corp.js";
import { DateTimeScalar } from "./DateTime.js";
import { EmployeeObject } from "./Employee.js";
import { encodeGlobalId } from "./globalId.js";
import { NodeRef } from "./Node.js";
import { resolveConnection } from "./resolveConnection.js";

export const WeComAccountRef = builder.objectRef<WeComAccount>("WeComAccount");

WeComAccountRef.implement({
  description: "A WeCom account logged in on a yunzhenji cloud phone.",
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.id({ nullable: false, resolve: (a) => encodeGlobalId("WeComAccount", [a.id]) }),
    wxid: t.exposeString("wxid", { nullable: false }),
    nickname: t.exposeString("nickname", { nullable: true, description: "The name shown inside WeCom." }),
    fullName: t.exposeString("fullName", { nullable: true, description: "The name shown to external contacts." }),
    alias: t.exposeString("alias", { nullable: true }),
    mobile: t.exposeString("mobile", { nullable: true, pii: "mobile", description: "Normalised (11 digits) when it is a full number; a masked one is shown as the vendor sent it." }),
    avatarUrl: t.exposeString("avatarUrl", { nullable: true }),
    online: t.exposeBoolean("online", { nullable: false }),
    subUserId: t.exposeInt("subUserId", { nullable: false, description: "0 for a main account, else the yunzhenji sub-account id." }),
    groupIds: t.exposeIntList("groupIds", { nullable: false, description: "yunzhenji account groups; empty when ungrouped." }),
    lastLoginAt: t.expose("lastLoginAt", { type: DateTimeScalar, nullable: true }),
    lastOfflineAt: t.expose("lastOfflineAt", { type: DateTimeScalar, nullable: true, description: "Null when never offline." }),
    corp: t.field({
      type: CorpRef,
      nullable: true,
      resolve: (a, _args, ctx) => ctx.corps.forYunzhenji(a.vendorCorpId, a.vendorCorp),
    }),
    employee: t.field({
      type: EmployeeObject,
      nullable: true,
      description: "The employee with this account's mobile in its corp (the vendor's own join key).",
      resolve: (a, _args, ctx) => employeeOfAccount(ctx.loaders, ctx.corps, a),
    }),
  }),
});

export const WeComAccountConnection = connectionType("WeComAccount", WeComAccountRef);

builder.queryFields((t) => ({
  accounts: t.field({
    type: WeComAccountConnection,
    nullable: true,
    description: "Every account yunzhenji lists, in its order, including those of corps the config does not map; null when yunzhenji could not be read.",
    args: { online: t.arg.boolean(), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx) => resolveConnection(args, (window) => accountsWindow(ctx.loaders, args.online ?? null, window)),
  }),
}));
