/** 提醒 (notifications): the signed-in user's reminders, with their due dates and a link to the object. */
import { api, unwrap } from './client'
import type { components } from './schema'

export type Notification = components['schemas']['Notification']

export function listNotifications(query: { unread?: boolean; page?: number; page_size?: number } = {}) {
  const { unread, ...rest } = query
  return unwrap(
    api.GET('/api/notifications/', {
      params: { query: { ...rest, ...(unread === undefined ? {} : { read_at__isnull: unread }) } },
    }),
  )
}

export function markNotificationRead(id: number): Promise<Notification> {
  return unwrap(api.POST('/api/notifications/{id}/read/', { params: { path: { id } } }))
}
