import type { GrafanaTheme2 } from '@grafana/data';

/** FNV-1a over the title's UTF-16 units: the same title gets the same number on every load and machine. */
export function titleHash(title: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < title.length; i++) {
    h ^= title.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Hues kept for titles: 30°..320°, so no title is drawn in red (a breach, capacity) or its neighbours. */
const HUE_FROM = 30;
const HUE_SPAN = 290;

/**
 * The title's colour, derived from the title alone (never from load order or rank): a hue from the hash,
 * and a lightness step from other bits of it, so two titles rarely look alike. Lighter on dark themes.
 */
export function titleColor(theme: GrafanaTheme2, title: string): string {
  const h = titleHash(title);
  const hue = HUE_FROM + (h % HUE_SPAN);
  const step = (h >>> 16) % 3;
  const lightness = theme.isDark ? 58 + step * 8 : 36 + step * 7;
  return `hsl(${hue}, 75%, ${lightness}%)`;
}
