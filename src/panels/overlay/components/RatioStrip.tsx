import { css } from '@emotion/css';
import { useMemo } from 'react';

import type { DataFrame, GrafanaTheme2, TimeRange } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, type UPlotConfigBuilder, useStyles2 } from '@grafana/ui';

import type { CalendarEvent } from '../../../../core/calendar/event';
import { fixedAxisWidth } from '../plot/axisWidth';
import { EventRegionsShade } from '../plot/EventRegionsShade';
import { useSharedCursor } from '../plot/useSharedCursor';

interface Props {
  frame: DataFrame;
  title: string;
  events: CalendarEvent[];
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: string;
  syncKey: string;
  testId: string;
}

const HEADER = 18;
// Stable identity: GraphNG rebuilds the plot when the legend object changes.
const NO_LEGEND = { showLegend: false, displayMode: LegendDisplayMode.Hidden, placement: 'bottom' as const, calcs: [] };

/** A ratio under the main plot, on the same time axis and crosshair, with its SLO as a threshold line. */
export function RatioStrip(props: Props) {
  const styles = useStyles2(getStyles);
  // A new frames array makes GraphNG rebuild the whole plot; a resize must only resize it.
  const frames = useMemo(() => [props.frame], [props.frame]);
  return (
    <div data-testid={props.testId} style={{ width: props.width, height: props.height }}>
      <div className={styles.header}>{props.title}</div>
      <TimeSeries
        frames={frames}
        width={props.width}
        height={props.height - HEADER}
        timeRange={props.timeRange}
        timeZone={props.timeZone}
        legend={NO_LEGEND}
        tweakAxis={fixedAxisWidth}
      >
        {(config) => <StripPlugins config={config} syncKey={props.syncKey} events={props.events} />}
      </TimeSeries>
    </div>
  );
}

function StripPlugins(props: { config: UPlotConfigBuilder; syncKey: string; events: CalendarEvent[] }) {
  useSharedCursor(props.config, props.syncKey);
  return <EventRegionsShade config={props.config} events={props.events} />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    height: HEADER,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    paddingLeft: theme.spacing(1),
  }),
});
