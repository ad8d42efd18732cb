// Live changes over Server-Sent Events (yoga serves subscriptions as `text/event-stream`). The
// vendors push nothing: each stream is fed by a shared poller (src/live) that polls every
// `live.pollSeconds` while anyone subscribes and reports each change once.
import type { Corp } from "../domain/corps.js";
import { badUserInput } from "../errors/GraphError.js";
import { builder } from "./builder.js";
import type { GraphContext } from "./context.js";
import { findCorp } from "./Corp.js";
import { ExternalCustomerRef, WeComAccountRef } from "./refs.js";

builder.subscriptionType({
  description: "Changes as they happen, over Server-Sent Events (GraphQL over SSE), found by polling the vendors every live.pollSeconds.",
});

/**
 * The corp a subscription names. Decision: a subscription cannot answer null the way
 * `corp(corpId:)` does, and one that would never see an event must not look like a quiet corp,
 * so an unknown corp is BAD_USER_INPUT.
 */
async function watchedCorp(ctx: GraphContext, corpId: string): Promise<Corp> {
  const corp = await findCorp(ctx, corpId);
  if (!corp) throw badUserInput(`corpId ${JSON.stringify(corpId)}: no such corp (see Query.corps)`);
  return corp;
}

async function yunzhongCorp(ctx: GraphContext, corpId: string): Promise<Corp & { yunzhong: { uniacid: number; cropId: number } }> {
  ctx.loaders.ensure("yunzhong");
  const corp = await watchedCorp(ctx, corpId);
  const { yunzhong } = corp;
  if (!yunzhong) throw badUserInput(`corpId ${JSON.stringify(corpId)}: the corp has no yunzhong platform (corps[].yunzhong), so no customers to watch`);
  return { ...corp, yunzhong };
}

/** Each event is resolved with fresh loaders: a subscription's own would cache for its whole life. */
function freshEvent<T>(event: T, _args: unknown, ctx: GraphContext): T {
  ctx.loaders = ctx.live.eventLoaders();
  return event;
}

builder.subscriptionFields((t) => ({
  accountStatusChanged: t.field({
    type: WeComAccountRef,
    nullable: false,
    description: "A WeCom account going online or offline on a yunzhenji cloud phone (an account first seen online counts as coming online). Without corpId: every account yunzhenji lists.",
    args: { corpId: t.arg.string({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      ctx.loaders.ensure("yunzhenji");
      if (args.corpId === null || args.corpId === undefined) return ctx.live.accountStatusChanged(() => true, ctx.signal);
      const corp = await watchedCorp(ctx, args.corpId);
      return ctx.live.accountStatusChanged((a) => ctx.corps.forYunzhenji(a.vendorCorpId, a.vendorCorp).corpId === corp.corpId, ctx.signal);
    },
    resolve: freshEvent,
  }),
  customerAdded: t.field({
    type: ExternalCustomerRef,
    nullable: false,
    description: "A follow row appearing at yunzhong: an employee of the corp added a customer (or a customer added them).",
    args: { corpId: t.arg.string({ required: true }) },
    subscribe: async (_root, args, ctx) => ctx.live.customerAdded(await yunzhongCorp(ctx, args.corpId), ctx.signal),
    resolve: freshEvent,
  }),
  customerLost: t.field({
    type: ExternalCustomerRef,
    nullable: false,
    description: "A follow row turning LOST at yunzhong: the customer deleted the employee.",
    args: { corpId: t.arg.string({ required: true }) },
    subscribe: async (_root, args, ctx) => ctx.live.customerLost(await yunzhongCorp(ctx, args.corpId), ctx.signal),
    resolve: freshEvent,
  }),
}));
