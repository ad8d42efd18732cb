// The three requests of issue 11, as GraphQL documents over `$corpId`. Our server and the floor
// receive the same body; the floor only reads the corpId and the path names the scenario.
export interface CpuScenario {
  id: "S1" | "S2" | "S3";
  label: string;
  query: string;
}

const customer = "id name remark addedAt tags { name }";

export const CPU_SCENARIOS: readonly CpuScenario[] = [
  {
    id: "S1",
    label: "50 customers + owner name/mobile",
    query: `query S1($corpId: String!) { corp(corpId: $corpId) { customers(first: 50) { edges { node { ${customer} owner { name mobile } } } } } }`,
  },
  {
    id: "S2",
    label: "+ owner position/departments (directory)",
    query: `query S2($corpId: String!) { corp(corpId: $corpId) { customers(first: 50) { edges { node { ${customer} owner { name mobile position departmentIds } } } } } }`,
  },
  {
    id: "S3",
    label: "+ owner's cloud-phone accounts",
    query: `query S3($corpId: String!) { corp(corpId: $corpId) { customers(first: 50) { edges { node { ${customer} owner { name mobile wecomAccounts { wxid online } } } } } } }`,
  },
];
