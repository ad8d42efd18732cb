// Upstream requests the simulators have counted so far, every vendor and endpoint together.
export async function vendorCalls(simUrl: string): Promise<number> {
  const stats = (await (await fetch(`${simUrl}/__stats`)).json()) as Record<string, Record<string, number>>;
  let total = 0;
  for (const endpoints of Object.values(stats)) for (const n of Object.values(endpoints)) total += n;
  return total;
}
