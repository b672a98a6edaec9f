import { createTheme, EventBusSrv, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { useMemo } from 'react';

import type { HistorySnapshot } from '../../core/history/snapshot';
import { OverlayPanel } from '../panels/overlay/OverlayPanel';
import { DEFAULT_OPTIONS, type OverlayOptions } from '../panels/overlay/types';
import { snapshotData, snapshotRange } from './snapshotData';
import { onWallClock, rangeOnWall, replayClock } from './wallClock';

/** What every preview page gets: the exporter's snapshot, when it came, the theme and the page's size. */
export interface PreviewProps {
  snapshot: HistorySnapshot;
  /** The wall-clock instant the snapshot was read at (a replay's clock is mapped onto it). */
  receivedAt?: number;
  mode: 'dark' | 'light';
  width: number;
  height: number;
  /** No padding: the panel is the page (kiosk). */
  bare?: boolean;
}

interface Props extends PreviewProps {
  options?: Partial<OverlayOptions>;
  /** Hold the clocks (tests, benchmarks); the preview ticks. */
  tick?: boolean;
  globalStyles?: boolean;
}

const eventBus = new EventBusSrv();

/** The props Grafana's panel chrome gives a panel, for a page without Grafana. */
export function panelProps<T>(options: T, data: PanelProps['data'], width: number, height: number): PanelProps<T> {
  return {
    id: 1,
    data,
    timeRange: data.timeRange,
    timeZone: 'browser',
    options,
    transparent: false,
    width,
    height,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'Launch overlay',
    eventBus,
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables: (v) => v,
    onChangeTimeRange: () => undefined,
  };
}

/** Grafana's theme and global styles (legend buttons, fonts) around a panel, as Grafana would give them. */
export function GrafanaFrame({
  mode,
  bare,
  globalStyles = true,
  theme: given,
  children,
}: {
  mode: 'dark' | 'light';
  bare?: boolean;
  /** Grafana's global styles; the benchmark mounts them once, outside what it times. */
  globalStyles?: boolean;
  /** A theme made once (Grafana has its theme before any panel mounts; the benchmark passes one). */
  theme?: GrafanaTheme2;
  children: React.ReactNode;
}) {
  const theme = useMemo(() => given ?? createTheme({ colors: { mode } }), [given, mode]);
  return (
    <ThemeContext.Provider value={theme}>
      {globalStyles && <GlobalStyles />}
      <div
        style={{
          background: theme.colors.background.primary,
          color: theme.colors.text.primary,
          padding: bare ? 0 : 8,
          fontFamily: theme.typography.fontFamily,
          fontSize: theme.typography.fontSize,
        }}
      >
        {children}
      </div>
    </ThemeContext.Provider>
  );
}

/** Mounts the real panel component the way Grafana's panel chrome would, outside Grafana. */
export function HarnessApp(props: Props) {
  const { snapshot, receivedAt, mode, width, height, options, tick = false, bare, globalStyles } = props;
  const wallNow = receivedAt ?? snapshot.now;
  const onWall = useMemo(() => onWallClock(snapshot, wallNow), [snapshot, wallNow]);
  const data = useMemo(
    () => ({ ...snapshotData(onWall), timeRange: rangeOnWall(snapshotRange(snapshot), snapshot, wallNow) }),
    [onWall, snapshot, wallNow]
  );
  const merged = useMemo(() => ({ ...DEFAULT_OPTIONS, capacityConstant: 0, ...options }), [options]);
  const replay = useMemo(() => replayClock(snapshot, wallNow), [snapshot, wallNow]);
  return (
    <GrafanaFrame mode={mode} bare={bare} globalStyles={globalStyles}>
      <OverlayPanel {...panelProps(merged, data, width, height)} now={onWall.now} tick={tick} replay={replay} />
    </GrafanaFrame>
  );
}
