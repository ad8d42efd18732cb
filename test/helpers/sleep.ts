// Real time, for tests that wait on real servers and timers (virtual time is in virtualClock.ts).
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
