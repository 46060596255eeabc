/**
 * 统一社会信用代码 (GB 32100-2015) checks, the same as the backend's (zhifa/core/validators.py), so
 * that mistakes show while typing. The server remains the authority.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
const ORG_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const TYPE_DIGIT: Record<string, string> = { '1': 'social_group', '2': 'private_non_enterprise', '3': 'foundation' }

export function creditCodeCheckChar(first17: string): string {
  let total = 0
  for (let i = 0; i < 17; i++) total += CREDIT_CODE_ALPHABET.indexOf(first17[i]) * WEIGHTS[i]
  const value = 31 - (total % 31)
  return CREDIT_CODE_ALPHABET[value === 31 ? 0 : value]
}

export function orgCodeCheckChar(body8: string): string {
  let total = 0
  for (let i = 0; i < 8; i++) total += ORG_VALUES.indexOf(body8[i]) * ORG_WEIGHTS[i]
  const value = 11 - (total % 11)
  return value === 10 ? 'X' : value === 11 ? '0' : String(value)
}

export type CreditCodeProblem =
  | { key: 'org.creditCodeShape' }
  | { key: 'org.creditCodeCheck'; expected: string; actual: string }
  | { key: 'org.creditCodePrefix' }
  | { key: 'org.creditCodeType'; digit: string; expected: string }

/** The first problem with a social organisation's code, or null. `expected` is a type code. */
export function creditCodeProblem(raw: string, type?: string): CreditCodeProblem | null {
  const code = raw.trim().toUpperCase()
  if (code.length !== 18 || [...code].some((ch) => !CREDIT_CODE_ALPHABET.includes(ch))) return { key: 'org.creditCodeShape' }
  const expected = creditCodeCheckChar(code.slice(0, 17))
  if (code[17] !== expected) return { key: 'org.creditCodeCheck', expected, actual: code[17] }
  const body = code.slice(8, 16)
  if ([...body].every((ch) => ORG_VALUES.includes(ch))) {
    const orgExpected = orgCodeCheckChar(body)
    if (code[16] !== orgExpected) return { key: 'org.creditCodeCheck', expected: orgExpected, actual: code[16] }
  }
  if (code[0] !== '5') return { key: 'org.creditCodePrefix' }
  const codeType = TYPE_DIGIT[code[1]]
  if (!codeType) return { key: 'org.creditCodePrefix' }
  if (type && codeType !== type) return { key: 'org.creditCodeType', digit: code[1], expected: codeType }
  return null
}
