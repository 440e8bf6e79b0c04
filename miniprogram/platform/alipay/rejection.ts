import { quietly } from '../shared/settle'

/**
 * my.request / my.uploadFile / my.downloadFile return a Promise that is also the task (@mini-types/my 3.0.14:
 * `Promise<…> & RequestTask`; AlipayDocs/open-docs mini/api/基础API/网络/my.request 常见问题.md: "my.request 支持
 * Promise 风格调用"). It rejects when the call fails, whether or not `fail` was given: this attaches a handler,
 * so that a failure already reported through `fail` never reaches the host app as an unhandled rejection.
 */
export function handleRejection(ret: unknown): void {
  const then =
    ret && (typeof ret === 'object' || typeof ret === 'function')
      ? (ret as PromiseLike<unknown>).then
      : undefined
  if (typeof then === 'function') quietly(() => then.call(ret, undefined, () => undefined))
}
