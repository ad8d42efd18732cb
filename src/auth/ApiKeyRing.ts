// The configured API keys. A presented key is compared with every configured one in constant
// time: both sides are hashed to equal-length SHA-256 digests first (timingSafeEqual needs equal
// lengths, and comparing raw keys would leak their length), and the loop never stops early, so
// the time taken says nothing about which key, or how much of one, matched.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Principal } from "./Principal.js";

export interface ApiKeyConfig {
  name: string;
  key: string;
  scopes: readonly string[];
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export class ApiKeyRing {
  readonly #entries: { digest: Buffer; principal: Principal }[];

  constructor(keys: readonly ApiKeyConfig[]) {
    this.#entries = keys.map((k) => ({ digest: digest(k.key), principal: Object.freeze({ kind: "apiKey", name: k.name, client: k.name, scopes: new Set(k.scopes) }) }));
  }

  /** The principal of the key presented, or null when it is none of ours. */
  match(presented: string): Principal | null {
    const candidate = digest(presented);
    let found: Principal | null = null;
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, candidate) && found === null) found = entry.principal;
    }
    return found;
  }

  // A key ring in a log line or an error shows names, never keys.
  toJSON(): string[] {
    return this.#entries.map((e) => e.principal.name);
  }
}
