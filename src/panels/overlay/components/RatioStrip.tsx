import { css, cx } from '@emotion/css';
import { useMemo } from 'react';

import type { GrafanaTheme2, TimeRange } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, type UPlotConfigBuilder, useStyles2, useTheme2 } from '@grafana/ui';

import type { CalendarEvent } from '../../../../core/calendar/event';
import type { Point } from '../../../../core/forecast/types';
import { objectivePercent, percent } from '../labels/format';
import { axesFor } from '../plot/axisWidth';
import { EventRegionsShade } from '../plot/EventRegionsShade';
import { SloLinePlugin } from '../plot/SloLinePlugin';
import { stripPlotFrame } from '../plot/stripPlotFrame';
import { useAxisFont } from '../plot/useAxisFont';
import { useSharedCursor } from '../plot/useSharedCursor';
import { testIds } from '../testIds';

export interface StripSpec {
  title: string;
  points: Point[];
  objective: number;
  /** Login success must stay above its objective; segment errors below theirs. */
  objectiveIsFloor: boolean;
  testId: string;
}

interface Props {
  spec: StripSpec;
  events: CalendarEvent[];
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: string;
  syncKey: string;
  scale: number;
}

// Stable identity: GraphNG rebuilds the plot when the legend object changes.
const NO_LEGEND = { showLegend: false, displayMode: LegendDisplayMode.Hidden, placement: 'bottom' as const, calcs: [] };

/** The latest value and whether it is on the wrong side of the objective (the strip's own reading). */
export function stripReading(spec: Pick<StripSpec, 'points' | 'objective' | 'objectiveIsFloor'>) {
  const last = spec.points[spec.points.length - 1]?.v;
  if (last === undefined || !Number.isFinite(last)) {
    return { last: undefined, breached: false };
  }
  return { last, breached: spec.objectiveIsFloor ? last < spec.objective : last > spec.objective };
}

/** The span the axis shows at least: twice the error budget around the objective. */
function softRange(objective: number, floor: boolean) {
  return floor ? { min: Math.max(0, objective - 2 * (1 - objective)), max: 1 } : { min: 0, max: objective * 2 };
}

/**
 * A ratio under the main plot, on the same time axis and crosshair. The header prints the current value;
 * past the objective the whole strip turns red and says BREACHED (colour and word), while the SLO line keeps
 * a colour the data never takes.
 */
export function RatioStrip(props: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { spec, scale } = props;
  const reading = stripReading(spec);
  const red = theme.visualization.getColorByName('red');
  const lineColor = reading.breached ? red : theme.visualization.getColorByName('blue');
  const frame = useMemo(
    () =>
      stripPlotFrame(
        spec.title,
        spec.points,
        softRange(spec.objective, spec.objectiveIsFloor),
        lineColor,
        theme,
        props.timeZone,
        scale
      ),
    [spec.title, spec.points, spec.objective, spec.objectiveIsFloor, lineColor, theme, props.timeZone, scale]
  );
  // A new frames array makes GraphNG rebuild the whole plot; a resize must only resize it.
  const frames = useMemo(() => [frame], [frame]);
  const axes = useMemo(() => axesFor(scale), [scale]);
  const header = Math.round(theme.typography.fontSize * 1.6 * scale);
  const side = spec.objectiveIsFloor ? '≥' : '≤';
  return (
    <div
      data-testid={spec.testId}
      data-state={reading.breached ? 'breached' : 'ok'}
      className={cx(styles.strip, reading.breached && styles.breached)}
      style={{ width: props.width, height: props.height }}
    >
      <div className={styles.header} style={{ height: header }}>
        <span className={styles.title}>{spec.title}</span>
        <span
          className={cx(styles.value, reading.breached && styles.valueBreached)}
          data-testid={testIds.stripValue}
          data-value={reading.last}
        >
          {reading.last === undefined ? '–' : percent(reading.last, 2)}
        </span>
        <span className={styles.objective}>
          SLO {side} {objectivePercent(spec.objective)}
        </span>
        {reading.breached && <span className={styles.word}>BREACHED</span>}
      </div>
      <TimeSeries
        frames={frames}
        width={props.width}
        height={Math.max(20, props.height - header)}
        timeRange={props.timeRange}
        timeZone={props.timeZone}
        legend={NO_LEGEND}
        tweakAxis={axes}
      >
        {(config) => (
          <StripPlugins
            config={config}
            syncKey={props.syncKey}
            events={props.events}
            objective={spec.objective}
            sloColor={theme.colors.text.primary}
            scale={scale}
          />
        )}
      </TimeSeries>
    </div>
  );
}

function StripPlugins(props: {
  config: UPlotConfigBuilder;
  syncKey: string;
  events: CalendarEvent[];
  objective: number;
  sloColor: string;
  scale: number;
}) {
  useSharedCursor(props.config, props.syncKey);
  useAxisFont(props.config, props.scale);
  return (
    <>
      <EventRegionsShade config={props.config} events={props.events} />
      <SloLinePlugin config={props.config} objective={props.objective} color={props.sloColor} scale={props.scale} />
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  strip: css({ borderTop: `1px solid ${theme.colors.border.weak}` }),
  breached: css({
    background: theme.colors.error.transparent,
    boxShadow: `inset 4px 0 0 ${theme.colors.error.main}`,
  }),
  header: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1.5),
    paddingLeft: theme.spacing(1),
    fontSize: theme.typography.body.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  title: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  value: css({
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightBold,
    fontVariantNumeric: 'tabular-nums',
    color: theme.colors.text.primary,
  }),
  valueBreached: css({ color: theme.colors.text.primary, textDecoration: `underline ${theme.colors.error.main}` }),
  objective: css({ color: theme.colors.text.secondary }),
  word: css({
    background: theme.colors.error.main,
    color: theme.colors.error.contrastText,
    fontWeight: theme.typography.fontWeightBold,
    padding: theme.spacing(0, 1),
    borderRadius: theme.shape.radius.default,
    letterSpacing: '0.05em',
  }),
});
