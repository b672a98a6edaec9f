import { css } from '@emotion/css';

import type { AppRootProps, GrafanaTheme2 } from '@grafana/data';
import { config, PluginPage } from '@grafana/runtime';
import { LinkButton, useStyles2 } from '@grafana/ui';

/** The dashboards plugin.json includes, by uid (a test keeps the two lists equal). */
export const DASHBOARDS: ReadonlyArray<[uid: string, title: string, about: string]> = [
  ['launchday-war-room', 'War room', 'What is live, what is coming, and whether capacity holds.'],
  ['launchday-capacity-review', 'Capacity review', 'Forecast peaks against capacity for the next events.'],
  ['launchday-executive', 'Executive', 'The night in a few numbers.'],
];

/**
 * The app's page: where its dashboards are. PluginPage gives it Grafana's title and breadcrumbs; links carry
 * Grafana's sub-path (root_url with serve_from_sub_path), which a bare `/d/...` would drop.
 */
export function AppRoot(_props: AppRootProps) {
  const styles = useStyles2(getStyles);
  return (
    <PluginPage subTitle="Premiere-night dashboards, imported with this app. The launch overlay panel is available in any dashboard.">
      <div className={styles.page}>
        {DASHBOARDS.map(([uid, title, about]) => (
          <div key={uid} className={styles.row}>
            <LinkButton href={`${config.appSubUrl}/d/${uid}`} variant="secondary">
              {title}
            </LinkButton>
            <span>{about}</span>
          </div>
        ))}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 0) }),
  row: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'center', marginBottom: theme.spacing(1) }),
});
