/**
 * The open pages of the workbench (the tab bar under the nav bar, as in RuoYi-style back offices): each page
 * visited opens a tab, a tab is closed with its ×, and the dashboard's tab stays. The tabs are kept for the
 * signed-in user in this browser tab's sessionStorage (`zhifa.tags.<username>`), so a reload keeps them and
 * another user signing in on the same machine does not see them.
 *
 * A tab is one page (its path); going back to it restores the query it was left with (a list's filters).
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { RouteLocationNormalizedLoaded } from 'vue-router'

export interface PageTag {
  /** The page (route path without query): one tab per page. */
  path: string
  /** Where the tab goes back to: the path with the query last seen there. */
  fullPath: string
  /** i18n key of the page title (translated when shown, so a language switch relabels the tabs). */
  title: string
  /** What names this page among its kind (a case's number), shown after the title. */
  label?: string
  /** The dashboard's tab cannot be closed. */
  affix?: boolean
}

export const HOME_TAG: PageTag = { path: '/dashboard', fullPath: '/dashboard', title: 'nav.dashboard', affix: true }
/** No tab for the sign-in page, the error pages and pages without a title. */
const UNTABBED = new Set(['login', 'forbidden', 'not-found'])
/** More tabs than anyone can use: the oldest closable tab goes first. */
export const MAX_TAGS = 20

export const storageKey = (username: string) => `zhifa.tags.${username}`

/** Whether a page gets a tab. */
export function tabbable(route: Pick<RouteLocationNormalizedLoaded, 'name' | 'meta'>): boolean {
  return Boolean(route.meta.title) && !route.meta.public && !UNTABBED.has(String(route.name ?? ''))
}

/** The tabs after visiting `route`: its tab added at the end, or its query updated in place. */
export function visitTag(tags: readonly PageTag[], route: Pick<RouteLocationNormalizedLoaded, 'path' | 'fullPath' | 'name' | 'meta'>): PageTag[] {
  if (!tabbable(route)) return [...tags]
  const found = tags.findIndex((t) => t.path === route.path)
  if (found >= 0) {
    const out = [...tags]
    out[found] = { ...out[found], fullPath: route.fullPath, title: route.meta.title ?? out[found].title }
    return out
  }
  const out = [...tags, { path: route.path, fullPath: route.fullPath, title: route.meta.title ?? '' }]
  while (out.length > MAX_TAGS) {
    const oldest = out.findIndex((t) => !t.affix && t.path !== route.path)
    if (oldest < 0) break
    out.splice(oldest, 1)
  }
  return out
}

/**
 * Close the tab of `path`. When it was the active one, `next` is where to go: the tab to its right, else to its
 * left (the dashboard at worst); null otherwise (or when the tab cannot be closed).
 */
export function closeTag(tags: readonly PageTag[], path: string, activePath: string): { tags: PageTag[]; next: string | null } {
  const at = tags.findIndex((t) => t.path === path)
  if (at < 0 || tags[at].affix) return { tags: [...tags], next: null }
  const out = tags.filter((_, i) => i !== at)
  if (path !== activePath) return { tags: out, next: null }
  const neighbour = out[at] ?? out[at - 1] ?? HOME_TAG
  return { tags: out, next: neighbour.fullPath }
}

/** Keep the fixed tabs and the tab of `path`. */
export function closeOtherTags(tags: readonly PageTag[], path: string): PageTag[] {
  return tags.filter((t) => t.affix || t.path === path)
}

/** Keep only the fixed tabs. */
export function closeAllTags(tags: readonly PageTag[]): PageTag[] {
  return tags.filter((t) => t.affix)
}

/** The tabs saved for a user, always starting with the dashboard; anything unreadable is dropped. */
export function readTags(storage: Storage | undefined, username: string): PageTag[] {
  let saved: unknown = null
  try {
    saved = JSON.parse(storage?.getItem(storageKey(username)) ?? 'null')
  } catch {
    saved = null
  }
  const valid = (Array.isArray(saved) ? saved : []).filter(
    (t): t is PageTag =>
      typeof t === 'object' && t !== null && typeof t.path === 'string' && t.path.startsWith('/') &&
      typeof t.fullPath === 'string' && t.fullPath.startsWith('/') && typeof t.title === 'string',
  )
  const tags = valid
    .filter((t) => t.path !== HOME_TAG.path)
    .map((t) => ({ path: t.path, fullPath: t.fullPath, title: t.title, ...(typeof t.label === 'string' && t.label ? { label: t.label } : {}) }))
  return [{ ...HOME_TAG }, ...tags].slice(0, MAX_TAGS)
}

export const useTagsStore = defineStore('tags', () => {
  const tags = ref<PageTag[]>([{ ...HOME_TAG }])
  /** Whose tabs these are ('' before sign-in: nothing is saved). */
  const owner = ref('')
  const storage = () => globalThis.sessionStorage as Storage | undefined

  /** Show the tabs of `username` (read from sessionStorage when the user changes). */
  function bind(username: string): void {
    if (username === owner.value) return
    owner.value = username
    tags.value = username ? readTags(storage(), username) : [{ ...HOME_TAG }]
  }

  function visit(route: Pick<RouteLocationNormalizedLoaded, 'path' | 'fullPath' | 'name' | 'meta'>): void {
    tags.value = visitTag(tags.value, route)
  }

  /** Name a page's tab (e.g. a case by its number); an empty label goes back to the title alone. */
  function setLabel(path: string, label: string): void {
    tags.value = tags.value.map((t) => (t.path === path ? { ...t, label: label || undefined } : t))
  }

  function close(path: string, activePath: string): string | null {
    const { tags: rest, next } = closeTag(tags.value, path, activePath)
    tags.value = rest
    return next
  }

  function closeOthers(path: string): void {
    tags.value = closeOtherTags(tags.value, path)
  }

  function closeAll(): void {
    tags.value = closeAllTags(tags.value)
  }

  watch(
    tags,
    (value) => {
      if (!owner.value) return
      try {
        storage()?.setItem(storageKey(owner.value), JSON.stringify(value))
      } catch {
        /* storage full or refused: the tabs still work for this page's life */
      }
    },
    { deep: true },
  )

  return { tags, owner, bind, visit, setLabel, close, closeOthers, closeAll }
})
