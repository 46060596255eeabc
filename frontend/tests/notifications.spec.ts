import { describe, expect, it } from 'vitest'
import { badgeText, dueState, notificationRoute } from '@/layout/notifications'

describe('notificationRoute', () => {
  it('strips the app base and keeps the query', () => {
    expect(notificationRoute('/app/cases/12')).toBe('/cases/12')
    expect(notificationRoute('/app/reviews/3')).toBe('/reviews/3')
    expect(notificationRoute('/app/evidence?retention=due')).toBe('/evidence?retention=due')
    expect(notificationRoute('/app/litigation/4')).toBe('/litigation/4')
  })
  it('leads objects shown on another page to that page', () => {
    expect(notificationRoute('/app/evidence/31')).toBe('/evidence/31/custody')
    expect(notificationRoute('/app/evidence/alarms/2')).toBe('/evidence/fixity')
    expect(notificationRoute('/app/disclosure/9')).toBe('/disclosure/notices/9')
    expect(notificationRoute('/app/registers/annual-reports/5')).toBe('/registers/annual-reports')
  })
  it('accepts absolute links and refuses what is not a path', () => {
    expect(notificationRoute('https://zhifa.example.cn/app/cases/7')).toBe('/cases/7')
    expect(notificationRoute('')).toBeNull()
    expect(notificationRoute(null)).toBeNull()
    expect(notificationRoute('cases/7')).toBeNull()
  })
})

describe('dueState', () => {
  const today = '2026-03-10'
  it('counts whole days', () => {
    expect(dueState('2026-03-08', today)).toEqual({ key: 'overdue', n: 2, type: 'danger' })
    expect(dueState(today, today)).toEqual({ key: 'dueToday', n: 0, type: 'danger' })
    expect(dueState('2026-03-12', today)).toEqual({ key: 'daysLeft', n: 2, type: 'warning' })
    expect(dueState('2026-03-30', today)).toEqual({ key: 'daysLeft', n: 20, type: 'info' })
    expect(dueState(null, today)).toBeNull()
  })
})

describe('badgeText', () => {
  it('caps at 99+', () => {
    expect(badgeText(0)).toBe('')
    expect(badgeText(7)).toBe('7')
    expect(badgeText(120)).toBe('99+')
  })
})
