// One client per configured vendor, built once per app; a vendor left out of the config is off.
import type { Sources } from "../loaders/sources.js";
import type { Clock, FetchLike, Logger } from "../vendors/http/deps.js";
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
  /** Around every vendor call, outermost first (call budget, quotas, metrics). */
  wrappers?: readonly ExchangeWrapper[] | undefined;
}

export function createSources(vendors: VendorsConfig, deps: SourceDeps = {}): Sources {
  const shared = {
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: deps.retryBaseDelayMs }),
    ...(deps.wrappers ? { wrappers: deps.wrappers } : {}),
  };
  const sources: Sources = {};
  if (vendors.yunzhenji) sources.yunzhenji = new YunzhenjiClient({ ...shared, ...vendors.yunzhenji });
  if (vendors.shiheng) sources.shiheng = new ShihengClient({ ...shared, ...vendors.shiheng });
  if (vendors.yunzhong) sources.yunzhong = new YunzhongClient({ ...shared, ...vendors.yunzhong });
  if (vendors.directory) sources.directory = new DirectoryClient({ ...shared, ...vendors.directory });
  return sources;
}
