// What the Subscription type asks of the live layer: one stream per client, fed by the shared
// poller of its corp and stream. Pollers use the vendor clients themselves (not a cache in front
// of them: a poll must see the vendor's answer of now), so the clients' quota governor and
// retries apply to every poll as to any request. Each stream's open subscriptions are reported to
// the Observer (the `wecom_graph_subscriptions` gauge).
import type { Corp } from "../domain/corps.js";
import type { WeComAccount } from "../domain/types.js";
import type { Loaders } from "../loaders/createLoaders.js";
import type { CustomerNode } from "../loaders/customerPlan.js";
import type { AccountSource, CustomerSource } from "../vendors/Sources.js";
import { NO_OBSERVER, type Observer } from "../core/Observer.js";
import type { PollerHub, Subscriber } from "./PollerHub.js";
import { subscriberStream } from "./subscriberStream.js";
import { watchAccounts } from "./watchAccounts.js";
import { watchCustomersAdded } from "./watchCustomersAdded.js";
import { watchCustomersLost } from "./watchCustomersLost.js";

export interface LiveSources {
  yunzhenji?: AccountSource | undefined;
  yunzhong?: CustomerSource | undefined;
}

type YunzhongCorp = Corp & { yunzhong: { uniacid: number; cropId: number } };

/** The poller key of the account stream: one for every corp (see watchAccounts.ts). */
export const ACCOUNTS_POLLER = "accountStatusChanged";

export class LiveChanges {
  constructor(
    private readonly sources: LiveSources,
    private readonly hub: PollerHub,
    /** Fresh loaders for each event: a subscription lives for hours, its request's cache must not. */
    readonly eventLoaders: () => Loaders,
    private readonly observer: Observer = NO_OBSERVER,
  ) {}

  /** Accounts whose `online` flipped; `accept` keeps the subscriber's corp (all corps: always true). */
  accountStatusChanged(accept: (account: WeComAccount) => boolean, signal?: AbortSignal): AsyncIterableIterator<WeComAccount> {
    const source = this.need(this.sources.yunzhenji);
    return subscriberStream(this.counted("accountStatusChanged", (s) => this.hub.subscribe(ACCOUNTS_POLLER, () => watchAccounts(source), s)), accept, signal);
  }

  customerAdded(corp: YunzhongCorp, signal?: AbortSignal): AsyncIterableIterator<CustomerNode> {
    const source = this.need(this.sources.yunzhong);
    return subscriberStream(this.counted("customerAdded", (s) => this.hub.subscribe(`customerAdded:${corp.corpId}`, () => watchCustomersAdded(source, corp), s)), always, signal);
  }

  customerLost(corp: YunzhongCorp, signal?: AbortSignal): AsyncIterableIterator<CustomerNode> {
    const source = this.need(this.sources.yunzhong);
    return subscriberStream(this.counted("customerLost", (s) => this.hub.subscribe(`customerLost:${corp.corpId}`, () => watchCustomersLost(source, corp), s)), always, signal);
  }

  /** Stops every poller and ends every subscription. */
  close(): void {
    this.hub.close();
  }

  /** `join`, reporting the subscription as open from joining until it leaves (once, however it ends). */
  private counted<E>(stream: string, join: (subscriber: Subscriber<E>) => () => void): (subscriber: Subscriber<E>) => () => void {
    return (subscriber) => {
      const leave = join(subscriber);
      this.observer.subscriptions?.({ stream, delta: 1 });
      let open = true;
      return () => {
        leave();
        if (!open) return;
        open = false;
        this.observer.subscriptions?.({ stream, delta: -1 });
      };
    };
  }

  private need<T>(source: T | undefined): T {
    // The resolver checks the vendor first (VENDOR_NOT_CONFIGURED); reaching here without one is a bug.
    if (!source) throw new Error("LiveChanges: the vendor of this stream is not configured");
    return source;
  }
}

const always = (): boolean => true;
