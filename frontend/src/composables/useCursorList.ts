/**
 * A list page's state: its filters live in the URL query (so a filtered list can be bookmarked, shared,
 * reloaded and reached with the back button), the rows of the current page, paging by cursor
 * (next / previous) or by page number (count), and the loading and error states.
 *
 *   const list = useCursorList({
 *     routeName: 'organisations',
 *     parse: parseOrganisationQuery,
 *     toQuery: organisationRouteQuery,
 *     fetch: (filters) => listOrganisations(organisationApiQuery(filters)),
 *     firstPage: { cursor: '' },
 *     hasFilters,
 *   })
 *
 * `draft` is what the filter form edits; `search()` puts it into the URL, which loads the list. Any change
 * of the URL query (while the route is `routeName`) loads again; a response that arrives after a newer
 * request is dropped.
 */
import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import type { LocationQuery, LocationQueryRaw, Router } from 'vue-router'
import { useRouter } from 'vue-router'
import { asApiError } from '@/api/errors'
import { i18n } from '@/locales'

export interface ListPageData<Row> {
  results: Row[]
  next?: string | null
  previous?: string | null
  count?: number
}

export interface CursorListOptions<F extends object, Row> {
  /** Load only while the current route has this name (a list page stays mounted while leaving it). */
  routeName?: string
  /** The filters in a URL query (dropping anything malformed). */
  parse: (query: LocationQuery) => F
  /** The URL query for filters (dropping empty values and defaults). */
  toQuery: (filters: Partial<F>) => LocationQueryRaw
  /** One page of rows for the filters. */
  fetch: (filters: F) => Promise<ListPageData<Row>>
  /** What goes back to the first page: `{ cursor: '' }` for cursor paging, `{ page: 1 }` for page numbers. */
  firstPage: Partial<F>
  /** Whether any filter is set (the empty state then says so). */
  hasFilters?: (filters: F) => boolean
  /** Filters kept by "reset" (e.g. the page size). */
  keepOnReset?: (filters: F) => Partial<F>
  /** Called on each change of the URL query before loading; return false to skip loading this time. */
  onQuery?: (query: LocationQuery) => boolean | void
  /** Called after each successful load. */
  onLoaded?: (rows: Row[]) => void
  /** The router (by default the app's, from the component using this). */
  router?: Router
}

export function useCursorList<F extends object, Row>(options: CursorListOptions<F, Row>) {
  const router = options.router ?? useRouter()
  const route = computed(() => router.currentRoute.value)

  const applied = computed(() => options.parse(route.value.query))
  const draft = reactive(options.parse(route.value.query)) as F
  const rows = shallowRef<Row[]>([]) as Ref<Row[]>
  const next = ref<string | null>(null)
  const previous = ref<string | null>(null)
  const count = ref(0)
  const loading = ref(false)
  const error = ref('')
  const filtered = computed(() => (options.hasFilters ? options.hasFilters(applied.value) : false))
  /** Whether this is not the first page. */
  const paged = computed(() => {
    const f = applied.value as Record<string, unknown>
    return Boolean(f.cursor) || (typeof f.page === 'number' && f.page > 1)
  })

  let generation = 0
  async function reload(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = ''
    try {
      const page = await options.fetch(applied.value)
      if (mine !== generation) return
      rows.value = page.results
      next.value = page.next ?? null
      previous.value = page.previous ?? null
      count.value = page.count ?? page.results.length
      options.onLoaded?.(page.results)
    } catch (e) {
      if (mine !== generation) return
      const err = asApiError(e)
      // A page number past the end (the list shrank): back to the first page.
      if (err.status === 404 && typeof (applied.value as Record<string, unknown>).page === 'number' && paged.value) {
        await go({})
        return
      }
      rows.value = []
      next.value = previous.value = null
      count.value = 0
      error.value = err.messageFor(i18n.global.locale.value)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Change some filters (back to the first page unless the changes say otherwise). */
  function go(changes: Partial<F>) {
    return router.push({ query: options.toQuery({ ...applied.value, ...options.firstPage, ...changes }) })
  }
  /** Apply the filter form. */
  function search() {
    return go({ ...draft, ...options.firstPage })
  }
  /** Clear the filters. */
  function reset() {
    return router.push({ query: options.toQuery(options.keepOnReset ? options.keepOnReset(applied.value) : {}) })
  }
  const to = (changes: Record<string, unknown>) => go(changes as Partial<F>)
  const pager = {
    first: () => go({}),
    previous: () => to({ cursor: previous.value ?? '' }),
    next: () => to({ cursor: next.value ?? '' }),
    page: (page: number) => to({ page }),
    pageSize: (page_size: number) => to({ page_size }),
  }

  watch(
    () => route.value.query,
    (query) => {
      if (options.routeName && route.value.name !== options.routeName) return
      Object.assign(draft, options.parse(query))
      if (options.onQuery?.(query) === false) return
      void reload()
    },
    { immediate: true },
  )

  return { applied, draft, rows, next, previous, count, loading, error, filtered, paged, reload, go, search, reset, pager }
}

/** What ListPage reads of a list: `reactive(useCursorList(...))`. */
export interface ListState {
  rows: unknown[]
  loading: boolean
  error: string
  filtered: boolean
  paged: boolean
  next: string | null
  previous: string | null
  count: number
  applied: { page_size?: number; page?: number }
  reload: () => unknown
  search: () => unknown
  reset: () => unknown
  pager: {
    first: () => unknown
    previous: () => unknown
    next: () => unknown
    page: (page: number) => unknown
    pageSize: (size: number) => unknown
  }
}

export type CursorList<F extends object = Record<string, unknown>, Row = unknown> = ReturnType<typeof useCursorList<F, Row>>
