// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Waiting for a state, never for a time: the condition decides, the limit only ends a test that
// would otherwise hang (and says what it was waiting for).

/** Resolves with the first truthy value of `check()` (which may be async), polled every pollMs. */
export async function waitFor(check, { timeoutMs = 30000, pollMs = 25, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Resolves with the arguments of the next `event` an EventEmitter emits that passes `filter`. */
export function nextEvent(emitter, event, filter = () => true, { timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for the event "${event}"`));
    }, timeoutMs);
    function listener(...args) {
      if (!filter(...args)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args.length > 1 ? args : args[0]);
    }
    emitter.on(event, listener);
  });
}
