// What one GraphQL request hands down to every vendor call it makes (octokit's `request` options,
// in spirit): the connectors stay request-agnostic, yet a client that has left, a deadline that
// has passed or a spent call budget stops vendor work at the transport, retries included.
import type { Vendor } from "../errors/codes.js";
import type { CallClient } from "./CallClient.js";
import type { Logger } from "./Logger.js";

export interface CallOptions {
  /** Aborted when the client goes away: no further exchange starts, and one in flight is dropped. */
  signal?: AbortSignal | undefined;
  /** Epoch ms by which the whole operation must be answered; each exchange gets what is left. */
  deadline?: number | undefined;
  /** Charged once per exchange, before it is sent; throws to refuse one more vendor call. */
  budget?: CallBudget | undefined;
  /** The request's logger (its lines name the request id); the client's own logger without one. */
  logger?: Logger | undefined;
  /** Whom the call is charged to and how urgent it is (quota shares, accounting); none = interactive, unnamed. */
  client?: CallClient | undefined;
}

export interface CallBudget {
  spend(vendor: Vendor, endpoint: string): void;
  /**
   * Counts an exchange made on the request's behalf that serves others as well (yunzhenji's token
   * fetch): charged like `spend`, never refused, since refusing it would fail everyone waiting.
   */
  charge?(vendor: Vendor, endpoint: string): void;
}

export const NO_CALL_OPTIONS: CallOptions = Object.freeze({});

/** Milliseconds left before the deadline (Infinity without one). */
export function remainingMs(call: CallOptions, now: number): number {
  return call.deadline === undefined ? Infinity : call.deadline - now;
}
