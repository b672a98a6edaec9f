import { css } from '@emotion/css';
import { useId, useMemo } from 'react';

import type { DataFrame, GrafanaTheme2, TimeRange } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { OverlayModel } from '../data/prepareOverlay';
import { bandAsShare, capacityAsShare, columnsAsShare } from '../plot/shareOfCapacity';
import { columnMax, valueRange } from '../plot/valueRange';
import { viewersPlotFrame } from '../plot/viewersPlotFrame';
import { testIds } from '../testIds';
import type { OverlayOptions } from '../types';
import { SHARDS_REF_ID } from '../shards/shardFrames';
import { ShardsMissing } from '../shards/ShardsMissing';
import { eventTiles, latestViewersByTitle } from './tileSpecs';
import { EventTiles } from './EventTiles';
import { type MainOverlays, MainPlot, type OverlayColors } from './MainPlot';
import { RatioStrip, type StripSpec } from './RatioStrip';
import { type ReplayClock, ReplayTag } from './ReplayTag';

interface Props {
  model: OverlayModel;
  options: OverlayOptions;
  /** Every frame the queries returned (tiles read each title's audience, the shards tag its `up` series). */
  frames: DataFrame[];
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: string;
  /** The ticking present, for countdowns and clocks. */
  clock: number;
  replay?: ReplayClock;
  scale: number;
}

const TOP_HEIGHT = 108;
const STRIP_HEIGHT = 86;
const NOTICE_HEIGHT = 18;

/** Status on top, the main plot, then the login and segment strips on the same time axis. */
export function OverlayView(props: Props) {
  const { model, options, width, height, timeRange, scale } = props;
  // The objectives the published status used; the options only stand in when none is published.
  const objectives = {
    loginSuccess: model.sloObjectives.login_success ?? options.loginSuccessSlo,
    segmentErrors: model.sloObjectives.segment_errors ?? options.segmentErrorSlo,
  };
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const syncKey = `launchday-${useId()}`;
  const tz = props.timeZone || 'browser';
  const colors: OverlayColors = {
    band: theme.colors.primary.main,
    capacity: theme.visualization.getColorByName('red'),
    now: theme.colors.text.secondary,
    saturation: theme.visualization.getColorByName('dark-red'),
  };
  const share = options.valueAxis === 'share' && model.capacity.length > 0;
  const plotted = useMemo(() => {
    const columns = share ? columnsAsShare(model.viewers, model.capacity) : model.viewers;
    const band = share ? bandAsShare(model.band, model.capacity) : model.band;
    const capacity = share ? capacityAsShare(model.capacity) : model.capacity;
    const inView = band.filter((b) => b.t <= model.to).map((b) => b.p90);
    const dataMax = Math.max(columnMax([columns.total, ...columns.titles.map((t) => t.values)]), ...inView, 0);
    const range = valueRange(dataMax, Math.max(0, ...capacity.map((p) => p.v)));
    return { columns, band, capacity, range };
  }, [model, share]);
  const frame = useMemo(
    () => viewersPlotFrame(plotted.columns, theme, tz, scale, share ? 'share' : 'viewers'),
    [plotted.columns, theme, tz, scale, share]
  );
  const overlays: MainOverlays = {
    events: model.events,
    band: plotted.band,
    capacity: plotted.capacity,
    saturationAt: model.saturation.p90,
    loginSuccess: model.loginSuccess,
    segmentErrors: model.segmentErrors,
    now: model.now,
    clock: props.clock,
    share,
    range: plotted.range,
  };
  const strips: StripSpec[] = [];
  if (model.loginSuccess.length) {
    strips.push({
      title: 'Login success',
      points: model.loginSuccess,
      objective: objectives.loginSuccess,
      objectiveIsFloor: true,
      testId: testIds.loginStrip,
    });
  }
  if (model.segmentErrors.length) {
    strips.push({
      title: 'Segment errors',
      points: model.segmentErrors,
      objective: objectives.segmentErrors,
      objectiveIsFloor: false,
      testId: testIds.segmentStrip,
    });
  }
  const byTitle = useMemo(() => latestViewersByTitle(props.frames, options.queries), [props.frames, options.queries]);
  const tiles = useMemo(
    () => eventTiles(model.badges, model.forecasts, byTitle, options.tiles),
    [model.badges, model.forecasts, byTitle, options.tiles]
  );
  const live = {
    loginSuccess: model.loginSuccess[model.loginSuccess.length - 1]?.v,
    segmentErrors: model.segmentErrors[model.segmentErrors.length - 1]?.v,
    objectives,
  };
  // Only frames that can be shards' `up` series reach the shards tag: it would otherwise read every point of
  // every frame (viewers included) on each render to find them.
  const shardFrames = useMemo(
    () =>
      props.frames.filter(
        (f) => f.refId === SHARDS_REF_ID || f.name === 'up' || f.fields.some((field) => field.labels?.__name__ === 'up')
      ),
    [props.frames]
  );
  // What every plot of the panel shares: one time axis, one crosshair, one width and scale.
  const axis = { width, timeRange, timeZone: tz, syncKey, scale };
  const showTop = tiles.length > 0 || props.replay !== undefined;
  const stripHeight = Math.round(STRIP_HEIGHT * scale);
  const noticeHeight = Math.round(NOTICE_HEIGHT * scale);
  const mainHeight = Math.max(
    80,
    height -
      (showTop ? Math.round(TOP_HEIGHT * scale) : 0) -
      strips.length * stripHeight -
      (model.notices.length ? noticeHeight : 0)
  );
  return (
    <div className={styles.root} data-testid={testIds.panel} data-scale={scale} style={{ width, height }}>
      {showTop && (
        <div className={styles.top} style={{ height: Math.round(TOP_HEIGHT * scale) }}>
          <EventTiles tiles={tiles} live={live} clock={props.clock} height={Math.round(TOP_HEIGHT * scale)} />
          <div className={styles.tags}>
            {props.replay && <ReplayTag replay={props.replay} clock={props.clock} timeZone={tz} />}
            <ShardsMissing frames={shardFrames} />
          </div>
        </div>
      )}
      <MainPlot {...axis} overlays={overlays} frame={frame} colors={colors} height={mainHeight} />
      {strips.map((spec) => (
        <RatioStrip {...axis} key={spec.testId} spec={spec} events={model.events} height={stripHeight} />
      ))}
      {(model.notices.length > 0 || !showTop) && (
        <div className={styles.notice} style={{ height: model.notices.length ? noticeHeight : undefined }}>
          {!showTop && <ShardsMissing frames={shardFrames} />} {model.notices.join(' ')}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  top: css({
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    overflow: 'hidden',
  }),
  tags: css({ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: theme.spacing(0.5) }),
  notice: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.warning.text,
  }),
});
