import { builder } from "./builder.js";

// The root type only; each type's file adds its own queries.
builder.queryType({ description: "One graph over the WeCom data of yunzhenji, shiheng, yunzhong and the directory." });
