// Node ids: opaque to clients, but each carries the type and the vendor keys needed to fetch the
// object again, since no vendor offers a get-by-id for customers or accounts.
import { badUserInput } from "../errors/GraphError.js";

export type NodeType = "Corp" | "WeComAccount" | "Employee" | "ExternalCustomer";
export type IdPart = string | number;

const NODE_TYPES: ReadonlySet<string> = new Set<NodeType>(["Corp", "WeComAccount", "Employee", "ExternalCustomer"]);

export function encodeGlobalId(type: NodeType, parts: readonly IdPart[]): string {
  return Buffer.from(`${type}:${JSON.stringify(parts)}`, "utf8").toString("base64url");
}

export function decodeGlobalId(id: string): { type: NodeType; parts: IdPart[] } {
  const bad = () => badUserInput(`node id ${JSON.stringify(id)} is not a wecom-graph id`);
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw bad();
  const text = Buffer.from(id, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  const type = text.slice(0, colon);
  if (colon < 0 || !NODE_TYPES.has(type)) throw bad();
  let parts: unknown;
  try {
    parts = JSON.parse(text.slice(colon + 1));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === "string" || (typeof p === "number" && Number.isSafeInteger(p)))) throw bad();
  return { type: type as NodeType, parts: parts as IdPart[] };
}
