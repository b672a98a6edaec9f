import { css } from '@emotion/css';

import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { testIds } from '../testIds';

/** A replay's clock: its speed, and where its simulated time stood when the data was read. */
export interface ReplayClock {
  /** Simulated seconds per real second (HistorySnapshot.timeScale). */
  timeScale: number;
  /** The simulated instant that went with `wallAt`. */
  simulatedAt: number;
  wallAt: number;
}

/** The simulated instant at a wall-clock instant: the replay runs `timeScale` times faster. */
export function simulatedTime(replay: ReplayClock, wall: number): number {
  return replay.simulatedAt + (wall - replay.wallAt) * replay.timeScale;
}

const speed = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Loud on purpose: a replay must never pass for the live night. Real time first, the replay's beside it. */
export function ReplayTag({ replay, clock, timeZone }: { replay: ReplayClock; clock: number; timeZone: string }) {
  const styles = useStyles2(getStyles);
  const fmt = (t: number) => dateTimeFormat(t, { format: 'HH:mm:ss', timeZone });
  return (
    <div className={styles.tag} data-testid={testIds.replayTag} data-time-scale={replay.timeScale} role="status">
      <span className={styles.word}>REPLAY ×{speed(replay.timeScale)}</span>
      <span>
        real <strong className={styles.time}>{fmt(clock)}</strong>
      </span>
      <span>
        replay clock <strong className={styles.time}>{fmt(simulatedTime(replay, clock))}</strong>
      </span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tag: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(0.5, 1),
    border: `2px solid ${theme.colors.warning.main}`,
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    fontSize: theme.typography.body.fontSize,
    whiteSpace: 'nowrap',
  }),
  word: css({
    background: theme.colors.warning.main,
    color: theme.colors.warning.contrastText,
    fontWeight: theme.typography.fontWeightBold,
    fontSize: theme.typography.h5.fontSize,
    padding: theme.spacing(0, 1),
    letterSpacing: '0.06em',
  }),
  time: css({ fontVariantNumeric: 'tabular-nums' }),
});
