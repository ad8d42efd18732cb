// A fixed number of POSTs at a fixed concurrency, each answer checked: a benchmark that counts
// failed requests as cheap ones would flatter whoever fails fastest.
import { postJson } from "./postJson.js";

/** Sends `body` to `url` `count` times, `concurrency` at a time; throws on the first bad answer. */
export async function drive(url: string, body: string, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const text = await postJson(url, body);
      if (text.includes('"errors"')) throw new Error(`${url}: answered with errors: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
