/**
 * Saved views of the case list: named filter sets (the URL query without the cursor), kept per user in
 * the browser's localStorage. A view is only a bookmark: opening it puts its filters back in the URL.
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
