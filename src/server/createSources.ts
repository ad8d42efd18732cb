// One client per configured vendor, built once per app; a vendor left out of the config is off.
import type { Redis } from "ioredis";
import type { Sources } from "../vendors/Sources.js";
import type { Observer } from "../core/Observer.js";
import { createQuotaGovernor } from "./createQuotaGovernor.js";
import type { QuotaTuning } from "../quota/QuotaGovernor.js";
import { RedisTokenStore } from "../redis/RedisTokenStore.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { systemClock, type Clock } from "../core/Clock.js";
import { type FetchLike } from "../core/FetchLike.js";
import type { ExchangeWrapper } from "../vendors/http/transport.js";
import { DirectoryClient } from "../vendors/directory/DirectoryClient.js";
import { ShihengClient } from "../vendors/shiheng/ShihengClient.js";
import { YunzhenjiClient } from "../vendors/yunzhenji/YunzhenjiClient.js";
import { YunzhongClient } from "../vendors/yunzhong/YunzhongClient.js";
import type { VendorsConfig } from "./config.js";

export interface SourceDeps {
  fetch?: FetchLike | undefined;
  logger?: Logger | undefined;
  clock?: Clock | undefined;
  /** Tests shorten backoff; production keeps the clients' default. */
  retryBaseDelayMs?: number | undefined;
  /** Other concerns' exchange wrappers (metrics, call budgets), outermost first; the quota governor runs inside them. */
  wrappers?: readonly ExchangeWrapper[] | undefined;
  /** Shared by the replicas: quota windows, rate-limit pauses, the yunzhenji token. Absent: this process only. */
  redis?: Redis | null | undefined;
  observer?: Observer | undefined;
  /** Tests scale the quota's minute down (src/quota/QuotaGovernor.ts). */
  quota?: QuotaTuning | undefined;
  /** Tests shorten the yunzhenji token lease (src/redis/RedisTokenStore.ts). */
  tokenLeaseMs?: number | undefined;
  /** The batch clients' cap of each vendor's quota (src/clients/Clients.ts batchCap). */
  batchCap?: number | undefined;
}

/** The config's quota keys are the governor's, not the client's. */
function clientPart<T extends { quota?: unknown; concurrency?: unknown }>(settings: T): Omit<T, "quota" | "concurrency"> {
  const { quota: _quota, concurrency: _concurrency, ...client } = settings;
  return client;
}

export function createSources(vendors: VendorsConfig, deps: SourceDeps = {}): Sources {
  const logger = deps.logger ?? silentLogger;
  const clock = deps.clock ?? systemClock;
  const governor = createQuotaGovernor(vendors, { redis: deps.redis ?? null, clock, logger, observer: deps.observer, tuning: deps.quota, batchCap: deps.batchCap });
  const shared = {
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: deps.retryBaseDelayMs }),
    wrappers: [...(deps.wrappers ?? []), governor.wrap],
  };
  const sources: Sources = {};
  if (vendors.yunzhenji) {
    const settings = clientPart(vendors.yunzhenji);
    const tokenStore = deps.redis
      ? new RedisTokenStore(deps.redis, {
          baseUrl: settings.baseUrl,
          appId: settings.appId,
          now: () => clock.now(),
          logger,
          ...(deps.tokenLeaseMs === undefined ? {} : { leaseMs: deps.tokenLeaseMs }),
        })
      : undefined;
    sources.yunzhenji = new YunzhenjiClient({ ...shared, ...settings, ...(tokenStore ? { tokenStore } : {}) });
  }
  if (vendors.shiheng) sources.shiheng = new ShihengClient({ ...shared, ...clientPart(vendors.shiheng) });
  if (vendors.yunzhong) sources.yunzhong = new YunzhongClient({ ...shared, ...clientPart(vendors.yunzhong) });
  if (vendors.directory) sources.directory = new DirectoryClient({ ...shared, ...clientPart(vendors.directory) });
  return sources;
}
