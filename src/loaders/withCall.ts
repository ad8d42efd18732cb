// The request's call options (deadline, cancellation, call budget) ride on every vendor call the
// request's loaders make, without any loader having to pass them along itself.
import type { CallOptions } from "../core/CallOptions.js";
import type { Sources } from "../vendors/Sources.js";

export function withCall(sources: Sources, call: CallOptions): Sources {
  const { yunzhenji, shiheng, yunzhong, directory } = sources;
  const bound: Sources = {};
  if (yunzhenji) bound.yunzhenji = { listAccountsPage: (args) => yunzhenji.listAccountsPage(args, call) };
  if (shiheng) bound.shiheng = { listEmployeesPage: (args) => shiheng.listEmployeesPage(args, call) };
  if (yunzhong) bound.yunzhong = { listCustomersPage: (args) => yunzhong.listCustomersPage(args, call) };
  if (directory) bound.directory = { getUser: (args) => directory.getUser(args, call) };
  return bound;
}
