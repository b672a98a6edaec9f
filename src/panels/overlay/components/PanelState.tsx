import { css } from '@emotion/css';

import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import type { OverlayProblem } from '../data/prepareOverlay';
import { testIds } from '../testIds';

/** "No data" and "misconfigured" say what is wrong and what to change, in the panel itself. */
export function PanelState({ problem }: { problem: OverlayProblem }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box} data-testid={testIds.state} data-state={problem.kind}>
      <Icon name={problem.kind === 'no-data' ? 'info-circle' : 'exclamation-triangle'} size="xl" />
      <div className={styles.title}>{problem.title}</div>
      <div className={styles.fix}>{problem.fix}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(2),
    textAlign: 'center',
    color: theme.colors.text.secondary,
  }),
  title: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.text.primary }),
  fix: css({ maxWidth: 560 }),
});
