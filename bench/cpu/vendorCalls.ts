// Upstream requests the simulators have counted so far, every vendor and endpoint together.
export async function vendorCalls(simUrl: string, attempts = 2): Promise<number> {
  let stats: Record<string, Record<string, number>>;
  try {
    stats = (await (await fetch(`${simUrl}/__stats`)).json()) as Record<string, Record<string, number>>;
  } catch (error) {
    // A kept-alive connection the simulators closed just as it was reused; reading is harmless to repeat.
    if (attempts <= 1) throw error;
    return vendorCalls(simUrl, attempts - 1);
  }
  let total = 0;
  for (const endpoints of Object.values(stats)) for (const n of Object.values(endpoints)) total += n;
  return total;
}
