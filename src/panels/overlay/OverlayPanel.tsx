import { useMemo } from 'react';

import type { PanelProps } from '@grafana/data';

import { OverlayView } from './components/OverlayView';
import { PanelState } from './components/PanelState';
import type { ReplayClock } from './components/ReplayTag';
import { WallScaled, wallScale } from './components/wallScale';
import { prepareOverlay } from './data/prepareOverlay';
import { useNow } from './labels/useNow';
import { DEFAULT_OPTIONS, type OverlayOptions } from './types';

export interface OverlayPanelProps extends PanelProps<OverlayOptions> {
  /** The data's present; Grafana gives none, so the wall clock. The preview passes its snapshot's. */
  now?: number;
  /** Countdowns and clocks tick from `now` in real time (default); false holds them (tests, screenshots). */
  tick?: boolean;
  /** Set by the preview when the exporter replays a launch night faster than real time. */
  replay?: ReplayClock;
}

/** The launch overlay: data preparation apart from drawing, then one view or one clear state. */
export function OverlayPanel(props: OverlayPanelProps) {
  const { data, options, width, height, timeRange, timeZone, now, tick = true, replay } = props;
  const merged = useMemo(
    () => ({ ...DEFAULT_OPTIONS, ...options, queries: { ...DEFAULT_OPTIONS.queries, ...options.queries } }),
    [options]
  );
  const clock = useNow(now, tick);
  const at = now ?? Date.now();
  // Recompute on new data or options; the ticking clock alone (a re-render) does not.
  const model = useMemo(() => prepareOverlay(data, merged, at), [data, merged, now]);
  const scale = merged.wallScale ? wallScale(width, height) : 1;
  if (model.kind !== 'ready') {
    return (
      <WallScaled scale={scale}>
        <PanelState problem={model} />
      </WallScaled>
    );
  }
  return (
    <WallScaled scale={scale}>
      <OverlayView
        model={model}
        options={merged}
        frames={data.series}
        width={width}
        height={height}
        timeRange={timeRange}
        timeZone={timeZone}
        clock={clock}
        replay={replay}
        scale={scale}
      />
    </WallScaled>
  );
}
