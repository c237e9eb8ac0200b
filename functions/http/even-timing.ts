/**
 * Answers no sooner than `floorMs` after the start, whether `answer` resolves or throws: a route whose work
 * differs by a secret (does this address have an account?) then takes the same time for every caller, within
 * the noise, as long as the work stays under the floor.
 */
export async function answerNoSoonerThan<T>(floorMs: number, answer: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await answer();
  } finally {
    const left = floorMs - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
