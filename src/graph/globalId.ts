// Node ids: opaque to clients, but each carries the type and the vendor keys needed to fetch the
// object again, since no vendor offers a get-by-id for customers or accounts. The relay plugin
// encodes and decodes them through these two functions (builder.ts), so the format it took over
// stays the one every id ever issued was written in: base64url of `Type:` + the keys as JSON.
import { badUserInput } from "../errors/GraphError.js";

/** The keys each Node type's id carries, in order. */
export interface NodeKeys {
  Corp: [corpId: string];
  WeComAccount: [accountId: number];
  Employee: [corpId: string, lowercasedUserId: string];
  ExternalCustomer: [uniacid: number, cropId: number, rowId: number, ownerUserId: string, externalUserId: string];
}

export type NodeType = keyof NodeKeys;

const KEY_KINDS: { readonly [T in NodeType]: readonly ("string" | "number")[] } = {
  Corp: ["string"],
  WeComAccount: ["number"],
  Employee: ["string", "string"],
  ExternalCustomer: ["number", "number", "number", "string", "string"],
};

/** What a Node type's `id.resolve` answers: the text after `Type:`. */
export function keyText<T extends NodeType>(keys: NodeKeys[T]): string {
  return JSON.stringify(keys);
}

/** A Node type's `id.parse`: decodeGlobalId has already checked the keys' shape for the type. */
export function readKeys<T extends NodeType>(text: string): NodeKeys[T] {
  return JSON.parse(text) as NodeKeys[T];
}

/** The plugin's encodeGlobalID: `keys` is what the type's `id.resolve` answered (keyText). */
export function encodeRawGlobalId(typename: string, keys: string | number | bigint): string {
  return Buffer.from(`${typename}:${keys}`, "utf8").toString("base64url");
}

export function encodeGlobalId<T extends NodeType>(type: T, keys: NodeKeys[T]): string {
  return encodeRawGlobalId(type, keyText<T>(keys));
}

/** The type and keys of an id of ours; BAD_USER_INPUT for anything else, so none reaches a loader. */
export function decodeGlobalId(id: string): { typename: NodeType; id: string } {
  const bad = () => badUserInput(`node id ${JSON.stringify(id)} is not a wecom-graph id`);
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw bad();
  const text = Buffer.from(id, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  const typename = text.slice(0, colon);
  if (colon < 0 || !Object.hasOwn(KEY_KINDS, typename)) throw bad();
  const kinds = KEY_KINDS[typename as NodeType];
  const keys = text.slice(colon + 1);
  let parts: unknown;
  try {
    parts = JSON.parse(keys);
  } catch {
    throw bad();
  }
  const fits = (p: unknown, kind: "string" | "number") => (kind === "string" ? typeof p === "string" : Number.isSafeInteger(p));
  if (!Array.isArray(parts) || parts.length !== kinds.length || !kinds.every((kind, i) => fits(parts[i], kind))) throw bad();
  return { typename: typename as NodeType, id: keys };
}
