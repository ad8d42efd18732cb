// A vendor's Retry-After, as HTTP allows it (seconds or an HTTP-date), onto the UpstreamError of
// its 429; anything else is "not said".
import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../src/vendors/http/retryAfter.js";
import { DirectoryClient } from "../../../src/vendors/directory/DirectoryClient.js";
import type { FetchLike } from "../../../src/core/FetchLike.js";
import { failure } from "../../helpers/vendors.js";

const NOW = Date.UTC(2024, 5, 1, 8, 0, 0);

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP-dates", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("Sat, 01 Jun 2024 08:00:30 GMT", NOW)).toBe(30);
    expect(parseRetryAfter("Sat, 01 Jun 2024 07:59:00 GMT", NOW)).toBe(0);
  });

  it("anything else is not said", () => {
    for (const bad of [null, undefined, "", "soon", "-5", "1.5", "application/json", "99999999999999999999"]) expect(parseRetryAfter(bad, NOW)).toBeNull();
  });
});

describe("an HTTP 429", () => {
  const answer = (headers: Record<string, string>): FetchLike => async () => ({
    status: 429,
    ok: false,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    text: async () => "{}",
  });
  const user = { corpId: "ww1", userId: "zhangsan" };

  it("carries the vendor's Retry-After as retryAfterSeconds", async () => {
    const client = new DirectoryClient({ baseUrl: "http://dir.test", fetch: answer({ "retry-after": "17" }) });
    const error = await failure(client.getUser(user));
    expect(error.code).toBe("UPSTREAM_RATE_LIMITED");
    expect(error.retryAfterSeconds).toBe(17);
    expect(error.toJSON()).toMatchObject({ retryAfterSeconds: 17 });
  });

  it("without one, retryAfterSeconds is null until the governor sets its pause", async () => {
    const client = new DirectoryClient({ baseUrl: "http://dir.test", fetch: answer({}) });
    expect((await failure(client.getUser(user))).retryAfterSeconds).toBeNull();
  });
});
