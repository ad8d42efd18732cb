import { DEFAULT_FIRST } from "../domain/paging.js";
import { accountsWindow, employeeOfAccount, findAccount } from "../loaders/accounts.js";
import { builder } from "./builder.js";
import { DateTimeScalar } from "./DateTime.js";
import { keyText, readKeys } from "./globalId.js";
import { implementConnection } from "./implementConnection.js";
import { CorpRef, EmployeeObject, WeComAccountConnection, WeComAccountRef } from "./refs.js";
import { resolveConnection } from "./resolveConnection.js";

builder.node(WeComAccountRef, {
  description: "A WeCom account logged in on a yunzhenji cloud phone.",
  id: { resolve: (a) => keyText<"WeComAccount">([a.id]), parse: readKeys<"WeComAccount"> },
  loadOne: ([id], ctx) => findAccount(ctx.loaders, id),
  fields: (t) => ({
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

implementConnection(WeComAccountConnection, WeComAccountRef);

builder.queryFields((t) => ({
  accounts: t.field({
    type: WeComAccountConnection,
    nullable: true,
    description: "Every account yunzhenji lists, in its order, including those of corps the config does not map; null when yunzhenji could not be read.",
    args: { online: t.arg.boolean(), first: t.arg.int({ defaultValue: DEFAULT_FIRST }), after: t.arg.string() },
    resolve: (_root, args, ctx) => resolveConnection(args, (window) => accountsWindow(ctx.loaders, args.online ?? null, window)),
  }),
}));
