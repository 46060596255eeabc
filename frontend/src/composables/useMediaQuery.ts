import { onBeforeUnmount, ref, type Ref } from 'vue'

/** A reactive `window.matchMedia(query).matches`. */
export function useMediaQuery(query: string): Ref<boolean> {
  const media = globalThis.matchMedia?.(query)
  const matches = ref(media?.matches ?? false)
  const update = (event: MediaQueryListEvent) => (matches.value = event.matches)
  media?.addEventListener?.('change', update)
  onBeforeUnmount(() => media?.removeEventListener?.('change', update))
  return matches
}
