/**
 * The workbench's areas. Each area keeps its routes, sidebar section and messages in src/areas/<area>/,
 * and its pages in src/views/<area>/, so an area can grow without touching the shared shell.
 */
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'
import * as cases from './cases'
import * as reviews from './reviews'
import * as evidence from './evidence'
import * as litigation from './litigation'
import * as enforcement from './enforcement'
import * as disclosure from './disclosure'
import * as registers from './registers'

const AREAS = [cases, reviews, evidence, litigation, enforcement, disclosure, registers]

export const areaRoutes: RouteRecordRaw[] = AREAS.flatMap((area) => area.routes)
export const areaMenus: MenuEntry[] = AREAS.map((area) => area.menu).filter((menu): menu is MenuEntry => menu !== null)
