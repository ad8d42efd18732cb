// The metrics behind GET /metrics (Prometheus text). The only file that knows prom-client: the
// transport's wrappers, the cache and the quota governor report through `Observer`, the GraphQL
// plugins through the methods below. One registry per app, so tests can run several apps in one
// process; Node's process metrics are collected once per process and added to every scrape.
import { collectDefaultMetrics, Counter, Gauge, Histogram, register as processRegistry, Registry } from "prom-client";
import type { Vendor } from "../errors/codes.js";
import type { Observer, UpstreamEvent } from "../core/Observer.js";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Operation names are the client's to choose: past this many distinct ones, the rest count as "other". */
const MAX_OPERATION_NAMES = 100;
/**
 * Client names are open-ended with JWTs (a `sub` per user): past this many distinct ones, the rest
 * count as "other", so a label never grows without bound.
 */
const MAX_CLIENT_NAMES = 200;
/** The Subscription fields, each a stream of the live layer (src/live). */
const STREAMS = ["accountStatusChanged", "customerAdded", "customerLost"] as const;

let processMetrics = false;

export type OperationOutcome = "ok" | "partial" | "error";

export class Metrics implements Observer {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly clientNames = new Set<string>();
  private readonly upstreamTotal = new Counter({
    name: "wecom_graph_upstream_requests_total",
    help: "Vendor calls (exchanges: one HTTP request and the vendor's envelope), by outcome (ok, or the error code the call ended with) and by the client charged with it.",
    labelNames: ["vendor", "endpoint", "outcome", "client"] as const,
    registers: [this.registry],
  });
  private readonly upstreamSeconds = new Histogram({
    name: "wecom_graph_upstream_request_duration_seconds",
    help: "Time of one vendor call, failed ones included.",
    labelNames: ["vendor", "endpoint"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly cacheTotal = new Counter({
    name: "wecom_graph_cache_requests_total",
    help: "Cross-request cache lookups by result: hit, miss or stale (served stale while revalidating or because the vendor failed).",
    labelNames: ["vendor", "result"] as const,
    registers: [this.registry],
  });
  private readonly quotaWaits = new Counter({
    name: "wecom_graph_quota_waits_total",
    help: "Vendor calls that waited for the vendor's quota before being sent, by the client they are charged to.",
    labelNames: ["vendor", "client"] as const,
    registers: [this.registry],
  });
  private readonly quotaWaitSeconds = new Counter({
    name: "wecom_graph_quota_wait_seconds_total",
    help: "Time vendor calls spent waiting for the vendor's quota, by the client they are charged to.",
    labelNames: ["vendor", "client"] as const,
    registers: [this.registry],
  });
  private readonly quotaWindowUsed = new Gauge({
    name: "wecom_graph_quota_window_used_ratio",
    help: "The part (0..1) of the vendor's quota.perMinute used in the current window, as this replica last saw it.",
    labelNames: ["vendor"] as const,
    registers: [this.registry],
  });
  private readonly operations = new Counter({
    name: "wecom_graph_graphql_operations_total",
    help: "GraphQL operations executed, by outcome (ok: no errors, partial: data and errors, error: no data) and by client.",
    labelNames: ["operation", "type", "outcome", "client"] as const,
    registers: [this.registry],
  });
  private readonly operationSeconds = new Histogram({
    name: "wecom_graph_graphql_operation_duration_seconds",
    help: "Time to execute one GraphQL operation (after parsing and validation).",
    labelNames: ["operation", "type"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly rejectedTotal = new Counter({
    name: "wecom_graph_graphql_rejected_total",
    help: "Requests refused before execution, by reason: parse, validation, complexity, body_too_large, auth, rate_limited, persisted_query, bad_input, bad_request, not_found.",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  private readonly subscriptionsOpen = new Gauge({
    name: "wecom_graph_subscriptions",
    help: "Subscriptions open now, by stream (the Subscription field).",
    labelNames: ["stream"] as const,
    registers: [this.registry],
  });

  constructor() {
    if (!processMetrics) {
      processMetrics = true;
      collectDefaultMetrics({ register: processRegistry });
    }
    for (const stream of STREAMS) this.subscriptionsOpen.set({ stream }, 0);
  }

  // Every vendor call reports here: prom-client's children are kept per label values, so a call
  // costs a few map lookups rather than prom-client hashing a label object each time.
  private readonly upstreamChildren = new Map<string, { seconds: { observe(v: number): void }; byClient: Map<string, Map<string, { inc(): void }>> }>();

  upstream(event: UpstreamEvent): void {
    const key = `${event.vendor} ${event.endpoint}`;
    let children = this.upstreamChildren.get(key);
    if (!children) {
      children = { seconds: this.upstreamSeconds.labels(event.vendor, event.endpoint), byClient: new Map() };
      this.upstreamChildren.set(key, children);
    }
    const client = this.clientLabel(event.client);
    let outcomes = children.byClient.get(client);
    if (!outcomes) {
      outcomes = new Map();
      children.byClient.set(client, outcomes);
    }
    let outcome = outcomes.get(event.outcome);
    if (!outcome) {
      outcome = this.upstreamTotal.labels(event.vendor, event.endpoint, event.outcome, client);
      outcomes.set(event.outcome, outcome);
    }
    outcome.inc();
    children.seconds.observe(event.seconds);
  }

  cache(event: { vendor: Vendor; result: "hit" | "miss" | "stale" }): void {
    this.cacheTotal.inc({ vendor: event.vendor, result: event.result });
  }

  quotaWait(event: { vendor: Vendor; client: string; waitedMs: number }): void {
    const client = this.clientLabel(event.client);
    this.quotaWaits.inc({ vendor: event.vendor, client });
    this.quotaWaitSeconds.inc({ vendor: event.vendor, client }, event.waitedMs / 1000);
  }

  // Set on every call to a vendor with a quota: its child is kept, as the upstream counters' are.
  private readonly windowChildren = new Map<Vendor, { set(value: number): void }>();

  quotaWindow(event: { vendor: Vendor; usedRatio: number }): void {
    let child = this.windowChildren.get(event.vendor);
    if (!child) {
      child = this.quotaWindowUsed.labels(event.vendor);
      this.windowChildren.set(event.vendor, child);
    }
    child.set(event.usedRatio);
  }

  operation(event: { name: string | null; type: string; outcome: OperationOutcome; seconds: number; client: string }): void {
    const operation = this.operationLabel(event.name);
    this.operations.inc({ operation, type: event.type, outcome: event.outcome, client: this.clientLabel(event.client) });
    this.operationSeconds.observe({ operation, type: event.type }, event.seconds);
  }

  rejected(reason: string): void {
    this.rejectedTotal.inc({ reason });
  }

  subscriptions(event: { stream: string; delta: 1 | -1 }): void {
    this.subscriptionsOpen.inc({ stream: event.stream }, event.delta);
  }

  /** The Prometheus text exposition of this app's metrics and the process's. */
  async render(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([this.registry, processRegistry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  private clientLabel(name: string): string {
    if (this.clientNames.has(name)) return name;
    if (this.clientNames.size >= MAX_CLIENT_NAMES) return "other";
    this.clientNames.add(name);
    return name;
  }

  private operationLabel(name: string | null): string {
    if (!name) return "anonymous";
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return "other";
    this.names.add(name);
    return name;
  }
}
