import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import { moveLocalViews, storageKey, type SavedView } from '@/views/cases/savedViews'

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  }
}

const LOCAL: SavedView[] = [
  { name: '最新', query: { q: 'x' } },
  { name: '较早', query: { overdue: 'true' } },
]

describe('moving the case list views kept in the browser to the server', () => {
  it('saves them oldest first, then forgets them', async () => {
    const storage = memoryStorage({ [storageKey(7)]: JSON.stringify(LOCAL) })
    const save = vi.fn(async (_view: SavedView) => undefined)
    expect(await moveLocalViews(storage, 7, save)).toBe(2)
    expect(save.mock.calls.map(([v]) => v.name)).toEqual(['较早', '最新'])
    expect(storage.data.has(storageKey(7))).toBe(false)
    // Once only.
    expect(await moveLocalViews(storage, 7, save)).toBe(0)
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('drops a view the server refuses, and keeps them all when the server cannot be reached', async () => {
    const storage = memoryStorage({ [storageKey(7)]: JSON.stringify(LOCAL) })
    const refused = new ApiError({ status: 400, code: 'too_many_saved_views', detail: '最多20个', detail_en: 'At most 20', fields: {} })
    const offline = new ApiError({ status: 0, code: 'network', detail: '网络错误', detail_en: 'Network error', fields: {} })
    const failing = vi.fn<(v: SavedView) => Promise<unknown>>().mockRejectedValue(offline)
    expect(await moveLocalViews(storage, 7, failing)).toBe(0)
    expect(storage.data.has(storageKey(7))).toBe(true)
    const partly = vi.fn<(v: SavedView) => Promise<unknown>>().mockRejectedValueOnce(refused).mockResolvedValue(undefined)
    expect(await moveLocalViews(storage, 7, partly)).toBe(1)
    expect(storage.data.has(storageKey(7))).toBe(false)
  })

  it('does nothing without views or storage', async () => {
    const save = vi.fn(async () => undefined)
    expect(await moveLocalViews(memoryStorage(), 7, save)).toBe(0)
    expect(await moveLocalViews(undefined, 7, save)).toBe(0)
    expect(save).not.toHaveBeenCalled()
  })
})
