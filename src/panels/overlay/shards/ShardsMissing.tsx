import { css } from '@emotion/css';
import { useMemo } from 'react';

import type { DataFrame, GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { shardSeriesFromFrames } from './shardFrames';
import { shardHealth, shardsMissingText } from './shardHealth';

export const SHARDS_MISSING_TEST_ID = 'launchday-shards-missing';

/**
 * Beside the viewers total: "1 of 4 shards missing" while a shard is down or gone, naming them on
 * hover. Renders nothing when every shard is there (or when no `shards` query was given).
 */
export function ShardsMissing({ frames }: { frames: readonly DataFrame[] }) {
  const styles = useStyles2(getStyles);
  const health = useMemo(() => shardHealth(shardSeriesFromFrames(frames)), [frames]);
  const text = shardsMissingText(health);
  if (!text) return null;
  return (
    <span
      className={styles.tag}
      role="status"
      data-testid={SHARDS_MISSING_TEST_ID}
      title={`Totals read low: ${health.missing.join(', ')} not reporting`}
    >
      {text}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tag: css({
    display: 'inline-block',
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.warning.transparent,
    color: theme.colors.warning.text,
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
  }),
});
