// Waiting in tests for something that happens asynchronously (a stream goes live, a segment is
// indexed): poll until a condition holds, failing with the last value seen.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function until<T>(
  read: () => T | Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    }
    await sleep(100);
  }
}
