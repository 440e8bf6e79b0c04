/**
 * Calls a platform getter; an absent or throwing one gives undefined (old clients lack some): every platform's
 * environment reader, WeChat's included, so the panel and the sentinel share one.
 */
export function attempt<T>(read: (() => T) | undefined): T | undefined {
  if (typeof read !== 'function') return undefined
  try {
    return read()
  } catch {
    return undefined
  }
}
