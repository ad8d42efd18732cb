// PHP's reading of bracketed parameter names: `search[time][]=1&search[time][]=2` and
// `search[time][0]=1&search[time][1]=2` both become search.time = { 0: "1", 1: "2" }.
export type PhpValue = string | PhpMap;
export interface PhpMap {
  [key: string]: PhpValue;
}

const KEY = /^([^[\]]+)((?:\[[^\]]*\])*)$/;

function nextIndex(map: PhpMap): string {
  let next = 0;
  for (const k of Object.keys(map)) if (/^\d+$/.test(k)) next = Math.max(next, Number(k) + 1);
  return String(next);
}

export function parsePhpParams(params: Iterable<[string, string]>): PhpMap {
  const root: PhpMap = Object.create(null) as PhpMap;
  for (const [rawKey, value] of params) {
    const m = KEY.exec(rawKey);
    const path = m ? [m[1] as string, ...[...(m[2] ?? "").matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] as string)] : [rawKey];
    let cur = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] === "" ? nextIndex(cur) : (path[i] as string);
      if (i === path.length - 1) {
        cur[seg] = value;
      } else {
        const child = cur[seg];
        if (child === undefined || typeof child === "string") cur[seg] = Object.create(null) as PhpMap;
        cur = cur[seg] as PhpMap;
      }
    }
  }
  return root;
}

/** A scalar parameter, or null when absent or given as an array. */
export function phpString(value: PhpValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/** A parameter read as a list: a map's values in index order, a lone string as one item. */
export function phpList(value: PhpValue | undefined): PhpValue[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  // Integer-like keys already iterate in ascending order: that is PHP's order for [] and [0]/[1].
  return Object.values(value);
}
