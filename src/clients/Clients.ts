// The configured clients, as the rest of the graph meets them: one frozen CallClient per name
// (made once, so a request costs a map lookup), the batch cap the quota governor enforces, and
// each client's request limit.
import { reservedClient, RESERVED_CLIENTS, type CallClient, type ReservedClient } from "../core/CallClient.js";
import { DEFAULT_MAX_SHARE, type ClientsConfig } from "./clientsConfig.js";

export class Clients {
  private readonly known = new Map<string, CallClient>();
  private readonly limits = new Map<string, number>();
  /**
   * The largest `maxShare` among batch clients: together they never take more of a window, and
   * once less than (1 - batchCap) of it is left only interactive calls take it. 0 with no batch client.
   */
  readonly batchCap: number;

  constructor(config: ClientsConfig) {
    let cap = 0;
    for (const [name, c] of Object.entries(config)) {
      const maxShare = c.priority === "batch" ? (c.maxShare ?? DEFAULT_MAX_SHARE) : null;
      if (maxShare !== null) cap = Math.max(cap, maxShare);
      this.known.set(name, Object.freeze({ name, priority: c.priority, maxShare }));
      if (c.requestsPerMinute !== undefined) this.limits.set(name, c.requestsPerMinute);
    }
    for (const name of RESERVED_CLIENTS) this.known.set(name, reservedClient(name as ReservedClient));
    this.batchCap = cap;
  }

  /** The client called `name`; one the config does not name is interactive. */
  of(name: string): CallClient {
    let client = this.known.get(name);
    if (!client) {
      client = Object.freeze({ name, priority: "interactive", maxShare: null });
      // JWT clients are open-ended: remember a bounded number of them, make the rest on the fly.
      if (this.known.size < 10_000) this.known.set(name, client);
    }
    return client;
  }

  /** Requests a minute `name` may send, or null for no limit. */
  requestsPerMinute(name: string): number | null {
    return this.limits.get(name) ?? null;
  }

  /** Whether any client has a request limit (no limiter is built otherwise). */
  get anyLimited(): boolean {
    return this.limits.size > 0;
  }
}
