/** Change-history events turned into what the history tab lists. */
import type { HistoryEvent } from '@/api/types'

/** Bookkeeping columns that change with every save and mean nothing to a reader. */
const HIDDEN = new Set(['id', 'version', 'created_at', 'updated_at', 'agency_id', 'pgh_obj_id'])

export interface FieldChange {
  field: string
  before: unknown
  after: unknown
}

export interface HistoryEntry {
  id: string
  at: string
  kind: 'insert' | 'update' | 'delete' | 'other'
  userId: number | null
  origin: string
  changes: FieldChange[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function historyEntries(events: HistoryEvent[], fieldOrder: string[] = []): HistoryEntry[] {
  const rank = (field: string) => {
    const i = fieldOrder.indexOf(field)
    return i === -1 ? fieldOrder.length : i
  }
  return events
    .map((event) => {
      const context = isRecord(event.context) ? event.context : {}
      const label = event.label
      const kind: HistoryEntry['kind'] = label === 'insert' || label === 'update' || label === 'delete' ? label : 'other'
      const changes: FieldChange[] = []
      if (isRecord(event.diff)) {
        for (const [field, pair] of Object.entries(event.diff)) {
          if (HIDDEN.has(field) || !Array.isArray(pair)) continue
          changes.push({ field, before: pair[0], after: pair[1] })
        }
      } else if (kind === 'insert' && isRecord(event.data)) {
        for (const [field, value] of Object.entries(event.data)) {
          if (HIDDEN.has(field) || value === null || value === '') continue
          changes.push({ field, before: null, after: value })
        }
      }
      changes.sort((a, b) => rank(a.field) - rank(b.field) || a.field.localeCompare(b.field))
      return {
        id: event.id,
        at: event.at,
        kind,
        userId: typeof context.user === 'number' ? context.user : null,
        origin: typeof context.origin === 'string' ? context.origin : '',
        changes,
      }
    })
    .filter((entry) => entry.kind !== 'update' || entry.changes.length > 0)
    .reverse() // newest first
}
