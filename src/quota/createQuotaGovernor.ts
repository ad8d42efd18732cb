// The governor for a config: limits from `vendors.<vendor>.quota` / `concurrency`, counted in Redis
// when the replicas share one, else in this process.
import type { Redis } from "ioredis";
import type { Vendor } from "../errors/codes.js";
import type { Observer } from "../ops/Observer.js";
import { RedisQuotaBackend } from "../state/RedisQuotaBackend.js";
import type { Clock, Logger } from "../vendors/http/deps.js";
import { MemoryQuotaBackend } from "./MemoryQuotaBackend.js";
import { QuotaGovernor, type QuotaTuning } from "./QuotaGovernor.js";
import { quotaLimits, type VendorSettings } from "./quotaLimits.js";

export interface QuotaGovernorDeps {
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
  observer?: Observer | undefined;
  tuning?: QuotaTuning | undefined;
}

export function createQuotaGovernor(vendors: Partial<Record<Vendor, VendorSettings | undefined>>, deps: QuotaGovernorDeps): QuotaGovernor {
  const memory = new MemoryQuotaBackend(deps.clock);
  return new QuotaGovernor({
    ...deps.tuning,
    vendors: quotaLimits(vendors),
    backend: deps.redis ? new RedisQuotaBackend(deps.redis, memory, deps.logger) : memory,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.observer ? { observer: deps.observer } : {}),
  });
}
