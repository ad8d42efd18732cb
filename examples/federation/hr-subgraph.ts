// A second subgraph for the federation example: a tiny HR service that knows each employee's
// grade and nothing else. It extends wecom-graph's `Employee @key(fields: "corpId userId")` with
// `hrLevel`, and lists its people at `hrEmployees`; the gateway asks wecom-graph for the rest.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { createYoga } from "graphql-yoga";
import type { Dataset } from "../../src/simulators/dataset.js";

export interface HrRecord {
  corpId: string;
  userId: string;
  hrLevel: string;
}

export const HR_TYPE_DEFS = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  # An employee as HR knows them: wecom-graph adds the WeCom side (name, customers, accounts).
  # No description here: composition would take one subgraph's and hint about the other.
  type Employee @key(fields: "corpId userId") {
    corpId: String!
    userId: String!
    "HR's grade for the employee."
    hrLevel: String
  }

  type Query {
    "Everyone on HR's books, in HR's order."
    hrEmployees: [Employee!]!
  }
`;

const LEVELS = ["P5", "P6", "P7", "M1"];

/**
 * HR's books for the simulators' world: the first few employees of the first mapped corp, the
 * first one of that corp whom only the directory lists (shiheng's list lags behind WeCom), and a
 * contractor no WeCom source knows, to show what the graph answers for a stranger.
 */
export function hrRecordsFor(dataset: Dataset, size = 5): HrRecord[] {
  const corp = dataset.corps.find((c) => c.mapped);
  if (!corp) throw new Error("the dataset has no mapped corp for HR to employ people in");
  const staff = dataset.employees.filter((e) => e.corpId === corp.corpId);
  const people = [...staff.filter((e) => e.inShiheng).slice(0, size), ...staff.filter((e) => !e.inShiheng).slice(0, 1)];
  return [
    ...people.map((e, i) => ({ corpId: e.corpId, userId: e.userId, hrLevel: LEVELS[i % LEVELS.length] as string })),
    { corpId: corp.corpId, userId: "hr-contractor-001", hrLevel: "C1" },
  ];
}

export function createHrSubgraph(records: readonly HrRecord[]) {
  // WeCom userids are case-insensitive, and wecom-graph may hand back another spelling than HR's.
  const key = (corpId: string, userId: string) => `${corpId}\u0000${userId.toLowerCase()}`;
  const byKey = new Map(records.map((r) => [key(r.corpId, r.userId), r]));
  const schema = buildSubgraphSchema({
    typeDefs: parse(HR_TYPE_DEFS),
    resolvers: {
      Query: { hrEmployees: () => records },
      Employee: {
        __resolveReference: (ref: { corpId: string; userId: string }) => byKey.get(key(ref.corpId, ref.userId)) ?? { ...ref, hrLevel: null },
      },
    },
  });
  return createYoga({ schema, graphqlEndpoint: "/graphql", logging: false, landingPage: false });
}

export interface RunningHrSubgraph {
  url: string;
  close(): Promise<void>;
}

/** Serves the HR subgraph on `port` (0: a free one) at /graphql. */
export async function startHrSubgraph(records: readonly HrRecord[], port = 0, host = "127.0.0.1"): Promise<RunningHrSubgraph> {
  const server: Server = createServer(createHrSubgraph(records));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
