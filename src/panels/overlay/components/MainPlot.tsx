import { useMemo } from 'react';

import type { DataFrame, Field, TimeRange } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, TooltipPlugin2, type UPlotConfigBuilder } from '@grafana/ui';

import type { OverlayModel } from '../data/prepareOverlay';
import { fixedAxisWidth } from '../plot/axisWidth';
import { CapacityLinePlugin } from '../plot/CapacityLinePlugin';
import { EventRegionsPlugin } from '../plot/EventRegionsPlugin';
import { ForecastBandPlugin } from '../plot/ForecastBandPlugin';
import { NowMarkerPlugin } from '../plot/NowMarkerPlugin';
import { HOVER_ALL_SERIES, type ScaleProps } from '../plot/plotTypes';
import { SaturationMarkerPlugin } from '../plot/SaturationMarkerPlugin';
import { useSharedCursor } from '../plot/useSharedCursor';
import { testIds } from '../testIds';
import { OverlayTooltip } from './OverlayTooltip';

export interface OverlayColors {
  band: string;
  capacity: string;
  now: string;
  saturation: string;
}

interface Props {
  model: OverlayModel;
  frame: DataFrame;
  colors: OverlayColors;
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: string;
  syncKey: string;
}

/** The highest value drawn outside the series (capacity, forecast P90) in view, so the scale makes room. */
function overlayMax(model: OverlayModel): number {
  let max = 0;
  for (const p of model.capacity) {
    max = Math.max(max, p.v);
  }
  for (const b of model.band) {
    if (b.t <= model.to) {
      max = Math.max(max, b.p90);
    }
  }
  return max;
}

// GraphNG rebuilds the plot when legend or options change identity: both stay stable across resizes.
const LEGEND = { showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom' as const, calcs: [] };

/** Viewers per title on Grafana's own time series plot, with the launch overlays as uPlot plugins. */
export function MainPlot(props: Props) {
  const { model } = props;
  const softMax = useMemo(() => overlayMax(model) * 1.05, [model]);
  const plotOptions = useMemo(() => ({ softMax }), [softMax]);
  // A new frames array makes GraphNG rebuild the whole plot; a resize must only resize it.
  const frames = useMemo(() => [props.frame], [props.frame]);
  const tweakScale = (opts: ScaleProps, _field: Field): ScaleProps =>
    opts.scaleKey === 'x' ? opts : { ...opts, softMin: 0, softMax: Math.max(opts.softMax ?? 0, softMax) };
  return (
    <div data-testid={testIds.mainPlot}>
      <TimeSeries
        frames={frames}
        width={props.width}
        height={props.height}
        timeRange={props.timeRange}
        timeZone={props.timeZone}
        legend={LEGEND}
        tweakAxis={fixedAxisWidth}
        tweakScale={tweakScale}
        options={plotOptions}
      >
        {(config, alignedFrame) => <Overlays {...props} frame={alignedFrame} config={config} />}
      </TimeSeries>
    </div>
  );
}

function Overlays({ config, model, frame, colors, syncKey, timeZone }: Props & { config: UPlotConfigBuilder }) {
  useSharedCursor(config, syncKey);
  return (
    <>
      <EventRegionsPlugin config={config} events={model.events} now={model.now} />
      <ForecastBandPlugin config={config} band={model.band} color={colors.band} />
      <CapacityLinePlugin config={config} capacity={model.capacity} color={colors.capacity} />
      <NowMarkerPlugin config={config} now={model.now} color={colors.now} />
      <SaturationMarkerPlugin
        config={config}
        at={model.saturation.p90}
        now={model.now}
        color={colors.saturation}
        timeZone={timeZone}
      />
      <TooltipPlugin2
        config={config}
        hoverMode={HOVER_ALL_SERIES}
        render={(u, dataIdxs) => (
          <OverlayTooltip
            u={u}
            dataIdx={dataIdxs[0] ?? null}
            frame={frame}
            events={model.events}
            band={model.band}
            capacity={model.capacity}
            loginSuccess={model.loginSuccess}
            segmentErrors={model.segmentErrors}
            timeZone={timeZone}
          />
        )}
      />
    </>
  );
}
