// Who is calling, as the rest of the graph sees it: a name for logs and the scopes that decide
// what they may see. Credentials never get this far; only what they proved.
import { ANONYMOUS } from "../core/CallClient.js";

/** Scopes a key or token can grant. `pii` unmasks mobiles and emails (src/auth/piiPlugin.ts). */
export type Scope = "pii";

export interface Principal {
  /** How the caller proved who they are; "open" when the graph asks no one. */
  readonly kind: "open" | "apiKey" | "jwt";
  /** The API key's configured name or the JWT's subject: safe to log, never a credential. */
  readonly name: string;
  /**
   * The client the request is charged to (quota shares, request limits, metrics): the API key's
   * name, the JWT's client claim, or `anonymous` on an open graph.
   */
  readonly client: string;
  readonly scopes: ReadonlySet<string>;
}

/** An open graph (no config file, or `auth.open`) grants every scope (README, Access). */
export const OPEN_PRINCIPAL: Principal = Object.freeze({ kind: "open", name: "open", client: ANONYMOUS, scopes: new Set<string>(["pii"]) });

export function hasScope(principal: Principal | undefined, scope: Scope): boolean {
  // No principal means the request did not pass authentication here: it sees the least.
  return principal?.scopes.has(scope) ?? false;
}
