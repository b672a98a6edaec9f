import { css, cx } from '@emotion/css';

import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { EventStatus } from '../../../../core/status/statusRule';
import { compactCount, count, percent } from '../labels/format';
import { type LiveReadings, resourceName, statusReason } from '../labels/statusReason';
import { tMinusLabel } from '../labels/tMinus';
import { testIds } from '../testIds';
import type { TileSpec } from './tileSpecs';

const STATUS_HUE: Record<EventStatus, string> = { green: 'green', amber: 'orange', red: 'red' };
/** Shapes as well as colours and words: the status reads without colour vision. */
const STATUS_MARK: Record<EventStatus, string> = { green: '●', amber: '▲', red: '■' };

interface Props {
  tiles: TileSpec[];
  live: LiveReadings;
  clock: number;
  height: number;
}

/** Status first: one tile per live or next event, the exporter's status as colour, shape and word. */
export function EventTiles({ tiles, live, clock, height }: Props) {
  const styles = useStyles2(getStyles);
  if (tiles.length === 0) {
    return null;
  }
  return (
    <div className={styles.row} data-testid={testIds.eventTiles} style={{ height }}>
      {tiles.map((tile) => (
        <EventTile key={tile.badge.event.id} tile={tile} live={live} clock={clock} />
      ))}
    </div>
  );
}

function EventTile({ tile, live, clock }: { tile: TileSpec; live: LiveReadings; clock: number }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { badge, forecast } = tile;
  const { event, peak, status } = badge;
  const color = theme.visualization.getColorByName(STATUS_HUE[status]);
  const reason = statusReason(forecast, live, clock);
  const isLive = event.start <= clock && clock < event.end;
  // The headroom shown is the binding resource's; when an SLO binds, the published headroom that is least.
  const headroomOf =
    badge.binding && !badge.binding.startsWith('slo:') ? badge.binding : leastHeadroom(forecast.headroom);
  const binding = headroomOf === undefined ? undefined : resourceName(headroomOf);
  return (
    <section
      className={cx(styles.tile, status === 'red' && styles.red)}
      style={{ borderLeftColor: color }}
      data-testid={testIds.eventTile}
      data-event={tile.eventId}
      data-status={status}
      data-p50={peak.p50}
      data-p90={peak.p90}
      data-p10={peak.p10}
      data-binding={badge.binding}
      data-color={color}
      title={`${event.title}: ${status}, ${reason}`}
      aria-label={`${event.title}: status ${status}, ${reason}`}
    >
      <div className={styles.head}>
        <span className={styles.status} style={{ background: color }}>
          <span aria-hidden="true">{STATUS_MARK[status]}</span> {status.toUpperCase()}
        </span>
        <span className={styles.title}>{event.title}</span>
        <span className={styles.clock}>
          {isLive ? 'LIVE ' : ''}
          {tMinusLabel(clock, event.start)}
        </span>
      </div>
      <div className={styles.reason}>{reason}</div>
      <div className={styles.figures}>
        <Figure label="watching" value={tile.viewersNow === undefined ? '–' : compactCount(tile.viewersNow)} />
        <Figure
          label={`peak (${compactCount(peak.p10)}–${compactCount(peak.p90)})`}
          value={compactCount(peak.p50)}
          title={`forecast peak P50 ${count(peak.p50)}, P10 ${count(peak.p10)}, P90 ${count(peak.p90)}`}
        />
        <Figure
          label={binding ? `headroom ${binding}` : 'headroom'}
          value={Number.isFinite(badge.headroom) ? percent(badge.headroom, 0) : '–'}
        />
      </div>
    </section>
  );
}

function leastHeadroom(headroom: Record<string, number>): string | undefined {
  let least: string | undefined;
  for (const [resource, ratio] of Object.entries(headroom)) {
    if (least === undefined || ratio < headroom[least]!) {
      least = resource;
    }
  }
  return least;
}

function Figure({ label, value, title }: { label: string; value: string; title?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.figure} title={title}>
      <div className={styles.number}>{value}</div>
      <div className={styles.label}>{label}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ display: 'flex', gap: theme.spacing(1), overflow: 'hidden', flex: '1 1 auto', minWidth: 0 }),
  tile: css({
    flex: '1 1 0',
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
    padding: theme.spacing(0.5, 1),
    border: `1px solid ${theme.colors.border.medium}`,
    borderLeftWidth: theme.spacing(0.75),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    overflow: 'hidden',
  }),
  red: css({ background: theme.colors.error.transparent }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), minWidth: 0 }),
  status: css({
    // Black reads on Grafana's green, orange and red alike, in both themes.
    color: '#000',
    fontWeight: theme.typography.fontWeightBold,
    fontSize: theme.typography.body.fontSize,
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.radius.default,
    whiteSpace: 'nowrap',
  }),
  title: css({
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    flex: '1 1 auto',
    minWidth: 0,
  }),
  clock: css({
    fontSize: theme.typography.body.fontSize,
    fontVariantNumeric: 'tabular-nums',
    color: theme.colors.text.primary,
    whiteSpace: 'nowrap',
  }),
  reason: css({
    fontSize: theme.typography.body.fontSize,
    color: theme.colors.text.primary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  figures: css({ display: 'flex', gap: theme.spacing(2), minWidth: 0 }),
  figure: css({ minWidth: 0 }),
  number: css({
    fontSize: theme.typography.h2.fontSize,
    lineHeight: 1.1,
    fontWeight: theme.typography.fontWeightBold,
    fontVariantNumeric: 'tabular-nums',
    color: theme.colors.text.primary,
  }),
  label: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
