// The vendor's own JSON samples (docs/vendors/yunzhong.md, Vendor page; converted from its
// JS-literal style to JSON with the same values) must decode and map through the real client.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../../src/vendors/http/UpstreamError.js";
import { yunzhongListResponseSchema } from "../../../src/vendors/yunzhong/schemas.js";
import { YunzhongClient } from "../../../src/vendors/yunzhong/YunzhongClient.js";
import { answeringFetch } from "../../helpers/vendors.js";

const sample = readFileSync(new URL("../../fixtures/yunzhong-getlist-sample.json", import.meta.url), "utf8");
const errorSample = readFileSync(new URL("../../fixtures/yunzhong-getlist-error-sample.json", import.meta.url), "utf8");

function clientAnswering(text: string): YunzhongClient {
  const { fetch } = answeringFetch(() => text);
  return new YunzhongClient({ baseUrl: "https://yz.example.com", headers: { Cookie: "laravel_session=abcd1234" }, fetch, retries: 0 });
}

describe("yunzhong vendor sample (getList 正确时返回)", () => {
  it("is the vendor's sample, faithfully converted", () => {
    const raw = JSON.parse(sample) as { data: { data: { add_way: unknown; remark_mobiles: unknown }[]; employee: unknown[] } };
    expect(raw.data.data).toHaveLength(2);
    // The quirks the page shows survive the conversion untouched.
    expect(raw.data.data[0]?.add_way).toBe("1");
    expect(raw.data.data[0]?.remark_mobiles).toBe("[]");
    expect(raw.data.employee).toHaveLength(2);
    expect(yunzhongListResponseSchema.safeParse(raw).success).toBe(true);
  });

  it("maps the page: paginator, tag catalogue and employee catalogue", async () => {
    const page = await clientAnswering(sample).listCustomersPage({ uniacid: 2, page: 1 });
    expect(page).toMatchObject({ page: 1, perPage: 2, lastPage: 23, total: 45 });
    expect(page.rows.map((r) => r.rowId)).toEqual([63, 62]);
    expect(page.tags).toEqual([
      { id: "etDesSDgAAB6_PNgMEt6fWHVVJhceQow", name: "开发测试标签组1标签1", groupId: "etDesSDgAAkqdytUBUMtc_fsnHRnEZ6w", groupName: "开发测试标签组1" },
      { id: "etDesSDgAAYoJscGWjVDukf38n7PJIOg", name: "测试标签1-2", groupId: "etDesSDgAAgSPK4ZV9R6whR-HznwfJGw", groupName: "测试标签组1" },
    ]);
    expect(page.employees).toEqual([
      { userId: "SunXinJian", name: "孙新建" },
      { userId: "WeiPing", name: "韦平" },
    ]);
  });

  it("maps row 63 exactly (a WeCom contact added by its own external userid, no tags)", async () => {
    const [row] = (await clientAnswering(sample).listCustomersPage({ uniacid: 2, page: 1 })).rows;
    expect(row).toEqual({
      rowId: 63,
      uniacid: 2,
      cropId: 1,
      externalUserId: "woDesSDgAAShvEE1Odl6hiE8TPbaybhw",
      name: "李一天",
      avatarUrl: "http://wework.qpic.cn/wwhead/nMl9ssowtibVGyrmvBiaibzDrzltpHO18fPs34Qu2plSGib52cRusl235ibiarTTgyXDwr4Mbmwc3Lsics/0",
      type: "WECOM",
      gender: "MALE",
      corpName: "芸众",
      corpFullName: "广州市芸众信息科技有限公司",
      remark: "李宝佳",
      description: null,
      remarkCorpName: null,
      remarkMobiles: [],
      addWay: "QR_CODE",
      addWayCode: 1,
      addedAt: new Date("2021-09-18T07:37:19Z"),
      // created_at "2021-09-28 09:21:46" is China time.
      syncedAt: new Date("2021-09-28T01:21:46Z"),
      status: "NORMAL",
      tagIds: [],
      tags: [],
      ownerUserId: "XiaoLiangZi",
      addedByUserId: "woDesSDgAAShvEE1Odl6hiE8TPbaybhw",
      ownerFacts: {
        source: "yunzhong",
        userId: "XiaoLiangZi",
        name: "李健平",
        mobile: "13547567468",
        mobileKey: "13547567468",
        email: null,
        position: null,
        gender: "MALE",
        status: "ACTIVE",
        avatarUrl: "https://wework.qpic.cn/bizmail/g2TmcaCFx5yE5F5dufa9zyshU9v6fYIHziasdVlEof4PzDwe4VvKaxw/0",
      },
    });
    // main_department is one department, not the list: departmentIds is left to a better source.
    expect(row?.ownerFacts).not.toHaveProperty("departmentIds");
  });

  it("maps row 62: one tag from the catalogue, one the catalogue lacks keeps its tag_name", async () => {
    const row = (await clientAnswering(sample).listCustomersPage({ uniacid: 2, page: 1 })).rows[1];
    expect(row).toMatchObject({
      rowId: 62,
      externalUserId: "wmDesSDgAAG17vSqReXF2Z5NoJs9yGgg",
      name: "Abe",
      type: "WECHAT",
      gender: "FEMALE",
      corpName: null,
      remark: "Abe",
      addWay: "QR_CODE",
      addedAt: new Date("2021-09-22T02:26:13Z"),
      syncedAt: new Date("2021-09-28T01:21:46Z"),
      ownerUserId: "XiaoLiangZi",
      addedByUserId: "XiaoLiangZi",
    });
    expect(row?.tagIds).toEqual(["etDesSDgAACFJtKmZ8DmxP3DjZmceyLw", "etDesSDgAAB6_PNgMEt6fWHVVJhceQow"]);
    expect(row?.tags).toEqual([
      { id: "etDesSDgAACFJtKmZ8DmxP3DjZmceyLw", name: "测试标签11", groupId: null, groupName: null },
      { id: "etDesSDgAAB6_PNgMEt6fWHVVJhceQow", name: "开发测试标签组1标签1", groupId: "etDesSDgAAkqdytUBUMtc_fsnHRnEZ6w", groupName: "开发测试标签组1" },
    ]);
  });

  it("maps the error sample (无权管理该企业) to UPSTREAM_UNAUTHORIZED with the vendor's message", async () => {
    const error = await clientAnswering(errorSample).listCustomersPage({ uniacid: 2, page: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendor: "yunzhong", endpoint: "getList", vendorCode: 0, vendorMessage: "无权管理该企业", retryable: false });
    expect((error as Error).message).toContain("无权管理该企业");
  });
});
