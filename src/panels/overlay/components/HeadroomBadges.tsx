import { css } from '@emotion/css';

import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { HeadroomStatus } from '../../../../core/forecast';
import type { HeadroomBadge } from '../data/headroomBadges';
import { tMinusLabel } from '../labels/tMinus';
import { testIds } from '../testIds';

const STATUS_COLOR: Record<HeadroomStatus, string> = { green: 'green', amber: 'orange', red: 'red' };
const count = (v: number) => Math.round(v).toLocaleString('en-US');

interface Props {
  badges: HeadroomBadge[];
  now: number;
}

/** One badge per upcoming event: forecast peak and band, capacity, headroom and its status colour. */
export function HeadroomBadges({ badges, now }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  if (badges.length === 0) {
    return null;
  }
  return (
    <div className={styles.row} data-testid={testIds.badges}>
      {badges.map((b) => {
        const color = theme.visualization.getColorByName(STATUS_COLOR[b.status]);
        return (
          <div
            key={b.event.id}
            className={styles.badge}
            style={{ borderColor: color }}
            data-testid={testIds.badge}
            data-status={b.status}
            data-color={color}
            data-event-id={b.event.id}
          >
            <div className={styles.head}>
              <span className={styles.dot} style={{ background: color }} />
              <strong>{b.event.title}</strong> <span className={styles.dim}>{tMinusLabel(now, b.event.start)}</span>
            </div>
            <div>
              peak {count(b.peak.p50)}{' '}
              <span className={styles.dim}>
                ({count(b.peak.p10)}–{count(b.peak.p90)})
              </span>{' '}
              / cap {count(b.capacity)}
            </div>
            <div style={{ color }}>
              headroom {(b.headroom * 100).toFixed(0)}% · {b.status}
            </div>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ display: 'flex', gap: theme.spacing(1), overflowX: 'auto', paddingBottom: theme.spacing(0.5) }),
  badge: css({
    border: '1px solid',
    borderLeftWidth: 4,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.secondary,
    whiteSpace: 'nowrap',
    flex: '0 0 auto',
  }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  dot: css({ width: 8, height: 8, borderRadius: '50%', display: 'inline-block' }),
  dim: css({ color: theme.colors.text.secondary }),
});
