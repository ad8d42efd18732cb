// The `live` part of the config file (README, Configuration): how often the subscriptions' shared
// pollers ask the vendors. src/server/config.ts composes it into the whole schema.
import { z } from "zod";

export const liveSchema = z
  .strictObject({
    /**
     * Seconds between polls while anyone subscribes. Fractions are allowed (tests poll every
     * 0.2 s); the floor keeps a typo from hammering a vendor.
     */
    pollSeconds: z.number().min(0.1).max(3600).default(30),
  })
  // prefault, not default: an absent `live` is parsed as {}, so pollSeconds' default is written once.
  .prefault({});

export type LiveConfig = z.output<typeof liveSchema>;
