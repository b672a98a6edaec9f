import { css } from '@emotion/css';
import { useId, useMemo } from 'react';

import type { DataFrame, GrafanaTheme2, TimeRange } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { OverlayModel } from '../data/prepareOverlay';
import { ratioFrame, viewersFrame } from '../data/plotFrames';
import { testIds } from '../testIds';
import type { OverlayOptions } from '../types';
import { HeadroomBadges } from './HeadroomBadges';
import { MainPlot, type OverlayColors } from './MainPlot';
import { RatioStrip } from './RatioStrip';

interface Props {
  model: OverlayModel;
  options: OverlayOptions;
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: string;
}

/** Login success reads between twice the error budget below the SLO and 100 %. */
const loginAxis = (slo: number) => ({ min: Math.max(0, slo - 2 * (1 - slo)), max: 1 });

const BADGES_HEIGHT = 64;
const STRIP_HEIGHT = 78;
const NOTICE_HEIGHT = 18;

/** Badges on top, the main plot, then the login and segment strips on the same time axis. */
export function OverlayView({ model, options, width, height, timeRange, timeZone }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const syncKey = `launchday-${useId()}`;
  const tz = timeZone || 'browser';
  const colors: OverlayColors = {
    band: theme.colors.primary.main,
    capacity: theme.visualization.getColorByName('red'),
    now: theme.colors.text.secondary,
    saturation: theme.visualization.getColorByName('dark-red'),
  };
  const frame = useMemo(() => viewersFrame(model.viewers, theme, tz), [model.viewers, theme, tz]);
  const login = useMemo(
    () =>
      model.loginSuccess.length
        ? ratioFrame(
            'Login success',
            model.loginSuccess,
            options.loginSuccessSlo,
            true,
            loginAxis(options.loginSuccessSlo),
            'green',
            theme,
            tz
          )
        : undefined,
    [model.loginSuccess, options.loginSuccessSlo, theme, tz]
  );
  const segments = useMemo(
    () =>
      model.segmentErrors.length
        ? ratioFrame(
            'Segment errors',
            model.segmentErrors,
            options.segmentErrorSlo,
            false,
            { min: 0, max: options.segmentErrorSlo * 2 },
            'orange',
            theme,
            tz
          )
        : undefined,
    [model.segmentErrors, options.segmentErrorSlo, theme, tz]
  );
  const showBadges = options.showBadges && model.badges.length > 0;
  const strips = [login, segments].filter(Boolean).length;
  const mainHeight = Math.max(
    80,
    height - (showBadges ? BADGES_HEIGHT : 0) - strips * STRIP_HEIGHT - (model.notices.length ? NOTICE_HEIGHT : 0)
  );
  // Both strips share the main plot's time axis and cursor; only the ratio, its title and test id differ.
  const strip = (ratios: DataFrame, title: string, testId: string) => (
    <RatioStrip
      frame={ratios}
      title={title}
      events={model.events}
      width={width}
      height={STRIP_HEIGHT}
      timeRange={timeRange}
      timeZone={tz}
      syncKey={syncKey}
      testId={testId}
    />
  );
  return (
    <div className={styles.root} data-testid={testIds.panel} style={{ width, height }}>
      {showBadges && <HeadroomBadges badges={model.badges} now={model.now} />}
      <MainPlot
        model={model}
        frame={frame}
        colors={colors}
        width={width}
        height={mainHeight}
        timeRange={timeRange}
        timeZone={tz}
        syncKey={syncKey}
      />
      {login &&
        strip(login, `Login success · SLO ≥ ${(options.loginSuccessSlo * 100).toFixed(2)}%`, testIds.loginStrip)}
      {segments &&
        strip(segments, `Segment errors · SLO ≤ ${(options.segmentErrorSlo * 100).toFixed(2)}%`, testIds.segmentStrip)}
      {model.notices.length > 0 && <div className={styles.notice}>{model.notices.join(' ')}</div>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  notice: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.warning.text,
    height: NOTICE_HEIGHT,
  }),
});
