/**
 * The panel's properties as uni-app and Taro hand them over. A static attribute arrives as text there
 * (`canary="false"` → "false", `host-sockets="1"` → "1": uni-app sets them through its own `u-p` data path, not
 * WeChat's attribute conversion), and WeChat's own Boolean conversion would read "false" as true. So the flags
 * are untyped properties read here, and counts are read as numbers whatever their type.
 */

/** A flag given as a boolean, a number or text: "false" / "0" / "no" / "off" are false, "" (a bare attribute) is true. */
export function flag(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value !== 'string') return fallback
  const v = value.trim().toLowerCase()
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false
  if (v === 'true' || v === '1' || v === 'yes' || v === 'on' || v === '') return true
  return fallback
}

/** A number given as a number or text ("1", " 8000 "); anything else is the fallback. */
export function count(value: unknown, fallback: number): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN
  return Number.isFinite(n) ? n : fallback
}
