// The one shape of an HTTP call the vendor transport makes: the keep-alive node:http client in
// src/vendors/http fills it in production, and tests hand in scripted or recording fetches.

export interface FetchResponseLike {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchResponseLike>;
