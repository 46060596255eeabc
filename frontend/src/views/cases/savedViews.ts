/**
 * Saved views of the case list: named filter sets (the URL query without the cursor). They are kept on
 * the server (/api/saved-views/, list "cases"), so they follow the user from browser to browser; views
 * an earlier version kept in this browser's localStorage are moved there once. A view is only a
 * bookmark: opening it puts its filters back in the URL.
 */
import type { LocationQueryRaw } from 'vue-router'

export interface SavedView {
  name: string
  query: LocationQueryRaw
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>

const MAX_VIEWS = 20

export function storageKey(userId: number | null | undefined): string {
  return `zhifa.cases.views.${userId ?? 'anonymous'}`
}

export function loadViews(storage: StorageLike | undefined, userId: number | null | undefined): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(storageKey(userId)) ?? '[]')
    if (!Array.isArray(parsed)) return []
    return parsed.filter(
      (v): v is SavedView => typeof v?.name === 'string' && v.name.trim() !== '' && typeof v.query === 'object' && v.query !== null,
    )
  } catch {
    return []
  }
}

/** Save (or replace, by name) a view; the newest first, at most MAX_VIEWS. */
export function saveView(views: SavedView[], name: string, query: LocationQueryRaw): SavedView[] {
  const { cursor: _page, ...filters } = query
  const trimmed = name.trim().slice(0, 40)
  return [{ name: trimmed, query: filters }, ...views.filter((v) => v.name !== trimmed)].slice(0, MAX_VIEWS)
}

export function removeView(views: SavedView[], name: string): SavedView[] {
  return views.filter((v) => v.name !== name)
}

export function storeViews(storage: StorageLike | undefined, userId: number | null | undefined, views: SavedView[]): void {
  try {
    storage?.setItem(storageKey(userId), JSON.stringify(views))
  } catch {
    // storage full or disabled: the views last for this page only
  }
}

/** The list name of the case list's views on the server. */
export const CASES_LIST = 'cases'

/**
 * Move the views kept in this browser (by an earlier version) to the server, once: oldest first, so the
 * newest stays first. A view the server refuses (a bad name, too many views) is dropped; on any other
 * failure (offline, server error) the views stay in the browser for the next time.
 */
export async function moveLocalViews(
  storage: (StorageLike & Pick<Storage, 'removeItem'>) | undefined,
  userId: number | null | undefined,
  save: (view: SavedView) => Promise<unknown>,
): Promise<number> {
  const local = loadViews(storage, userId)
  if (!storage || storage.getItem(storageKey(userId)) === null) return 0
  let moved = 0
  for (const view of [...local].reverse()) {
    try {
      await save(view)
      moved += 1
    } catch (e) {
      const status = (e as { status?: number }).status ?? 0
      if (status < 400 || status >= 500) return moved
    }
  }
  try {
    storage.removeItem(storageKey(userId))
  } catch {
    // storage disabled: nothing to clean up
  }
  return moved
}
