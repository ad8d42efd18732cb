// The committed SDL is the contract clients generate from: it must be what the code serves, it must
// be sorted (so diffs show only real changes), and it must carry at least the surface promised to
// clients (CONTRACT_SDL below), with the same types, arguments, interfaces and enum values.
import { readFileSync } from "node:fs";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { builder } from "../../src/graph/builder.js";
import { printSchemaWithCost } from "../../src/graph/printSchemaWithCost.js";
import { printContract, printSubgraph, schema } from "../../src/graph/schema.js";

const SCHEMA_FILE = new URL("../../schema/schema.graphql", import.meta.url);
const SUBGRAPH_FILE = new URL("../../schema/subgraph.graphql", import.meta.url);

// The graph promised to clients, at its minimum, written out in full (the three connections share
// one shape, `XConnection` for short).
const CONTRACT_SDL = /* GraphQL */ `
  interface Node { id: ID! }
  scalar DateTime
  type Query {
    node(id: ID!): Node
    corps: [Corp!]!
    corp(corpId: String!): Corp
    accounts(online: Boolean, first: Int, after: String): WeComAccountConnection
    employee(corpId: String!, userId: String!): Employee
  }
  type Corp implements Node {
    id: ID!  corpId: String!  name: String  shortName: String
    accounts(online: Boolean, first: Int, after: String): WeComAccountConnection
    employees(status: EmployeeStatus, first: Int, after: String): EmployeeConnection
    customers(filter: CustomerFilter, first: Int, after: String): ExternalCustomerConnection
    tags: [CustomerTag!]
  }
  type WeComAccount implements Node {
    id: ID!  wxid: String!  nickname: String  fullName: String  mobile: String  avatarUrl: String
    online: Boolean!  lastLoginAt: DateTime  lastOfflineAt: DateTime
    corp: Corp  employee: Employee
  }
  type Employee implements Node {
    id: ID!  corpId: String!  userId: String!  name: String  mobile: String  email: String
    status: EmployeeStatus!  gender: Gender!  position: String  departmentIds: [Int!]!
    avatarUrl: String  corp: Corp!  wecomAccounts: [WeComAccount!]
    customers(filter: CustomerFilter, first: Int, after: String): ExternalCustomerConnection
  }
  type ExternalCustomer implements Node {
    id: ID!  externalUserId: String!  name: String  type: ExternalContactType!  gender: Gender!
    corpName: String  remark: String  description: String  remarkMobiles: [String!]!
    addWay: AddWay!  addedAt: DateTime  status: CustomerStatus!  tags: [CustomerTag!]!
    owner: Employee  addedBy: Employee  corp: Corp!
  }
  type CustomerTag { id: String!  name: String!  groupId: String  groupName: String }
  type PageInfo { hasNextPage: Boolean!  endCursor: String }
  type WeComAccountConnection { edges: [WeComAccountEdge]  pageInfo: PageInfo  totalCount: Int! }
  type WeComAccountEdge { cursor: String  node: WeComAccount }
  type EmployeeConnection { edges: [EmployeeEdge]  pageInfo: PageInfo  totalCount: Int! }
  type EmployeeEdge { cursor: String  node: Employee }
  type ExternalCustomerConnection { edges: [ExternalCustomerEdge]  pageInfo: PageInfo  totalCount: Int! }
  type ExternalCustomerEdge { cursor: String  node: ExternalCustomer }
  enum EmployeeStatus { ACTIVE DISABLED INACTIVE LEFT UNKNOWN }
  enum Gender { UNSPECIFIED MALE FEMALE }
  enum ExternalContactType { WECHAT WECOM UNKNOWN }
  enum CustomerStatus { NORMAL LOST }
  enum AddWay { UNKNOWN QR_CODE MOBILE_SEARCH BUSINESS_CARD GROUP_CHAT PHONE_CONTACTS WECHAT_CONTACT
    WECHAT_FRIEND_REQUEST AUTO_ADDED_SERVICE EMAIL_SEARCH WECHAT_CHANNELS SCHEDULE MEETING
    LINKED_WECHAT_FRIEND SMART_HARDWARE ON_SITE_SERVICE ACQUISITION_LINK CUSTOM_DEVELOPMENT
    REQUIREMENT_REPLY THIRD_PARTY_PRESALES POSSIBLE_PARTNER WECHAT_ACCOUNT_FRIEND_REQUEST
    SHARED_BY_MEMBER ASSIGNED_BY_ADMIN }
  input CustomerFilter { ownerUserId: String  tagIds: [String!]  addWay: AddWay  status: CustomerStatus
    addedAfter: DateTime  addedBefore: DateTime  search: String  remark: String }
`;

// The contract names only the fields of the connection types, not their nullability: for these
// the named type must match, the wrapping is ours to choose.
const SHAPE_ONLY = new Set(["PageInfo", "WeComAccountConnection", "WeComAccountEdge", "EmployeeConnection", "EmployeeEdge", "ExternalCustomerConnection", "ExternalCustomerEdge"]);

function committedSdl(file: URL = SCHEMA_FILE): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Every way `actual` falls short of `contract`, one line each, as `Type.field: problem`. */
function missingSurface(contract: GraphQLSchema, actual: GraphQLSchema): string[] {
  const problems: string[] = [];
  const typeOf = (t: GraphQLNamedType) => (isObjectType(t) ? "type" : isInterfaceType(t) ? "interface" : isEnumType(t) ? "enum" : isInputObjectType(t) ? "input" : isScalarType(t) ? "scalar" : "union");
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith("__")) continue;
    const got = actual.getType(expected.name);
    if (!got) {
      problems.push(`${expected.name}: missing ${typeOf(expected)}`);
      continue;
    }
    if (typeOf(got) !== typeOf(expected)) {
      problems.push(`${expected.name}: is a ${typeOf(got)}, the contract has a ${typeOf(expected)}`);
      continue;
    }
    if (isEnumType(expected) && isEnumType(got)) {
      const values = new Set(got.getValues().map((v) => v.name));
      for (const v of expected.getValues()) if (!values.has(v.name)) problems.push(`${expected.name}.${v.name}: missing enum value`);
      continue;
    }
    if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(got) || isInterfaceType(got))) {
      const interfaces = new Set(got.getInterfaces().map((i) => i.name));
      for (const i of expected.getInterfaces()) if (!interfaces.has(i.name)) problems.push(`${expected.name}: does not implement ${i.name}`);
      const fields = got.getFields() as Record<string, GraphQLField<unknown, unknown>>;
      for (const field of Object.values(expected.getFields() as Record<string, GraphQLField<unknown, unknown>>)) {
        const coordinate = `${expected.name}.${field.name}`;
        const actualField = fields[field.name];
        if (!actualField) {
          problems.push(`${coordinate}: missing field`);
          continue;
        }
        const same = SHAPE_ONLY.has(expected.name) ? getNamedType(actualField.type).name === getNamedType(field.type).name : String(actualField.type) === String(field.type);
        if (!same) problems.push(`${coordinate}: is ${String(actualField.type)}, the contract has ${String(field.type)}`);
        const args = new Map(actualField.args.map((a) => [a.name, a]));
        for (const arg of field.args) {
          const actualArg = args.get(arg.name);
          if (!actualArg) problems.push(`${coordinate}(${arg.name}:): missing argument`);
          else if (String(actualArg.type) !== String(arg.type)) problems.push(`${coordinate}(${arg.name}:): is ${String(actualArg.type)}, the contract has ${String(arg.type)}`);
        }
        // A new required argument would break every query written against the contract.
        const known = new Set(field.args.map((a) => a.name));
        for (const arg of actualField.args) {
          if (!known.has(arg.name) && isNonNullType(arg.type) && arg.defaultValue === undefined) problems.push(`${coordinate}(${arg.name}:): required argument the contract does not have`);
        }
      }
      continue;
    }
    if (isInputObjectType(expected) && isInputObjectType(got)) {
      const fields = got.getFields();
      for (const field of Object.values(expected.getFields())) {
        const actualField = fields[field.name];
        if (!actualField) problems.push(`${expected.name}.${field.name}: missing input field`);
        else if (String(actualField.type) !== String(field.type)) problems.push(`${expected.name}.${field.name}: is ${String(actualField.type)}, the contract has ${String(field.type)}`);
      }
      for (const field of Object.values(fields)) {
        if (!(field.name in expected.getFields()) && isNonNullType(field.type) && field.defaultValue === undefined) problems.push(`${expected.name}.${field.name}: required input field the contract does not have`);
      }
    }
  }
  return problems;
}

describe("schema/schema.graphql", () => {
  it("is what the code serves (run `npm run schema` after changing the graph)", () => {
    const committed = committedSdl();
    expect(committed, "schema/schema.graphql is missing: run `npm run schema` and commit it").not.toBe("");
    // A plain equality first: a failing toBe would print the whole file twice before the hint.
    const upToDate = committed === printContract();
    expect(upToDate, "schema/schema.graphql differs from the schema the code builds: run `npm run schema` and commit the result").toBe(true);
  });

  it("is sorted, so a diff of it shows only real changes", () => {
    const sdl = committedSdl();
    expect(`${printSchemaWithCost(lexicographicSortSchema(buildSchema(sdl)))}\n`).toBe(sdl);
  });

  it("carries every type, field, argument and enum value the contract names, with the contract's types", () => {
    const contract = buildSchema(CONTRACT_SDL);
    const served = buildSchema(committedSdl());
    expect(missingSurface(contract, served)).toEqual([]);
  });

  it("the surface check itself notices a missing field, a changed type and a missing enum value", () => {
    // Without this, a check that compared nothing would pass too.
    const broken = buildSchema(
      committedSdl()
        .replace(/^ {2}wxid: String!$/m, "")
        .replace(/^ {2}corps: \[Corp!\]!( @listSize\(.*\))?$/m, "  corps: [Corp]")
        .replace(/^ {2}LOST$/m, ""),
    );
    expect(missingSurface(buildSchema(CONTRACT_SDL), broken)).toEqual(["Query.corps: is [Corp], the contract has [Corp!]!", "WeComAccount.wxid: missing field", "CustomerStatus.LOST: missing enum value"]);
  });
});

describe("schema/subgraph.graphql", () => {
  it("is the federation SDL the code serves at _service { sdl } (run `npm run schema` after changing the graph)", () => {
    const committed = committedSdl(SUBGRAPH_FILE);
    expect(committed, "schema/subgraph.graphql is missing: run `npm run schema` and commit it").not.toBe("");
    const upToDate = committed === printSubgraph();
    expect(upToDate, "schema/subgraph.graphql differs from the subgraph the code builds: run `npm run schema` and commit the result").toBe(true);
  });

  it("declares the contract's entity keys, and links Federation v2", () => {
    const sdl = committedSdl(SUBGRAPH_FILE);
    expect(sdl).toMatch(/^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    const keys = [...sdl.matchAll(/^type (\w+)[^{]*?@key\(fields: "([^"]+)"\)/gms)].map((m) => [m[1], m[2]]);
    expect(keys).toEqual([
      ["Corp", "corpId"],
      ["Employee", "corpId userId"],
      ["ExternalCustomer", "id"],
      ["WeComAccount", "wxid"],
    ]);
  });
});

describe("federation on the public endpoint", () => {
  it("adds only Query._entities and Query._service (with the types they need) to the graph", () => {
    const plain = builder.toSchema();
    const added = Object.keys(schema.getTypeMap()).filter((name) => !plain.getType(name));
    expect(added.sort()).toEqual(["_Any", "_Entity", "_Service"]);
    const queryFields = Object.keys(schema.getQueryType()!.getFields()).filter((name) => !(name in plain.getQueryType()!.getFields()));
    expect(queryFields.sort()).toEqual(["_entities", "_service"]);
    // Everything else is unchanged: the plain graph is the served one minus those lines.
    const served = printSchema(lexicographicSortSchema(schema));
    const withoutFederation = served.replace(/^ {2}_entities\(.*\n {2}_service: .*\n\n/m, "").replace(/\n\nscalar _Any\n[\s\S]*$/, "");
    expect(withoutFederation).not.toBe(served);
    expect(printSchema(lexicographicSortSchema(plain))).toBe(withoutFederation);
  });
});
