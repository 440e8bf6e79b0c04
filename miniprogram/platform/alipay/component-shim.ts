/** The WeChat component definition the UI writes (the parts of it this shim carries over). */
interface WxComponentDef {
  properties?: Record<string, { type?: unknown; value?: unknown } | unknown>
  data?: Record<string, unknown>
  lifetimes?: { attached?: () => void; detached?: () => void }
  attached?: () => void
  detached?: () => void
  pageLifetimes?: { show?: () => void; hide?: () => void }
  observers?: Record<string, () => void>
  methods?: Record<string, (...args: never[]) => unknown>
  options?: unknown
}

interface MyComponentThis {
  props: Record<string, unknown>
  data: Record<string, unknown>
  setData(d: Record<string, unknown>): void
}

// Alipay's own Component, saved by the build before the bundle runs (banner `var __ncNativeComponent = Component`).
declare const __ncNativeComponent: (def: Record<string, unknown>) => void

/** `history` → `onHistory`, `my-event` → `onMyEvent`: the prop an Alipay parent passes a handler in. */
export function handlerProp(event: string): string {
  return `on${event.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase())}`
}

function defaultOf(p: unknown): unknown {
  return p && typeof p === 'object' && 'value' in (p as object) ? (p as { value: unknown }).value : undefined
}

/**
 * Alipay has no `Behavior` and its Component differs from WeChat's (props, didMount / didUpdate / didUnmount,
 * events as `on…` props: opendocs.alipay.com 自定义组件). The Alipay build injects this for the global
 * `Component` in component files, so the panel's one definition runs there with the same store and view sync:
 * - `properties` → `props` with their defaults; the props are copied into `data` before `attached` (the UI
 *   reads them as `this.data.x`) and again when they change (didUpdate), running the matching `observers`;
 * - `lifetimes.attached` / `detached` → didMount / didUnmount;
 * - `triggerEvent(name, detail)` calls the parent's `on<Name>` prop with `{type, detail}`;
 * - `pageLifetimes` are not carried (the panel follows the app's background through my.onAppHide/onAppShow).
 */
export function Component(def: WxComponentDef): void {
  const names = Object.keys(def.properties ?? {})
  const props: Record<string, unknown> = {}
  for (const n of names) props[n] = defaultOf((def.properties as Record<string, unknown>)[n])
  const fromProps = (self: MyComponentThis, only?: string[]) => {
    const out: Record<string, unknown> = {}
    for (const n of only ?? names) if (self.props[n] !== undefined) out[n] = self.props[n]
    return out
  }
  const attached = def.lifetimes?.attached ?? def.attached
  const detached = def.lifetimes?.detached ?? def.detached
  const observers = def.observers ?? {}
  __ncNativeComponent({
    props,
    data: { ...(def.data ?? {}), ...props },
    didMount(this: MyComponentThis) {
      this.setData(fromProps(this))
      attached?.call(this)
      // WeChat runs an observer when the parent sets one of its properties; Alipay's first props come here.
      const given = names.filter((n) => this.props[n] !== undefined && this.props[n] !== props[n])
      for (const spec of Object.keys(observers)) {
        const watched = spec.split(',').map((s) => s.trim())
        if (watched.some((w) => given.includes(w))) observers[spec].call(this)
      }
    },
    didUpdate(this: MyComponentThis, prevProps: Record<string, unknown>) {
      const changed = names.filter((n) => prevProps[n] !== this.props[n])
      if (!changed.length) return
      this.setData(fromProps(this, changed))
      for (const spec of Object.keys(observers)) {
        const watched = spec.split(',').map((s) => s.trim())
        if (watched.some((w) => changed.includes(w))) observers[spec].call(this)
      }
    },
    didUnmount(this: MyComponentThis) {
      detached?.call(this)
    },
    methods: {
      ...(def.methods ?? {}),
      triggerEvent(this: MyComponentThis, name: string, detail: unknown) {
        const handler = this.props[handlerProp(name)]
        if (typeof handler === 'function') handler({ type: name, detail })
      },
    },
  })
}
