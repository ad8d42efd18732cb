// Who a vendor call is for (README, Sharing the vendors' quotas): every request has a client (an
// API key's name, a JWT's client claim, `anonymous` on an open graph), and the graph's own work is
// charged to reserved clients. The quota governor reads the priority and share, metrics read the
// name; a call shared by several requests (src/cache/SharedCall.ts) answers with its most urgent
// waiter's priority, so both are read when needed, not copied.
export type Priority = "interactive" | "batch";

export interface CallClient {
  readonly name: string;
  readonly priority: Priority;
  /** A batch client's part of each vendor's quota window, in (0, 1]; null for an interactive one. */
  readonly maxShare: number | null;
}

/** Work the graph does for itself, each charged to its own interactive client. */
export const RESERVED_CLIENTS = ["live", "ops", "warm"] as const;
export type ReservedClient = (typeof RESERVED_CLIENTS)[number];

/** The client of a request on an open graph. */
export const ANONYMOUS = "anonymous";

/** Names no API key may take: they are the graph's own, or the open graph's. */
export const RESERVED_NAMES: readonly string[] = [ANONYMOUS, ...RESERVED_CLIENTS];

export function reservedClient(name: ReservedClient): CallClient {
  return RESERVED[name];
}

const RESERVED: Record<ReservedClient, CallClient> = {
  live: Object.freeze({ name: "live", priority: "interactive", maxShare: null }),
  ops: Object.freeze({ name: "ops", priority: "interactive", maxShare: null }),
  warm: Object.freeze({ name: "warm", priority: "interactive", maxShare: null }),
};
