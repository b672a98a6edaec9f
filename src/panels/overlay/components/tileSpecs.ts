import { type DataFrame, FieldType } from '@grafana/data';

import type { HeadroomBadge } from '../data/headroomBadges';
import type { PublishedForecast } from '../data/publishedForecast';
import type { RoleQueries } from '../types';
import { groupByRole } from '../data/roles';

/** One tile: a live or next event with what the exporter published about it. */
export interface TileSpec {
  badge: HeadroomBadge;
  forecast: PublishedForecast;
  /** The event id as the exporter names it (the calendar's, without the annotation prefix). */
  eventId: string;
  viewersNow?: number;
}

/**
 * Each title's audience at the latest sample, every title (not only the top N the plot names). Reads only the
 * last finite value of each field, from the end: 50 titles x 2,880 points cost 50 reads, not 144,000 points.
 */
export function latestViewersByTitle(frames: DataFrame[] | undefined, queries: RoleQueries): Map<string, number> {
  const viewers = groupByRole(frames ?? [], queries).viewers ?? [];
  const rows: Array<{ title: string; t: number; v: number }> = [];
  let newest = -Infinity;
  for (const frame of viewers) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      for (let i = frame.length - 1; i >= 0; i--) {
        const v = Number(field.values[i]);
        const t = Number(time.values[i]);
        if (Number.isFinite(v) && Number.isFinite(t) && field.values[i] !== null) {
          const title = field.labels?.title ?? field.config.displayNameFromDS ?? field.name;
          rows.push({ title, t, v });
          newest = Math.max(newest, t);
          break;
        }
      }
    }
  }
  const latest = new Map<string, number>();
  for (const r of rows) {
    // Only series still reporting at the newest sample count as "now"; label sets of a title add up.
    if (r.t === newest) {
      latest.set(r.title, (latest.get(r.title) ?? 0) + r.v);
    }
  }
  return latest;
}

/** The title an event's viewers are counted under: the same name, or the longest title its name starts with. */
export function viewersOfEvent(eventTitle: string, byTitle: ReadonlyMap<string, number>): number | undefined {
  const exact = byTitle.get(eventTitle);
  if (exact !== undefined) {
    return exact;
  }
  let best: string | undefined;
  for (const title of byTitle.keys()) {
    if (eventTitle.startsWith(title) && (!best || title.length > best.length)) {
      best = title;
    }
  }
  return best === undefined ? undefined : byTitle.get(best);
}

/** Live events and the next ones, the biggest forecast audiences first, at most `max`. */
export function eventTiles(
  badges: HeadroomBadge[],
  forecasts: ReadonlyMap<string, PublishedForecast>,
  byTitle: ReadonlyMap<string, number>,
  max: number
): TileSpec[] {
  const tiles: TileSpec[] = [];
  for (const badge of badges) {
    const eventId = badge.event.id.replace(/^annotation-/, '');
    const forecast = forecasts.get(badge.event.id) ?? forecasts.get(eventId);
    if (forecast) {
      tiles.push({ badge, forecast, eventId, viewersNow: viewersOfEvent(badge.event.title, byTitle) });
    }
  }
  return tiles
    .sort((a, b) => b.badge.peak.p50 - a.badge.peak.p50 || a.badge.event.start - b.badge.event.start)
    .slice(0, Math.max(0, max));
}
