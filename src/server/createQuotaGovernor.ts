// The governor for a config: limits from `vendors.<vendor>.quota` / `concurrency`, counted in Redis
// when the replicas share one, else in this process; the batch clients' cap from `clients`.
import type { Redis } from "ioredis";
import type { Vendor } from "../errors/codes.js";
import type { Observer } from "../core/Observer.js";
import { RedisQuotaBackend } from "../redis/RedisQuotaBackend.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import { MemoryQuotaBackend } from "../quota/MemoryQuotaBackend.js";
import { QuotaGovernor, type QuotaTuning } from "../quota/QuotaGovernor.js";
import type { VendorQuotaConfig } from "../quota/quotaConfig.js";
import { quotaLimits } from "../quota/quotaLimits.js";

export interface QuotaGovernorDeps {
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
  observer?: Observer | undefined;
  tuning?: QuotaTuning | undefined;
  /** The largest batch client's maxShare (src/clients/Clients.ts batchCap); 0 or absent: no batch client. */
  batchCap?: number | undefined;
}

export function createQuotaGovernor(vendors: Partial<Record<Vendor, VendorQuotaConfig | undefined>>, deps: QuotaGovernorDeps): QuotaGovernor {
  const memory = new MemoryQuotaBackend(deps.clock);
  return new QuotaGovernor({
    ...deps.tuning,
    vendors: quotaLimits(vendors),
    batchCap: deps.batchCap ?? 0,
    backend: deps.redis ? new RedisQuotaBackend(deps.redis, memory, deps.logger) : memory,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.observer ? { observer: deps.observer } : {}),
  });
}
