/** Import results as table rows: one per spreadsheet row and field, errors and warnings alike. */
import type { ApiError } from '@/api/errors'
import type { ImportReport } from '@/api/types'

export interface ImportIssue {
  row: number
  field: string
  message: string
  level: 'error' | 'warning'
}

export function issuesFromError(error: ApiError): ImportIssue[] {
  return error.rowErrors().map(({ row, field, messages }) => ({ row, field, message: messages.join('；'), level: 'error' }))
}

export function issuesFromReport(report: Pick<ImportReport, 'warnings'>): ImportIssue[] {
  const out: ImportIssue[] = []
  for (const [row, fields] of Object.entries(report.warnings ?? {})) {
    for (const [field, message] of Object.entries(fields)) {
      out.push({ row: Number(row), field, message, level: 'warning' })
    }
  }
  return out.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field))
}

/** How many distinct spreadsheet rows the issues touch. */
export function rowsAffected(issues: ImportIssue[]): number {
  return new Set(issues.map((i) => i.row)).size
}
