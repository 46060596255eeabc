import { describe, expect, it } from 'vitest'
import { buildXlsx, columnName, crc32, escapeXml, safeSheetName, zipStored } from '@/utils/xlsx'
import { EXPORT_HEADER, IMPORT_TEMPLATE_HEADER, organisationRows } from '@/views/registry/organisationExport'
import type { Organisation } from '@/api/types'

/** Read the entries of a zip written with stored (uncompressed) entries. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = bytes.length - 22
  expect(view.getUint32(end, true)).toBe(0x06054b50)
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const out = new Map<string, string>()
  const decoder = new TextDecoder()
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50)
    const crc = view.getUint32(at + 16, true)
    const size = view.getUint32(at + 20, true)
    const nameLength = view.getUint16(at + 28, true)
    const offset = view.getUint32(at + 42, true)
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    expect(view.getUint32(offset, true)).toBe(0x04034b50)
    const localName = view.getUint16(offset + 26, true)
    const data = bytes.subarray(offset + 30 + localName, offset + 30 + localName + size)
    expect(crc32(data)).toBe(crc)
    out.set(name, decoder.decode(data))
    at += 46 + nameLength
  }
  return out
}

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array())).toBe(0)
  })

  it('writes entries that read back', () => {
    const files = unzip(zipStored([{ name: '中文/名称.txt', data: new TextEncoder().encode('内容') }]))
    expect(files.get('中文/名称.txt')).toBe('内容')
  })
})

describe('xlsx', () => {
  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA'])
  })

  it('escapes XML and drops characters XML cannot hold', () => {
    expect(escapeXml('a<b>&"c"\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;')
  })

  it('cleans sheet names', () => {
    expect(safeSheetName('a/b:c*d?[e]')).toBe('a b c d  e')
    expect(safeSheetName('')).toBe('Sheet1')
    expect(safeSheetName('x'.repeat(40))).toHaveLength(31)
  })

  it('builds a workbook with a header row, strings and numbers', () => {
    const files = unzip(buildXlsx(['名称', '数量'], [['潜江市<协会>', 3], [' 前后空格 ', null]], { sheetName: '名录' }))
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ])
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="名录"')
    const sheet = files.get('xl/worksheets/sheet1.xml')!
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t>名称</t></is></c>')
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t>潜江市&lt;协会&gt;</t></is></c>')
    expect(sheet).toContain('<c r="B2"><v>3</v></c>')
    expect(sheet).toContain('<t xml:space="preserve"> 前后空格 </t>')
    expect(sheet).not.toContain('r="B3"') // empty cells are left out
    expect(sheet).toContain('<dimension ref="A1:B3"/>')
  })
})

describe('organisation export', () => {
  const org = {
    id: 1,
    name: '潜江市龙虾产业协会',
    type: 'private_non_enterprise',
    type_display: '',
    credit_code: '52429005MJ0000190X',
    credit_code_warning: '',
    certificate_number: '潜社证字第0001号',
    legal_representative: '吴秀英',
    address: '潜江市泽口街道东方路221号',
    registration_date: '2015-03-07',
    registration_authority: '潜江市民政局',
    business_supervisor: '潜江市体育局',
    status: 'deregistered',
    status_display: '',
    status_changed_on: null,
    version: 1,
    created_at: '',
    updated_at: '',
  } as Organisation

  it('uses the headings and labels the bulk import reads', () => {
    expect(IMPORT_TEMPLATE_HEADER).toEqual([
      '名称',
      '类型',
      '统一社会信用代码',
      '登记证号',
      '法定代表人',
      '住所',
      '成立登记日期',
      '业务主管单位',
      '登记状态',
    ])
    const [row] = organisationRows([org])
    expect(row).toHaveLength(EXPORT_HEADER.length)
    expect(row[1]).toBe('民办非企业单位（社会服务机构）')
    expect(row[8]).toBe('撤销登记')
    expect(row[9]).toBe('')
  })
})
