// The layers of docs/internals.md (Layers) as rules: a file imports its own folder and the floors
// below it, never a floor above, and no circle, type-only imports included (swc reads them, so
// `import type` counts as an arrow a reader has to follow). `npm run layers` prints every breach;
// test/layers.test.ts fails on any.

/** Floor by floor, ground first: a folder of a floor may import only the floors below it. */
const FLOORS = [
  ["src/errors/", "src/core/"],
  ["src/domain/"],
  ["src/vendors/"],
  ["src/auth/", "src/clients/", "src/limits/", "src/ops/", "src/quota/", "src/cache/"],
  ["src/redis/"],
  ["src/loaders/"],
  ["src/live/"],
  ["src/graph/"],
  ["src/server/"],
];

const CONCERNS = "auth|clients|limits|ops|quota|cache";
const escape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const anyOf = (paths) => `^(${paths.map(escape).join("|")})`;

const upward = FLOORS.slice(0, -1).map((floor, i) => ({
  name: `floor-${i}-imports-above`,
  comment: `${floor.join(", ")} may import only the floors below it (docs/internals.md, Layers)`,
  severity: "error",
  from: { path: anyOf(floor) },
  to: { path: anyOf(FLOORS.slice(i + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "no-circular",
      comment: "files that import each other, type-only imports included",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "ground-errors-alone",
      comment: "src/errors/ is the bottom of the house: it imports nothing of ours",
      severity: "error",
      from: { path: "^src/errors/" },
      to: { path: "^src/", pathNot: "^src/errors/" },
    },
    {
      name: "concern-imports-concern",
      comment: "a concern talks to another only through a ground-floor interface the composition root wires",
      severity: "error",
      from: { path: `^src/(${CONCERNS})/` },
      to: { path: `^src/(${CONCERNS})/`, pathNot: "^src/$1/" },
    },
    {
      name: "vendor-imports-vendor",
      comment: "a vendor folder never imports another vendor's; shared transport lives in vendors/http",
      severity: "error",
      from: { path: "^src/vendors/([^/]+)/" },
      to: { path: "^src/vendors/", pathNot: "^src/vendors/($1|http)/" },
    },
    {
      name: "redis-only-from-the-root",
      comment: "the composition root alone chooses memory or Redis",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(server|redis)/" },
      to: { path: "^src/redis/" },
    },
    {
      name: "simulators-apart",
      comment: "the simulators are a program of their own: they use the ground floor and nothing else of ours",
      severity: "error",
      from: { path: "^src/simulators/" },
      to: { path: "^src/", pathNot: "^src/(simulators|core|errors)/" },
    },
    {
      name: "simulators-only-by-dynamic-import",
      comment: "the server bundle must not carry the simulators: the server loads them by import() when no config is given",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/simulators/" },
      to: { path: "^src/simulators/", dependencyTypesNot: ["dynamic-import"] },
    },
    {
      name: "client-apart",
      comment: "the typed client ships to frontends: nothing of the server's",
      severity: "error",
      from: { path: "^src/client/" },
      to: { path: "^src/", pathNot: "^src/client/" },
    },
    {
      name: "nothing-imports-the-client",
      comment: "the client is a leaf for frontends; the server never runs it",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/client/" },
      to: { path: "^src/client/" },
    },
    {
      name: "folder-on-no-floor",
      comment: "every folder of src/ stands on a floor of docs/internals.md (Layers) or apart; a new one is placed there first",
      severity: "error",
      from: { path: "^src/", pathNot: anyOf([...FLOORS.flat(), "src/simulators/", "src/client/"]) },
      to: {},
    },
    {
      name: "not-to-unresolvable",
      comment: "an import that resolves to nothing (a package of types alone has no file to resolve to)",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^@graphql-typed-document-node/core$" },
    },
  ],
  options: {
    parser: "swc",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/client/generated/" },
  },
};
