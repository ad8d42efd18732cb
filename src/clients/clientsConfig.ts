// The `clients` part of the config file (README, Sharing the vendors' quotas): per client, how
// urgent its calls are, how much of each vendor's quota window it may take when it is a batch
// client, and how many requests a minute it may send. Keys are client names: an API key's `name`
// or a JWT's client claim. src/server/config.ts composes it and checks the names against `auth`.
import { z } from "zod";
import { RESERVED_CLIENTS } from "../core/CallClient.js";

/** A batch client's share when it names none. */
export const DEFAULT_MAX_SHARE = 0.5;

const client = z
  .strictObject({
    priority: z.enum(["interactive", "batch"]).default("interactive"),
    /** A batch client's part of each vendor's `quota.perMinute`, in (0, 1] (default 0.5). */
    maxShare: z.number().gt(0, "must be more than 0").lte(1, "must be at most 1 (the whole quota)").optional(),
    /** Requests a minute, cluster-wide with Redis; over it, 429 RATE_LIMITED and no vendor call. */
    requestsPerMinute: z.number().int().positive().max(1_000_000).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.maxShare !== undefined && c.priority !== "batch") {
      ctx.addIssue({ code: "custom", path: ["maxShare"], message: 'is for batch clients only: an interactive client may use the whole quota; set "priority": "batch" or remove maxShare' });
    }
  });

export const clientsSchema = z
  .record(z.string().min(1).max(100), client)
  .default({})
  .superRefine((clients, ctx) => {
    for (const name of Object.keys(clients)) {
      if ((RESERVED_CLIENTS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `is the graph's own reserved client (${RESERVED_CLIENTS.join(", ")}): always interactive, not configurable` });
      }
    }
  });

export type ClientsConfig = z.output<typeof clientsSchema>;
export type ClientConfig = ClientsConfig[string];
