// The corp identity rule (docs/vendors/README.md, "How the sources join"): each vendor names a corp by its own
// id, and only the config's corps[] says which WeCom corpid they mean. Records of a vendor corp
// that no entry maps stay reachable through a Corp carrying the vendor's own id.
import type { YunzhenjiCorp } from "./types.js";

export interface Corp {
  /** WeCom corpid for a mapped corp; `yunzhenji:<id>` or `yunzhong:<uniacid>:<cropId>` otherwise. */
  corpId: string;
  name: string | null;
  shortName: string | null;
  /** True when corps[] names it (or a vendor names it by WeCom corpid, as shiheng does). */
  mapped: boolean;
  yunzhenjiCorpId: number | null;
  yunzhong: { uniacid: number; cropId: number } | null;
}

export interface CorpEntry {
  corpId: string;
  name?: string | undefined;
  shortName?: string | undefined;
  yunzhenji?: { corpId: number } | undefined;
  yunzhong?: { uniacid: number; cropId: number } | undefined;
}

const YUNZHENJI_PREFIX = "yunzhenji:";
const YUNZHONG_PREFIX = "yunzhong:";

export class CorpDirectory {
  readonly corps: readonly Corp[];
  private readonly byCorpId = new Map<string, Corp>();
  private readonly byYunzhenji = new Map<number, Corp>();
  private readonly byYunzhong = new Map<string, Corp>();

  constructor(entries: readonly CorpEntry[]) {
    const corps: Corp[] = [];
    for (const entry of entries) {
      if (this.byCorpId.has(entry.corpId)) throw new TypeError(`corps: corpId ${JSON.stringify(entry.corpId)} is listed twice`);
      const corp: Corp = {
        corpId: entry.corpId,
        name: entry.name ?? null,
        shortName: entry.shortName ?? null,
        mapped: true,
        yunzhenjiCorpId: entry.yunzhenji?.corpId ?? null,
        yunzhong: entry.yunzhong ? { uniacid: entry.yunzhong.uniacid, cropId: entry.yunzhong.cropId } : null,
      };
      if (corp.yunzhenjiCorpId !== null) {
        const other = this.byYunzhenji.get(corp.yunzhenjiCorpId);
        if (other) throw new TypeError(`corps: yunzhenji corpId ${corp.yunzhenjiCorpId} is mapped to both ${other.corpId} and ${corp.corpId}`);
        this.byYunzhenji.set(corp.yunzhenjiCorpId, corp);
      }
      if (corp.yunzhong) {
        const key = yunzhongKey(corp.yunzhong.uniacid, corp.yunzhong.cropId);
        const other = this.byYunzhong.get(key);
        if (other) throw new TypeError(`corps: yunzhong uniacid ${corp.yunzhong.uniacid} / cropId ${corp.yunzhong.cropId} is mapped to both ${other.corpId} and ${corp.corpId}`);
        this.byYunzhong.set(key, corp);
      }
      this.byCorpId.set(corp.corpId, corp);
      corps.push(corp);
    }
    this.corps = corps;
  }

  /** A configured corp by WeCom corpid. */
  get(corpId: string): Corp | null {
    return this.byCorpId.get(corpId) ?? null;
  }

  /** The corp of a yunzhenji account: the mapped one, or one named by yunzhenji's own id. */
  forYunzhenji(vendorCorpId: number, vendorCorp: YunzhenjiCorp | null): Corp {
    return (
      this.byYunzhenji.get(vendorCorpId) ?? {
        corpId: `${YUNZHENJI_PREFIX}${vendorCorpId}`,
        name: vendorCorp?.name ?? null,
        shortName: vendorCorp?.shortName ?? null,
        mapped: false,
        yunzhenjiCorpId: vendorCorpId,
        yunzhong: null,
      }
    );
  }

  /** The corp of a yunzhong row. */
  forYunzhong(uniacid: number, cropId: number): Corp {
    return (
      this.byYunzhong.get(yunzhongKey(uniacid, cropId)) ?? {
        corpId: `${YUNZHONG_PREFIX}${uniacid}:${cropId}`,
        name: null,
        shortName: null,
        mapped: false,
        yunzhenjiCorpId: null,
        yunzhong: { uniacid, cropId },
      }
    );
  }

  /** A corp that shiheng names by its WeCom corpid but corps[] does not list. */
  static unlisted(corpId: string): Corp {
    return { corpId, name: null, shortName: null, mapped: false, yunzhenjiCorpId: null, yunzhong: null };
  }
}

/** Parses the vendor-scoped ids that unmapped corps carry; null for a plain WeCom corpid. */
export function parseVendorCorpId(corpId: string): { vendor: "yunzhenji"; id: number } | { vendor: "yunzhong"; uniacid: number; cropId: number } | null {
  if (corpId.startsWith(YUNZHENJI_PREFIX)) {
    const id = Number(corpId.slice(YUNZHENJI_PREFIX.length));
    return Number.isSafeInteger(id) ? { vendor: "yunzhenji", id } : null;
  }
  if (corpId.startsWith(YUNZHONG_PREFIX)) {
    const m = /^(\d+):(\d+)$/.exec(corpId.slice(YUNZHONG_PREFIX.length));
    return m ? { vendor: "yunzhong", uniacid: Number(m[1]), cropId: Number(m[2]) } : null;
  }
  return null;
}

function yunzhongKey(uniacid: number, cropId: number): string {
  return `${uniacid}/${cropId}`;
}
