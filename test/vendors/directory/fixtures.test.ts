// The vendor's own JSON sample (docs/vendors/directory.md, Vendor page; 返回示例) must decode and map
// through the real client; its request sample (1.1.3) spells the key `userid`, which we also send.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DirectoryClient } from "../../../src/vendors/directory/DirectoryClient.js";
import { answeringFetch } from "../../helpers/vendors.js";

const sample = readFileSync(new URL("../../fixtures/directory-getuser-sample.json", import.meta.url), "utf8");
const requestSample = JSON.parse(readFileSync(new URL("../../fixtures/directory-getuser-request-sample.json", import.meta.url), "utf8")) as Record<string, string>;

describe("directory vendor sample (getUser 返回示例)", () => {
  it("decodes and maps every field the profile carries", async () => {
    const { fetch, calls: sent } = answeringFetch(() => sample);
    const client = new DirectoryClient({ baseUrl: "https://dir.example.com", headers: { Authorization: "Bearer sample-token" }, fetch, retries: 0 });
    const profile = await client.getUser({ corpId: requestSample.corpId as string, userId: requestSample.userid as string });
    expect(profile).toEqual({
      corpId: "wxxxxxxxxxxx078",
      facts: {
        source: "directory",
        userId: "zhangsan",
        name: "张三",
        mobile: "13800000000",
        mobileKey: "13800000000",
        email: "zhangsan@gzdev.com",
        status: "ACTIVE",
        gender: "MALE",
        position: "后台工程师",
        departmentIds: [1, 2],
        avatarUrl: "http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0",
      },
      alias: "jackzhang",
      telephone: "020-123456",
      bizMail: "zhangsan@qyycs2.wecom.work",
      address: "广州市海珠区新港中路",
      mainDepartment: 1,
      directLeaders: ["lisi", "wangwu"],
      openUserId: "xxxxxx",
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.href).toBe("https://dir.example.com/api/v1/getUser");
    expect(sent[0]?.method).toBe("POST");
    expect(sent[0]?.body).toEqual({ corpId: "wxxxxxxxxxxx078", userId: "xxxxxxxxx", userid: "xxxxxxxxx" });
  });
});
