// What the IBM directives cannot say is refused when the schema is built, not printed wrong: a
// connection without the model's default `first`, `first` on something that is no connection,
// one connection type read from vendor lists of different page sizes, and a page-priced type
// returned where no pages are read.
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { MAX_FIRST } from "../../src/domain/paging.js";
import { connectionPages } from "../../src/limits/queryCost.js";
import { routerCost } from "../../src/limits/routerCost.js";

const CONNECTION = `
  type Account { wxid: String! }
  type AccountEdge { cursor: String! node: Account! }
  type WeComAccountConnection { edges: [AccountEdge!]! totalCount: Int! }
`;

describe("routerCost", () => {
  it("sizes a connection by `first` and its edges, and prices its type at 1 plus the pages of `first: 100`", () => {
    const cost = routerCost(buildSchema(`${CONNECTION} type Query { accounts(first: Int = 20, after: String): WeComAccountConnection }`));
    expect(cost.listSize.get("Query.accounts")).toEqual({ slicingArguments: ["first"], sizedFields: ["edges"] });
    expect(cost.listSize.has("WeComAccountConnection.edges")).toBe(false);
    expect(cost.typeWeight.get("WeComAccountConnection")).toBe(1 + connectionPages("Query.accounts", MAX_FIRST));
  });

  it("refuses a connection whose `first` has no default, or another than the model's", () => {
    expect(() => routerCost(buildSchema(`${CONNECTION} type Query { accounts(first: Int): WeComAccountConnection }`))).toThrow("Query.accounts(first:) must declare the default 20 the cost model assumes");
    expect(() => routerCost(buildSchema(`${CONNECTION} type Query { accounts(first: Int = 50): WeComAccountConnection }`))).toThrow("Query.accounts(first:)");
  });

  it("refuses one connection type read from lists of different page sizes: a type carries one @cost", () => {
    // yunzhenji pages by 100 (Query.accounts), shiheng by 50 (Corp.employees).
    expect(connectionPages("Query.accounts", MAX_FIRST)).not.toBe(connectionPages("Corp.employees", MAX_FIRST));
    const sdl = `${CONNECTION} type Corp { employees(first: Int = 20): WeComAccountConnection } type Query { accounts(first: Int = 20): WeComAccountConnection corp: Corp }`;
    expect(() => routerCost(buildSchema(sdl))).toThrow("WeComAccountConnection reads");
  });

  it("refuses `first` on a field that returns no connection type: the model sizes nothing under it", () => {
    expect(() => routerCost(buildSchema(`${CONNECTION} type Query { account(first: Int = 20): Account }`))).toThrow("Query.account takes `first` but returns Account, not a connection type");
  });

  it("refuses a page-priced type returned by a field that reads no page", () => {
    const sdl = `${CONNECTION} type Query { accounts(first: Int = 20): WeComAccountConnection lastPage: WeComAccountConnection }`;
    expect(() => routerCost(buildSchema(sdl))).toThrow("Query.lastPage returns WeComAccountConnection");
  });
});
