// GET /readyz: ready when every configured vendor answered a cheap probe recently. Probes run when
// asked and their answers are kept for a few seconds, so a load balancer polling every replica
// costs each vendor at most one probe per replica per PROBE_TTL_MS, and concurrent checks share one
// probe. The probes are the cheapest call each vendor has (one row of one page; a getUser that
// answers "no such user"), made through the same clients as the graph's calls (quotas, metrics),
// with a short deadline of their own and no call budget.
import type { CorpEntry } from "../domain/corps.js";
import type { Vendor } from "../errors/codes.js";
import type { Sources } from "../vendors/Sources.js";
import type { CallOptions } from "../core/CallOptions.js";
import { reservedClient } from "../core/CallClient.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";

export const PROBE_TTL_MS = 5000;
export const PROBE_TIMEOUT_MS = 2000;
/** A userid no WeCom corp has: the directory's "no such user" (60111, a null profile) is a healthy answer. */
export const PROBE_USER_ID = "wecom-graph-readiness-probe";

/**
 * up: answered. rate_limited: answered "slow down" (alive; taking this replica out would not help,
 * the quota is per vendor). down: no answer, an error or refused credentials. off: not configured.
 * unprobed: configured but no corp maps it, so no call can be made (and none will be).
 */
export type VendorStateName = "up" | "rate_limited" | "down" | "off" | "unprobed";

export interface VendorState {
  state: VendorStateName;
  /** Our error code when not up (UPSTREAM_TIMEOUT, UPSTREAM_UNAUTHORIZED, …). */
  code?: string;
  /** When the probe answered, ISO-8601. */
  checkedAt?: string;
  ms?: number;
}

export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  vendors: Record<Vendor, VendorState>;
}

const VENDORS: readonly Vendor[] = ["yunzhenji", "shiheng", "yunzhong", "directory"];
const READY: ReadonlySet<VendorStateName> = new Set(["up", "rate_limited", "off", "unprobed"]);

interface Probe {
  state: VendorState;
  at: number;
}

export class Readiness {
  private readonly probes = new Map<Vendor, Probe>();
  private readonly pending = new Map<Vendor, Promise<Probe>>();
  private readonly calls: Partial<Record<Vendor, (call: CallOptions) => Promise<unknown>>>;
  private readonly configured: ReadonlySet<Vendor>;

  constructor(
    sources: Sources,
    corps: readonly CorpEntry[],
    private readonly options: { clock: Clock; logger: Logger; isShuttingDown: () => boolean },
  ) {
    const { yunzhenji, shiheng, yunzhong, directory } = sources;
    const yunzhongCorp = corps.find((c) => c.yunzhong);
    const directoryCorp = corps[0];
    this.calls = {
      ...(yunzhenji ? { yunzhenji: (call: CallOptions) => yunzhenji.listAccountsPage({ page: 1, pageSize: 1 }, call) } : {}),
      ...(shiheng ? { shiheng: (call: CallOptions) => shiheng.listEmployeesPage({ pageNum: 1, pageSize: 1 }, call) } : {}),
      ...(yunzhong && yunzhongCorp?.yunzhong
        ? { yunzhong: (call: CallOptions) => yunzhong.listCustomersPage({ uniacid: yunzhongCorp.yunzhong!.uniacid, page: 1 }, call) }
        : {}),
      ...(directory && directoryCorp ? { directory: (call: CallOptions) => directory.getUser({ corpId: directoryCorp.corpId, userId: PROBE_USER_ID }, call) } : {}),
    };
    this.configured = new Set(VENDORS.filter((v) => sources[v] !== undefined));
  }

  async report(): Promise<ReadinessReport> {
    const shuttingDown = this.options.isShuttingDown();
    const entries = await Promise.all(
      VENDORS.map(async (vendor): Promise<[Vendor, VendorState]> => {
        if (!this.configured.has(vendor)) return [vendor, { state: "off" }];
        if (!this.calls[vendor]) return [vendor, { state: "unprobed" }];
        // A replica on its way out answers 503 at once: it must not wait on vendors to say so.
        if (shuttingDown) return [vendor, this.probes.get(vendor)?.state ?? { state: "unprobed" }];
        return [vendor, (await this.probe(vendor)).state];
      }),
    );
    const vendors = Object.fromEntries(entries) as Record<Vendor, VendorState>;
    return { ready: !shuttingDown && entries.every(([, s]) => READY.has(s.state)), shuttingDown, vendors };
  }

  private probe(vendor: Vendor): Promise<Probe> {
    const fresh = this.probes.get(vendor);
    if (fresh && this.options.clock.now() - fresh.at < PROBE_TTL_MS) return Promise.resolve(fresh);
    let pending = this.pending.get(vendor);
    if (!pending) {
      pending = this.run(vendor).finally(() => this.pending.delete(vendor));
      this.pending.set(vendor, pending);
    }
    return pending;
  }

  private async run(vendor: Vendor): Promise<Probe> {
    const { clock, logger } = this.options;
    const started = clock.now();
    let state: VendorState;
    try {
      // Charged to the graph's own interactive client `ops` (README, Sharing the vendors' quotas).
      await (this.calls[vendor] as (call: CallOptions) => Promise<unknown>)({ deadline: started + PROBE_TIMEOUT_MS, client: reservedClient("ops") });
      state = { state: "up" };
    } catch (error) {
      const code = error instanceof UpstreamError ? error.code : "INTERNAL";
      state = { state: code === "UPSTREAM_RATE_LIMITED" ? "rate_limited" : "down", code };
      // The reason goes to the log, not to the unauthenticated endpoint (it can name hosts).
      const previous = this.probes.get(vendor)?.state.state;
      if (previous !== state.state) logger.warn({ vendor, code, error: (error as Error).message }, `readiness: ${vendor} is ${state.state}`);
    }
    const at = clock.now();
    const before = this.probes.get(vendor)?.state.state;
    if (state.state === "up" && before !== undefined && before !== "up") logger.info({ vendor }, `readiness: ${vendor} is up again`);
    const probe = { state: { ...state, checkedAt: new Date(at).toISOString(), ms: at - started }, at };
    this.probes.set(vendor, probe);
    return probe;
  }
}
