import { describe, expect, it } from 'vitest'
import { ApiError, asApiError, importRowErrors, leafMessages, toApiError } from '@/api/errors'
import { issuesFromError, issuesFromReport, rowsAffected } from '@/views/registry/importIssues'

describe('toApiError', () => {
  it('keeps the server shape', () => {
    const error = toApiError(409, {
      status: 409,
      code: 'version_conflict',
      detail: '该记录已被他人修改（当前版本 2，您提交的版本 1），请刷新后重试。',
      detail_en: 'The record was changed by someone else',
      fields: {},
    })
    expect(error.isConflict).toBe(true)
    expect(error.code).toBe('version_conflict')
    expect(error.messageFor('zh-CN')).toContain('已被他人修改')
    expect(error.messageFor('en')).toBe('The record was changed by someone else')
  })

  it('falls back to Chinese when there is no English text', () => {
    const error = toApiError(400, { detail: '文件为空。', fields: { file: ['文件为空'] } })
    expect(error.messageFor('en')).toBe('文件为空。')
    expect(error.fieldErrors()).toEqual({ file: '文件为空' })
  })

  it('gives readable messages for bodies that are not the error shape', () => {
    expect(toApiError(404, 'Not Found').detail).toBe('对象不存在或无权查看。')
    expect(toApiError(500, null).detail).toContain('HTTP 500')
    expect(toApiError(418, null).detail).toBe('请求失败（HTTP 418）。')
    expect(toApiError(401, undefined).isUnauthenticated).toBe(true)
  })

  it('asApiError wraps anything thrown', () => {
    const original = toApiError(400, { detail: 'x' })
    expect(asApiError(original)).toBe(original)
    expect(asApiError(new Error('boom'))).toBeInstanceOf(ApiError)
    expect(asApiError(new Error('boom')).status).toBe(0)
  })
})

describe('import row errors', () => {
  const rejected = toApiError(400, {
    status: 400,
    code: 'import_rejected',
    detail: '导入文件有 2 行错误，未导入任何记录。',
    detail_en: '2 rows have errors; nothing was imported.',
    fields: {
      rows: {
        '10': { credit_code: ['该统一社会信用代码已登记'] },
        '3': { name: ['名称不能为空'], credit_code: ['统一社会信用代码应为18位，实际为16位', '与第 2 行的代码重复'] },
      },
    },
  })

  it('lists rows in spreadsheet order, numerically', () => {
    expect(rejected.rowErrors()).toEqual([
      { row: 3, field: 'credit_code', messages: ['统一社会信用代码应为18位，实际为16位', '与第 2 行的代码重复'] },
      { row: 3, field: 'name', messages: ['名称不能为空'] },
      { row: 10, field: 'credit_code', messages: ['该统一社会信用代码已登记'] },
    ])
  })

  it('keeps row errors out of the form field errors', () => {
    expect(rejected.fieldErrors()).toEqual({})
  })

  it('turns errors and warnings into table rows', () => {
    const errors = issuesFromError(rejected)
    expect(errors).toHaveLength(3)
    expect(errors[0]).toEqual({
      row: 3,
      field: 'credit_code',
      message: '统一社会信用代码应为18位，实际为16位；与第 2 行的代码重复',
      level: 'error',
    })
    expect(rowsAffected(errors)).toBe(2)
    const warnings = issuesFromReport({ warnings: { '7': { credit_code: '校验位错误' }, '2': { credit_code: '校验位错误' } } })
    expect(warnings.map((w) => [w.row, w.level])).toEqual([
      [2, 'warning'],
      [7, 'warning'],
    ])
  })

  it('tolerates odd shapes', () => {
    expect(importRowErrors(undefined)).toEqual([])
    expect(importRowErrors({ '4': '整行无效' })).toEqual([{ row: 4, field: '', messages: ['整行无效'] }])
    expect(leafMessages({ a: ['x', { b: 'y' }], c: null })).toEqual(['x', 'y'])
  })
})
