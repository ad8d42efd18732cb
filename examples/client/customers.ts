// The README's typed-client example, runnable as it stands: `npx tsx examples/client/customers.ts`
// while `npm start` serves the simulators. WECOM_GRAPH_URL and WECOM_GRAPH_KEY point it elsewhere.
import { createClient } from "../../src/client/createClient.js";
import { CorpCustomersDocument, CorpsOverviewDocument } from "../../src/client/generated/graphql.js";

const graph = createClient({
  endpoint: process.env["WECOM_GRAPH_URL"] ?? "http://localhost:4000/graphql",
  token: process.env["WECOM_GRAPH_KEY"], // an API key or a JWT, sent as `Authorization: Bearer …`
});

const overview = await graph.request(CorpsOverviewDocument);
const corp = overview.data.corps[0];
if (!corp) throw new Error("the graph serves no corps: add corps[] to its config");

const { data, errors } = await graph.request(CorpCustomersDocument, { corpId: corp.corpId, first: 5, filter: { status: "NORMAL" } });
const customers = data.corp?.customers; // null when yunzhong could not be read: see `errors`
console.log(`${corp.name}: ${customers?.totalCount ?? "?"} customers`);
for (const { node } of customers?.edges ?? []) {
  console.log(`${node.name} (owner ${node.owner?.name ?? "?"}) [${node.tags.map((t) => t.name).join(", ")}]`);
}
for (const error of errors ?? []) console.error(`${error.extensions?.code} from ${error.extensions?.vendor}: ${error.message}`);
