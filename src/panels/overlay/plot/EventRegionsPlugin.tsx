import { css } from '@emotion/css';
import { createPortal } from 'react-dom';

import type { GrafanaTheme2 } from '@grafana/data';
import { type UPlotConfigBuilder, useStyles2, useTheme2 } from '@grafana/ui';

import type { CalendarEvent } from '../../../../core/calendar/event';
import { tMinusLabel } from '../labels/tMinus';
import { testIds } from '../testIds';
import { drawRegions } from './drawRegions';
import { kindColor } from './kindColors';
import { usePlotHook } from './usePlotHook';
import { useRedrawTick } from './useRedrawTick';

interface Props {
  config: UPlotConfigBuilder;
  events: CalendarEvent[];
  now: number;
  scale: number;
}

/** Each calendar event as a shaded region, labelled with its title, kind and T-minus. */
export function EventRegionsPlugin(props: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  usePlotHook(props.config, { ...props, theme }, 'drawClear', drawRegions);
  const plot = useRedrawTick(props.config);
  if (!plot) {
    return null;
  }
  const min = plot.scales.x?.min ?? -Infinity;
  const max = plot.scales.x?.max ?? Infinity;
  const visible = props.events.filter((e) => e.end >= min && e.start <= max);
  return createPortal(
    <>
      {visible.map((e, i) => (
        <div
          key={e.id}
          className={styles.label}
          data-testid={testIds.eventLabel}
          data-event-id={e.id}
          style={{
            left: Math.max(0, plot.valToPos(e.start, 'x')),
            top: 2 + (i % 3) * 34 * props.scale,
            borderLeftColor: kindColor(theme, e.kind),
          }}
        >
          <div className={styles.title}>{e.title}</div>
          <div className={styles.meta}>
            {e.kind} · {tMinusLabel(props.now, e.start)}
          </div>
        </div>
      ))}
    </>,
    plot.over
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  label: css({
    position: 'absolute',
    pointerEvents: 'none',
    padding: theme.spacing(0.25, 0.5),
    borderLeft: '3px solid',
    background: theme.colors.background.primary,
    opacity: 0.9,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.2,
    whiteSpace: 'nowrap',
    maxWidth: theme.spacing(28),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.primary }),
  meta: css({ color: theme.colors.text.secondary }),
});
