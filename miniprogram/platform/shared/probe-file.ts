/**
 * The upload probe's one file, shared by the uploads in flight: written on the first acquire, removed when the
 * last upload using it releases it. `write` returns the path it wrote; `remove` must not throw.
 */
export function probeFileLease(write: () => string, remove: (path: string) => void) {
  let path: string | undefined
  let users = 0
  return {
    /** The file's path, written if none exists; call release() when the upload is done. */
    acquire(): string {
      if (path === undefined) path = write()
      users++
      return path
    },
    release(): void {
      users = Math.max(0, users - 1)
      if (users > 0 || path === undefined) return
      const p = path
      path = undefined
      remove(p)
    },
    /** The file's path while one exists. */
    get path(): string | undefined {
      return path
    },
  }
}
