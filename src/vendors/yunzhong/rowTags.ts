// A row names its tags by id in `tag_id` (comma-separated, "" for none) and by name in the parallel
// `tag_name`; the full tag (with its group) is in the page's own catalogue `data.tag[]`.
// Vendor facts: docs/vendors/yunzhong.md (Rows and Quirks) and docs/vendors/README.md
// ("How the sources join", customer -> tags).
import type { CustomerTag } from "../../domain/types.js";
import { textOrNull } from "../../domain/text.js";

/** "a,b" / ["a","b"] / "" / null -> trimmed, non-empty entries in order. */
export function splitCommaList(raw: string | number | readonly string[] | null | undefined): string[] {
  if (raw === null || raw === undefined) return [];
  const parts = typeof raw === "string" || typeof raw === "number" ? String(raw).split(",") : raw;
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/**
 * Names for the ids the catalogue does not know (a tag deleted after it was put on the customer),
 * taken from `tag_name`. That list is not reliably in `tag_id` order: in the vendor's own sample,
 * row 62 lists the catalogued tag's name first although its id comes second. So the names of the
 * catalogued tags are taken out first and what is left goes to the unknown ids in order. When that
 * does not add up (a catalogued tag renamed since, a name containing a comma) we fall back to the
 * name at the same position, and without one to the id itself.
 */
export function namesForUnknownTags(
  ids: readonly string[],
  names: readonly string[],
  catalogue: ReadonlyMap<string, CustomerTag>,
): Map<string, string> {
  const unknown = ids.filter((id) => !catalogue.has(id));
  const out = new Map<string, string>();
  if (unknown.length === 0) return out;
  const leftover = [...names];
  for (const id of ids) {
    const known = catalogue.get(id);
    if (!known) continue;
    const at = leftover.indexOf(known.name);
    if (at >= 0) leftover.splice(at, 1);
  }
  if (leftover.length === unknown.length) {
    unknown.forEach((id, i) => out.set(id, leftover[i] as string));
    return out;
  }
  const positional = names.length === ids.length;
  ids.forEach((id, i) => {
    if (catalogue.has(id)) return;
    out.set(id, (positional ? names[i] : undefined) ?? id);
  });
  return out;
}

/**
 * Resolves a row's tags against the page's catalogue. A tag id missing from the catalogue is
 * kept (the row still carries it; filters by tag id must see it) with the name `tag_name` gives
 * it and no group. Duplicate ids count once.
 */
export function rowTags(
  tagId: string | readonly string[] | null | undefined,
  tagName: string | number | null | undefined,
  catalogue: ReadonlyMap<string, CustomerTag>,
): { tagIds: string[]; tags: CustomerTag[] } {
  const ids = [...new Set(splitCommaList(tagId))];
  const names = tagName === null || tagName === undefined ? [] : String(tagName).split(",").map((n) => n.trim());
  const fallbackNames = namesForUnknownTags(ids, names, catalogue);
  const tags = ids.map((id): CustomerTag => {
    const known = catalogue.get(id);
    if (known) return { ...known };
    return { id, name: textOrNull(fallbackNames.get(id)) ?? id, groupId: null, groupName: null };
  });
  return { tagIds: ids, tags };
}
