// printSchemaWithCost is printSchema plus the cost directives, each on its own type or field, in
// the shapes printSchema gives a field: one line, arguments over several lines, descriptions.
import { buildSchema, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { printSchemaWithCost } from "../../src/graph/printSchemaWithCost.js";

const DIRECTIVES = `
  directive @cost(weight: Int!) on OBJECT | FIELD_DEFINITION
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!]) on FIELD_DEFINITION
  directive @key(fields: String!) on OBJECT
`;

describe("printSchemaWithCost", () => {
  it("adds @cost and @listSize where applied, and nothing else to printSchema's text", () => {
    const schema = buildSchema(`${DIRECTIVES}
      interface Node { id: ID! }
      "A page."
      type Page implements Node @cost(weight: 8) @key(fields: "id") {
        id: ID!
        """
        Looks like a field:
          items: not one
        """
        items: [Int!] @listSize(assumedSize: 3)
        "one line" old: [Page] @deprecated(reason: "gone") @listSize(assumedSize: 2)
        pages(
          "how many"
          first: Int = 20
        ): Page @listSize(slicingArguments: ["first"], sizedFields: ["items"])
      }
      type Query { page: Page plain: [Page] }
    `);
    const plain = printSchema(schema);
    const withCost = printSchemaWithCost(schema);
    expect(withCost).toContain("type Page implements Node @cost(weight: 8) {\n");
    expect(withCost).toContain('  items: [Int!] @listSize(assumedSize: 3)\n');
    expect(withCost).toContain("  Looks like a field:\n    items: not one\n");
    expect(withCost).toContain('  old: [Page] @deprecated(reason: "gone") @listSize(assumedSize: 2)\n');
    expect(withCost).toContain('  ): Page @listSize(slicingArguments: ["first"], sizedFields: ["items"])\n');
    expect(withCost).not.toContain('@key(fields: "id")');
    // Taking the added directives out gives printSchema's text back, byte for byte.
    expect(withCost.replace(/ @(cost|listSize)\((weight: \d+|assumedSize: \d+|slicingArguments: [^)]*)\)/g, "")).toBe(plain);
  });

  it("is printSchema itself for a schema without cost directives", () => {
    const schema = buildSchema(`type Query { a: [Int] b: Query }`);
    expect(printSchemaWithCost(schema)).toBe(printSchema(schema));
  });
});
