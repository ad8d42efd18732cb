// A raw GraphQL-over-SSE client for tests: one streamed request per subscription (fetch with
// `accept: text/event-stream`), its `event: next` / `data:` blocks read as they arrive (by the typed
// client's own reader, sseEvents in src/client/createClient.ts), so a test sees every event the server sent.
import { sseEvents } from "../../src/client/createClient.js";

export interface SseResult {
  data?: any;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

export interface SseSubscription {
  status: number;
  contentType: string | null;
  /** Every `next` payload received so far, in order. */
  readonly events: SseResult[];
  /** True once the server sent `event: complete` or closed the stream. */
  readonly ended: boolean;
  /** Waits for the next event not yet taken by next(); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseResult>;
  /** Events received and not yet taken by next(). */
  unread(): number;
  /** Disconnects, as a client that goes away. */
  close(): void;
}

export interface SseOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
}

export async function subscribeSse(url: string, query: string, variables: Record<string, unknown> = {}, options: SseOptions = {}): Promise<SseSubscription> {
  const controller = new AbortController();
  const method = options.method ?? "POST";
  const target = method === "GET" ? `${url}?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}` : url;
  const response = await fetch(target, {
    method,
    headers: { accept: "text/event-stream", ...(method === "POST" ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(method === "POST" ? { body: JSON.stringify({ query, variables }) } : {}),
    signal: controller.signal,
  });
  const events: SseResult[] = [];
  let taken = 0;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  void (async () => {
    try {
      for await (const { event, data } of sseEvents(response.body!)) {
        if (event === "next") events.push(JSON.parse(data) as SseResult);
        if (event === "complete") ended = true;
        notify();
      }
    } catch {
      // Aborted by close(), or the server went away.
    }
    ended = true;
    notify();
  })();

  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    events,
    get ended() {
      return ended;
    },
    async next(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (taken >= events.length) {
        if (ended) throw new Error(`the stream ended after ${events.length} events`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMs} ms (${events.length} received)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return events[taken++] as SseResult;
    },
    unread: () => events.length - taken,
    close: () => controller.abort(),
  };
}

/** Resolves once `check` is true, polling every 10 ms; rejects after `timeoutMs` naming `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
