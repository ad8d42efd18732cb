// Global ids are written by the relay plugin through our encode/decode (src/graph/globalId.ts):
// ids handed out before the plugin must keep their spelling and keep resolving, and anything that
// is not one of ours, or carries the wrong keys for its type, is the client's error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphError } from "../../src/errors/GraphError.js";
import { decodeGlobalId, encodeGlobalId, readKeys } from "../../src/graph/globalId.js";
import { startTestGraph, type TestGraph } from "../helpers/graph.js";
import { mappedCorps } from "../helpers/expectedGraph.js";

describe("the id format", () => {
  it("is base64url of `Type:` and the keys as JSON, as before the plugin", () => {
    expect(encodeGlobalId("Corp", ["wwabc"])).toBe("Q29ycDpbInd3YWJjIl0");
    expect(encodeGlobalId("WeComAccount", [42])).toBe("V2VDb21BY2NvdW50Ols0Ml0");
    expect(encodeGlobalId("Employee", ["ww1", "zhangsan"])).toBe("RW1wbG95ZWU6WyJ3dzEiLCJ6aGFuZ3NhbiJd");
    expect(encodeGlobalId("ExternalCustomer", [7, 3, 100, "ZhangSan", "wmXYZ"])).toBe("RXh0ZXJuYWxDdXN0b21lcjpbNywzLDEwMCwiWmhhbmdTYW4iLCJ3bVhZWiJd");
  });

  it("decodes to the type and the keys each type's parse reads", () => {
    expect(decodeGlobalId("RXh0ZXJuYWxDdXN0b21lcjpbNywzLDEwMCwiWmhhbmdTYW4iLCJ3bVhZWiJd")).toEqual({ typename: "ExternalCustomer", id: '[7,3,100,"ZhangSan","wmXYZ"]' });
    expect(readKeys<"ExternalCustomer">('[7,3,100,"ZhangSan","wmXYZ"]')).toEqual([7, 3, 100, "ZhangSan", "wmXYZ"]);
    expect(decodeGlobalId("V2VDb21BY2NvdW50Ols0Ml0")).toEqual({ typename: "WeComAccount", id: "[42]" });
  });

  it.each([
    ["not base64url", "not-an-id!"],
    ["a type that is not a Node", "Tm9kZTpbIngiXQ"],
    ["keys that are not JSON", "Q29ycDpbImEi"],
    ["a number where Corp has a corpId", "Q29ycDpbMV0"],
    ["a string where WeComAccount has a number", "V2VDb21BY2NvdW50OlsiNDIiXQ"],
    ["a fraction for an account id", "V2VDb21BY2NvdW50OlsxLjVd"],
    ["too few keys for an Employee", "RW1wbG95ZWU6WyJ3dzEiXQ"],
  ])("refuses %s as BAD_USER_INPUT", (_what, id) => {
    let thrown: unknown;
    try {
      decodeGlobalId(id);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphError);
    expect(thrown).toMatchObject({ code: "BAD_USER_INPUT", message: `node id ${JSON.stringify(id)} is not a wecom-graph id` });
  });
});

describe("node(id:) through the plugin", () => {
  let g: TestGraph;
  beforeAll(async () => {
    g = await startTestGraph({ sim: { size: "small" } });
  });
  afterAll(() => g.close());

  it("resolves an id spelled by hand in the old format, and a corp's id is the one it hands out", async () => {
    const corpId = mappedCorps(g.sim.dataset)[0]!.corpId;
    const id = Buffer.from(`Corp:${JSON.stringify([corpId])}`).toString("base64url");
    const res = await g.query(`query($id: ID!, $c: String!) { node(id: $id) { __typename id ... on Corp { corpId } } corp(corpId: $c) { id } }`, { id, c: corpId });
    expect(res).toEqual({ data: { node: { __typename: "Corp", id, corpId }, corp: { id } } });
  });

  it("answers an id of a Node type with the wrong keys as BAD_USER_INPUT, beside the other fields", async () => {
    const corpId = mappedCorps(g.sim.dataset)[0]!.corpId;
    const res = await g.query(`query($c: String!) { node(id: "Q29ycDpbMV0") { id } corp(corpId: $c) { corpId } }`, { c: corpId });
    expect(res.data).toEqual({ node: null, corp: { corpId } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toBe('node id "Q29ycDpbMV0" is not a wecom-graph id');
    expect(res.errors![0]!.path).toEqual(["node"]);
  });
});

describe("a Node type's id field", () => {
  it("answers the id itself, not a promise of it (syncNodeIdsPlugin), for every Node type", async () => {
    const { schema } = await import("../../src/graph/schema.js");
    const { CorpDirectory } = await import("../../src/domain/corps.js");
    const corp = new CorpDirectory([{ corpId: "wwabc" }]).get("wwabc")!;
    const id = (type: string, value: unknown) => {
      const field = (schema.getType(type) as import("graphql").GraphQLObjectType).getFields()["id"]!;
      return field.resolve!(value, {}, {}, {} as import("graphql").GraphQLResolveInfo);
    };
    expect(id("Corp", corp)).toBe(encodeGlobalId("Corp", ["wwabc"]));
    expect(id("WeComAccount", { id: 42 })).toBe(encodeGlobalId("WeComAccount", [42]));
    expect(id("Employee", { corpId: "ww1", userId: "ZhangSan", known: [] })).toBe(encodeGlobalId("Employee", ["ww1", "zhangsan"]));
    expect(id("ExternalCustomer", { row: { uniacid: 7, cropId: 3, rowId: 100, ownerUserId: "ZhangSan", externalUserId: "wmXYZ" } })).toBe(
      encodeGlobalId("ExternalCustomer", [7, 3, 100, "ZhangSan", "wmXYZ"]),
    );
  });
});
