// The cache as the loaders see it: the same four source methods, each read through VendorCache
// under a key naming the vendor, its endpoint and the canonical arguments. Vendors with a TTL of 0
// are passed through untouched (no cache, no singleflight: "off" means off).
import { stableKey } from "../core/stableKey.js";
import type { Sources } from "../vendors/Sources.js";
import type { VendorCache } from "./VendorCache.js";

export function cachedSources(sources: Sources, cache: VendorCache): Sources {
  const { yunzhenji, shiheng, yunzhong, directory } = sources;
  const out: Sources = { ...sources };
  if (yunzhenji && cache.caches("yunzhenji")) {
    out.yunzhenji = {
      listAccountsPage: (args, call = {}) => cache.read("yunzhenji", "wechat/list", `yunzhenji:wechat/list:${stableKey(args)}`, call, (c) => yunzhenji.listAccountsPage(args, c)),
    };
  }
  if (shiheng && cache.caches("shiheng")) {
    out.shiheng = {
      listEmployeesPage: (args, call = {}) => cache.read("shiheng", "employee/list", `shiheng:employee/list:${stableKey(args)}`, call, (c) => shiheng.listEmployeesPage(args, c)),
    };
  }
  if (yunzhong && cache.caches("yunzhong")) {
    out.yunzhong = {
      listCustomersPage: (args, call = {}) => cache.read("yunzhong", "getList", `yunzhong:getList:${stableKey({ ...args, search: args.search ?? {} })}`, call, (c) => yunzhong.listCustomersPage(args, c)),
    };
  }
  if (directory && cache.caches("directory")) {
    out.directory = {
      // userids are case-insensitive (docs/vendors/directory.md, Quirks): one entry per person.
      getUser: (args, call = {}) => cache.read("directory", "getUser", `directory:getUser:${JSON.stringify([args.corpId, args.userId.toLowerCase()])}`, call, (c) => directory.getUser(args, c)),
    };
  }
  return out;
}
