import type { GrafanaTheme2 } from '@grafana/data';

import type { EventKind } from '../../../../core/calendar/event';

const KIND_COLOR: Record<EventKind, string> = {
  premiere: 'purple',
  episode: 'blue',
  live: 'orange',
  rebroadcast: 'green',
};

/** One hue per event kind, resolved in the theme so dark and light both read. */
export function kindColor(theme: GrafanaTheme2, kind: EventKind): string {
  return theme.visualization.getColorByName(KIND_COLOR[kind]);
}
