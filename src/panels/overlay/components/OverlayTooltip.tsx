import { css } from '@emotion/css';
import type uPlot from 'uplot';

import { dateTimeFormat, type DataFrame, formattedValueToString, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { CalendarEvent } from '../../../../core/calendar/event';
import type { BandPoint, Point } from '../../../../core/forecast/types';
import { capacityAt } from '../data/capacity';
import { count, percent } from '../labels/format';
import { tMinusLabel } from '../labels/tMinus';
import { testIds } from '../testIds';

interface Props {
  u: uPlot;
  dataIdx: number | null;
  frame: DataFrame;
  events: CalendarEvent[];
  band: BandPoint[];
  capacity: Point[];
  loginSuccess: Point[];
  segmentErrors: Point[];
  timeZone: string;
  /** Values are shares of capacity (the band too). */
  share?: boolean;
}

/** The sample of a series nearest to t, if one lies within five minutes of it. */
function valueNear(points: Point[], t: number): number | undefined {
  let best: Point | undefined;
  for (const p of points) {
    if (!best || Math.abs(p.t - t) < Math.abs(best.t - t)) {
      best = p;
    }
  }
  return best && Math.abs(best.t - t) <= 5 * 60_000 ? best.v : undefined;
}

/** The band's step nearest to t, if t is inside the band. */
function bandNear(band: BandPoint[], t: number): BandPoint | undefined {
  const first = band[0];
  const last = band[band.length - 1];
  if (!first || !last || t < first.t || t > last.t) {
    return undefined;
  }
  return band.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));
}

const pct = (v: number) => percent(v, 2);

/** Every value at the hovered time, the forecast there, and the event under the cursor. */
export function OverlayTooltip(props: Props) {
  const styles = useStyles2(getStyles);
  // The cursor's own instant: in the future there are no samples, only the forecast and the calendar.
  const t = props.u.posToVal(props.u.cursor.left ?? -1, 'x');
  const sampleTime = props.dataIdx === null ? undefined : props.frame.fields[0]?.values[props.dataIdx];
  const nearSample = typeof sampleTime === 'number' && Math.abs(sampleTime - t) <= 5 * 60_000;
  const rows: Array<{ label: string; value: string; color?: string }> = [];
  for (const field of props.frame.fields.slice(1)) {
    const v = nearSample && props.dataIdx !== null ? field.values[props.dataIdx] : null;
    if (typeof v === 'number') {
      const shown = field.display ? formattedValueToString(field.display(v)) : count(v);
      rows.push({ label: field.config.displayName ?? field.name, value: shown, color: field.display?.(v).color });
    }
  }
  const value = props.share ? (v: number) => percent(v, 1) : count;
  const bandPoint = bandNear(props.band, t);
  if (bandPoint) {
    rows.push({
      label: 'Forecast P50 (P10–P90)',
      value: `${value(bandPoint.p50)} (${value(bandPoint.p10)}–${value(bandPoint.p90)})`,
    });
  }
  const capacity = capacityAt(props.capacity, t);
  if (capacity !== undefined) {
    rows.push({ label: 'Capacity', value: value(capacity) });
  }
  const login = valueNear(props.loginSuccess, t);
  if (login !== undefined) {
    rows.push({ label: 'Login success', value: pct(login) });
  }
  const segments = valueNear(props.segmentErrors, t);
  if (segments !== undefined) {
    rows.push({ label: 'Segment errors', value: pct(segments) });
  }
  const under = props.events.filter((e) => e.start <= t && t <= Math.max(e.end, e.start + 60_000));
  return (
    <div className={styles.box} data-testid={testIds.tooltip}>
      <div className={styles.time}>{dateTimeFormat(t, { format: 'YYYY-MM-DD HH:mm', timeZone: props.timeZone })}</div>
      {under.map((e) => (
        <div key={e.id} className={styles.event}>
          {e.title} · {e.kind} · {tMinusLabel(t, e.start)}
        </div>
      ))}
      <table className={styles.table}>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td>
                {r.color && <span className={styles.swatch} style={{ background: r.color }} />}
                {r.label}
              </td>
              <td className={styles.value}>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({ padding: theme.spacing(1), fontSize: theme.typography.bodySmall.fontSize, minWidth: 220 }),
  time: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5) }),
  event: css({ color: theme.colors.warning.text, marginBottom: theme.spacing(0.5) }),
  table: css({ width: '100%', 'td + td': { textAlign: 'right', paddingLeft: theme.spacing(2) } }),
  value: css({ fontVariantNumeric: 'tabular-nums' }),
  swatch: css({ display: 'inline-block', width: 10, height: 3, marginRight: 6, verticalAlign: 'middle' }),
});
