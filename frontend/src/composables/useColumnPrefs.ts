/**
 * Which columns of a list's table a user has hidden, remembered in this browser per user and per list
 * (localStorage `zhifa.columns.<username>.<list>`, a JSON array of column ids). Only what is hidden is kept, so
 * a column added to a list later shows until the user hides it.
 *
 * A column's id is its `column-key`, else its `prop`; columns with neither (the actions) are always shown, and
 * so are the ids a list names as locked (what the user must always see, such as a case's state and deadline). A
 * list that names none has its first column locked: it is the one that names the row and links to it.
 */
import { cloneVNode, computed, Fragment, isVNode, ref, toValue, watch, type MaybeRefOrGetter, type VNode } from 'vue'

export const columnsStorageKey = (username: string, list: string) => `zhifa.columns.${username}.${list}`

export interface ColumnInfo {
  id: string
  label: string
  /** The user cannot hide it. */
  locked: boolean
}

function isTableColumn(node: VNode): boolean {
  const type = node.type as { name?: string } | string | symbol
  return typeof type === 'object' && type !== null && type.name === 'ElTableColumn'
}

/** The column's id from its props (`column-key`, then `prop`), '' for none or for selection/index/expand columns. */
function columnId(node: VNode): string {
  const props = (node.props ?? {}) as Record<string, unknown>
  const kind = props.type
  if (typeof kind === 'string' && kind !== 'default' && kind !== '') return ''
  const id = props['column-key'] ?? props.columnKey ?? props.prop
  return typeof id === 'string' ? id : ''
}

/** The table columns among slot nodes, through fragments (v-for, v-if, template). */
export function flattenColumns(nodes: unknown): VNode[] {
  const out: VNode[] = []
  const walk = (items: unknown) => {
    if (!Array.isArray(items)) return
    for (const node of items) {
      if (Array.isArray(node)) walk(node)
      else if (!isVNode(node)) continue
      else if (node.type === Fragment) walk(node.children)
      else if (isTableColumn(node)) out.push(node)
    }
  }
  walk(nodes)
  return out
}

/** The locked ids: those given, or else the first column's (the row's name and link). */
function lockedIds(columns: VNode[], locked: readonly string[] | undefined): readonly string[] {
  if (locked) return locked
  const first = columns.map(columnId).find(Boolean)
  return first ? [first] : []
}

/** The columns a user may choose among: those with an id and a label, in table order. */
export function columnInfos(nodes: unknown, lockedColumns?: readonly string[]): ColumnInfo[] {
  const seen = new Set<string>()
  const out: ColumnInfo[] = []
  const columns = flattenColumns(nodes)
  const locked = lockedIds(columns, lockedColumns)
  for (const node of columns) {
    const id = columnId(node)
    const label = (node.props as Record<string, unknown> | null)?.label
    if (!id || seen.has(id) || typeof label !== 'string' || !label) continue
    seen.add(id)
    out.push({ id, label, locked: locked.includes(id) })
  }
  return out
}

/** The slot's columns without the hidden ones, each keyed by its id so that showing one again puts it back in place. */
export function visibleColumns(nodes: unknown, hidden: ReadonlySet<string>, lockedColumns?: readonly string[]): VNode[] {
  const columns = flattenColumns(nodes)
  const locked = lockedIds(columns, lockedColumns)
  return columns
    .map((node, i) => ({ node, id: columnId(node), i }))
    .filter(({ id }) => !id || locked.includes(id) || !hidden.has(id))
    .map(({ node, id, i }) => cloneVNode(node, { key: id ? `col:${id}` : `col#${i}:${String(node.key ?? '')}` }))
}

function readHidden(storage: Storage | undefined, key: string): string[] {
  if (!key) return []
  try {
    const saved: unknown = JSON.parse(storage?.getItem(key) ?? '[]')
    return Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

/**
 * The hidden columns of a list for a user. `key` is the storage key ('' when there is no user or list: then
 * nothing is remembered, but hiding still works for the page's life).
 */
export function useColumnPrefs(key: MaybeRefOrGetter<string>, storage: Storage | undefined = globalThis.localStorage) {
  const hiddenIds = ref<string[]>(readHidden(storage, toValue(key)))
  watch(
    () => toValue(key),
    (k) => (hiddenIds.value = readHidden(storage, k)),
  )
  const hidden = computed(() => new Set(hiddenIds.value))

  function save() {
    const k = toValue(key)
    if (!k) return
    try {
      if (hiddenIds.value.length) storage?.setItem(k, JSON.stringify(hiddenIds.value))
      else storage?.removeItem(k)
    } catch {
      /* storage full or refused: the choice holds for this page's life */
    }
  }

  /** Show or hide a column. */
  function setShown(id: string, shown: boolean): void {
    const rest = hiddenIds.value.filter((h) => h !== id)
    hiddenIds.value = shown ? rest : [...rest, id]
    save()
  }

  /** Show every column again. */
  function restore(): void {
    hiddenIds.value = []
    save()
  }

  return { hidden, setShown, restore }
}
