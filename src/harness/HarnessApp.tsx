import { createTheme, EventBusSrv, type PanelProps } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { useMemo } from 'react';

import type { HistorySnapshot } from '../../core/history/snapshot';
import { OverlayPanel } from '../panels/overlay/OverlayPanel';
import { DEFAULT_OPTIONS, type OverlayOptions } from '../panels/overlay/types';
import { snapshotData } from './snapshotData';

interface Props {
  snapshot: HistorySnapshot;
  mode: 'dark' | 'light';
  width: number;
  height: number;
  options?: Partial<OverlayOptions>;
}

const eventBus = new EventBusSrv();

/** Mounts the real panel component the way Grafana's panel chrome would, outside Grafana. */
export function HarnessApp({ snapshot, mode, width, height, options }: Props) {
  const theme = useMemo(() => createTheme({ colors: { mode } }), [mode]);
  const data = useMemo(() => snapshotData(snapshot), [snapshot]);
  const merged = useMemo(() => ({ ...DEFAULT_OPTIONS, capacityConstant: 0, ...options }), [options]);
  const props: PanelProps<OverlayOptions> = {
    id: 1,
    data,
    timeRange: data.timeRange,
    timeZone: 'utc',
    options: merged,
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
  return (
    <ThemeContext.Provider value={theme}>
      <div
        style={{
          background: theme.colors.background.primary,
          color: theme.colors.text.primary,
          padding: 8,
          fontFamily: theme.typography.fontFamily,
          fontSize: theme.typography.fontSize,
        }}
      >
        <OverlayPanel {...props} now={snapshot.now} />
      </div>
    </ThemeContext.Provider>
  );
}
