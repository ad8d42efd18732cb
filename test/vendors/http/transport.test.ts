// What the shared http layer now does for every client alike: header values scrubbed piece by
// piece by the Transport itself, and header options checked once for all four vendors.
import { describe, expect, it } from "vitest";
import { DirectoryClient } from "../../../src/vendors/directory/DirectoryClient.js";
import { Transport } from "../../../src/vendors/http/transport.js";
import { ShihengClient } from "../../../src/vendors/shiheng/ShihengClient.js";
import { YunzhenjiClient } from "../../../src/vendors/yunzhenji/YunzhenjiClient.js";
import { YunzhongClient } from "../../../src/vendors/yunzhong/YunzhongClient.js";

describe("shared vendor transport", () => {
  it("scrubs the whole header value, the token after its scheme and each cookie value, for any vendor", () => {
    const transport = new Transport({
      vendor: "shiheng",
      baseUrl: "https://sh.example.com",
      headers: { Authorization: "Bearer tok-abcdef-123", Cookie: "lang=zh-CN; sid=sess-98765" },
    });
    const text = transport.scrub("echo: Bearer tok-abcdef-123 / tok-abcdef-123 / sess-98765 / zh-CN");
    expect(text).not.toContain("tok-abcdef-123");
    expect(text).not.toContain("sess-98765");
    expect(text).toContain("[REDACTED]");
  });

  it("every client refuses a header value that is not a string, without showing it", () => {
    const headers = { "X-Token": 12345678 as unknown as string };
    const base = "https://vendor.example.com";
    const makers: [string, () => unknown][] = [
      ["yunzhenji", () => new YunzhenjiClient({ baseUrl: base, appId: "a", accessToken: "t0ken", headers })],
      ["shiheng", () => new ShihengClient({ baseUrl: base, appId: "a", appSecret: "s3cret", headers })],
      ["yunzhong", () => new YunzhongClient({ baseUrl: base, headers })],
      ["directory", () => new DirectoryClient({ baseUrl: base, headers })],
    ];
    for (const [vendor, make] of makers) {
      expect(make).toThrow(new TypeError(`${vendor}: headers["X-Token"] must be a string, got a number`));
    }
  });
});
