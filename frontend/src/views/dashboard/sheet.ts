/**
 * Excel export of a whole filtered list: read every page of a page-numbered list, then write one sheet.
 * Used by the lists of disclosure, litigation, registers and evidence.
 */
import { saveFile } from '@/utils/download'
import { todayISO } from '@/utils/format'
import type { Cell } from '@/utils/xlsx'

export interface Page<T> {
  count?: number
  results: T[]
  next?: string | null
}

/** Every row of a page-numbered list (page by page, at most `maxRows`). */
export async function allPages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  { maxRows = 10000, pageSize = 200 }: { maxRows?: number; pageSize?: number } = {},
): Promise<{ rows: T[]; complete: boolean }> {
  const rows: T[] = []
  for (let page = 1; ; page += 1) {
    const answer = await fetchPage(page, pageSize)
    rows.push(...answer.results)
    if (!answer.next || answer.results.length === 0) return { rows, complete: true }
    if (rows.length >= maxRows) return { rows, complete: false }
  }
}

export type Column<T> = [heading: string, value: (row: T) => Cell]

/** The sheet as rows of cells under the headings. */
export function sheetRows<T>(columns: Column<T>[], rows: T[]): Cell[][] {
  return rows.map((row) => columns.map(([, value]) => value(row) ?? ''))
}

/** Write and save `<title>-<today>.xlsx` (the xlsx writer loads only when asked). */
export async function exportSheet<T>(title: string, columns: Column<T>[], rows: T[]): Promise<void> {
  const { buildXlsx, XLSX_MIME } = await import('@/utils/xlsx')
  const bytes = buildXlsx(
    columns.map(([heading]) => heading),
    sheetRows(columns, rows),
    { sheetName: title.slice(0, 31) },
  )
  saveFile(bytes, `${title}-${todayISO()}.xlsx`, XLSX_MIME)
}
