/**
 * List filters live in the URL query, so a filtered list can be bookmarked, shared, reloaded and
 * reached again with the back button. A spec names each parameter's kind; parsing drops anything
 * malformed, serialising drops empty values and defaults (short, stable URLs).
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

export type ParamSpec =
  | { kind: 'string'; allowed?: readonly string[]; pattern?: RegExp }
  | { kind: 'strings'; allowed: readonly string[] }
  | { kind: 'number'; default: number; allowed?: readonly number[] }

export type QuerySpec = Record<string, ParamSpec>

export type QueryValues<S extends QuerySpec> = {
  -readonly [K in keyof S]: S[K] extends { kind: 'strings' } ? string[] : S[K] extends { kind: 'number' } ? number : string
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/

function all(value: LocationQuery[string] | undefined): string[] {
  if (value === undefined || value === null) return []
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
}

export function parseQuery<S extends QuerySpec>(spec: S, query: LocationQuery): QueryValues<S> {
  const out: Record<string, unknown> = {}
  for (const [key, param] of Object.entries(spec)) {
    const values = all(query[key])
    if (param.kind === 'strings') {
      const chosen = values.flatMap((v) => v.split(',')).filter((v) => param.allowed.includes(v))
      out[key] = [...new Set(chosen)]
    } else if (param.kind === 'number') {
      const n = Number(values[0])
      const ok = Number.isInteger(n) && n > 0 && (!param.allowed || param.allowed.includes(n))
      out[key] = ok ? n : param.default
    } else {
      const v = (values[0] ?? '').trim()
      const ok = (!param.allowed || param.allowed.includes(v)) && (!param.pattern || v === '' || param.pattern.test(v))
      out[key] = ok ? v : ''
    }
  }
  return out as QueryValues<S>
}

export function toRouteQuery<S extends QuerySpec>(spec: S, values: Partial<QueryValues<S>>): LocationQueryRaw {
  const out: LocationQueryRaw = {}
  for (const [key, param] of Object.entries(spec)) {
    const value = (values as Record<string, unknown>)[key]
    if (param.kind === 'strings') {
      const list = (value as string[] | undefined) ?? []
      if (list.length) out[key] = [...list]
    } else if (param.kind === 'number') {
      if (typeof value === 'number' && value !== param.default) out[key] = String(value)
    } else if (typeof value === 'string' && value.trim() !== '') {
      out[key] = value.trim()
    }
  }
  return out
}

/** True when two route queries hold the same parameters (order of keys ignored). */
export function sameQuery(a: LocationQueryRaw, b: LocationQueryRaw): boolean {
  const norm = (q: LocationQueryRaw) =>
    JSON.stringify(
      Object.keys(q)
        .sort()
        .map((k) => [k, q[k]]),
    )
  return norm(a) === norm(b)
}
