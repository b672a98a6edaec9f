import { type UPlotConfigBuilder, useTheme2 } from '@grafana/ui';

import type { CalendarEvent } from '../../../../core/calendar/event';
import { drawRegions } from './drawRegions';
import { usePlotHook } from './usePlotHook';

/** The event regions without labels, for the strips under the main plot. */
export function EventRegionsShade(props: { config: UPlotConfigBuilder; events: CalendarEvent[] }) {
  const theme = useTheme2();
  usePlotHook(props.config, { events: props.events, theme }, 'drawClear', drawRegions);
  return null;
}
