/** Polls `condition` every 20 ms until it holds; rejects naming `what` after `timeoutMs` (generous: CI machines are shared). */
export async function pollUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
