/**
 * What `fn()` answers, as a promise, the way an async function would hand it back: a throw
 * becomes a rejection and a value that is no promise is wrapped. Unlike an async wrapper, a
 * promise `fn` returns is handed on as it is, without the extra microtask turns of resolving
 * one promise with another (this runs on every store call and every issued token).
 */
export function promiseFrom<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
