import { css } from '@emotion/css';

import type { AppRootProps, GrafanaTheme2 } from '@grafana/data';
import { LinkButton, useStyles2 } from '@grafana/ui';

const DASHBOARDS: Array<[string, string, string]> = [
  ['launchday-war-room', 'War room', 'What is live, what is coming, and whether capacity holds.'],
  ['launchday-capacity-review', 'Capacity review', 'Forecast peaks against capacity for the next events.'],
  ['launchday-executive', 'Executive', 'The night in a few numbers.'],
];

/** The app's page: where its dashboards are. */
export function AppRoot(_props: AppRootProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      <h2>Launchday</h2>
      <p>
        Premiere-night dashboards, provisioned with this app. The launch overlay panel is available in any dashboard.
      </p>
      {DASHBOARDS.map(([uid, title, about]) => (
        <div key={uid} className={styles.row}>
          <LinkButton href={`/d/${uid}`} variant="secondary">
            {title}
          </LinkButton>
          <span>{about}</span>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2) }),
  row: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'center', marginBottom: theme.spacing(1) }),
});
