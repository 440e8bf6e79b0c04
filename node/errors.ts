/** An error's message; errors from Node's core may come from another realm (jest), so no `instanceof`. */
export function messageOf(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message
  return typeof m === 'string' ? m : String(e)
}
