import { Component as pageFromComponent } from '../shared/page-shim'

/** An Alipay page instance, as far as the shim needs it. */
interface AlipayPage {
  $selectComponent?: (selector: string) => unknown
}

type PageDef = Parameters<typeof pageFromComponent>[0]

/**
 * The Alipay build's page shim (tools/build-platform.js injects it for `Component` in page files): the shared
 * one (Component({data, methods}) → Page({...})), plus `selectComponent`, which Alipay pages do not have. Alipay
 * names it `this.$selectComponent(selector)`, base library 2.8.0+ ("在页面或父组件中，可调用
 * this.$selectComponent …"; AlipayDocs/open-docs mini/framework/自定义组件/组件对象.md, `my.canIUse(
 * 'component.$selectComponent')`). Where it is missing the shim answers null, as WeChat does when nothing
 * matches, and the page falls back to the platform's default share card.
 */
export function Component(def: PageDef): void {
  const methods = {
    selectComponent(this: AlipayPage, selector: string): unknown {
      return typeof this.$selectComponent === 'function' ? this.$selectComponent(selector) : null
    },
    ...(def.methods ?? {}),
  }
  pageFromComponent({ ...def, methods } as PageDef)
}
