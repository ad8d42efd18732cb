// The `limits` part of the config file: what one request may cost (README, "Operating it",
// Limits). src/server/config.ts composes it into the whole schema; the limits code takes the
// parsed values.
import { z } from "zod";

export const limitsSchema = z
  .strictObject({
    maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    requestTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    maxUpstreamCallsPerRequest: z.number().int().min(1).max(100_000).default(200),
    maxQueryCost: z.number().int().min(1).max(10_000_000).default(20_000),
    maxDepth: z.number().int().min(1).max(100).default(15),
  })
  // prefault, not default: an absent `limits` is parsed as {}, so each default is written once.
  .prefault({});

export type LimitsConfig = z.output<typeof limitsSchema>;
