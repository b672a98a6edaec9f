import { useMemo } from 'react';

import type { DataFrame, Field, TimeRange } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, TooltipPlugin2, type UPlotConfigBuilder } from '@grafana/ui';

import type { CalendarEvent } from '../../../../core/calendar/event';
import type { BandPoint, Point } from '../../../../core/forecast/types';
import { percent } from '../labels/format';
import { axesFor } from '../plot/axisWidth';
import { CapacityLinePlugin } from '../plot/CapacityLinePlugin';
import { EventRegionsPlugin } from '../plot/EventRegionsPlugin';
import { ForecastBandPlugin } from '../plot/ForecastBandPlugin';
import { NowMarkerPlugin } from '../plot/NowMarkerPlugin';
import { HOVER_ALL_SERIES, type ScaleProps } from '../plot/plotTypes';
import { SaturationMarkerPlugin } from '../plot/SaturationMarkerPlugin';
import { useAxisFont } from '../plot/useAxisFont';
import { useSharedCursor } from '../plot/useSharedCursor';
import type { ValueRange } from '../plot/valueRange';
import { testIds } from '../testIds';
import { OverlayTooltip } from './OverlayTooltip';
import { legendEntries, legendRows, TitleLegend } from './TitleLegend';

export interface OverlayColors {
  band: string;
  capacity: string;
  now: string;
  saturation: string;
}

/** What the main plot draws besides the series, already in the axis' unit (viewers or share). */
export interface MainOverlays {
  events: CalendarEvent[];
  band: BandPoint[];
  capacity: Point[];
  saturationAt?: number;
  loginSuccess: Point[];
  segmentErrors: Point[];
  /** The data's present (where the now marker stands). */
  now: number;
  /** The ticking present (labels). */
  clock: number;
  share: boolean;
  range: ValueRange;
}

interface Props {
  overlays: MainOverlays;
  frame: DataFrame;
  colors: OverlayColors;
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: string;
  syncKey: string;
  scale: number;
}

// GraphNG rebuilds the plot when legend or options change identity: both stay stable across resizes.
// Our own legend (TitleLegend) replaces Grafana's.
const NO_LEGEND = { showLegend: false, displayMode: LegendDisplayMode.Hidden, placement: 'bottom' as const, calcs: [] };

/** Viewers per title on Grafana's own time series plot, with the launch overlays as uPlot plugins. */
export function MainPlot(props: Props) {
  const { softMax } = props.overlays.range;
  const plotOptions = useMemo(() => ({ softMax }), [softMax]);
  // A new frames array makes GraphNG rebuild the whole plot; a resize must only resize it.
  const frames = useMemo(() => [props.frame], [props.frame]);
  const axes = useMemo(() => axesFor(props.scale), [props.scale]);
  const legend = useMemo(
    () =>
      legendEntries(props.frame, [
        ...(props.overlays.capacity.length
          ? [{ label: 'Capacity', color: props.colors.capacity, mark: 'line' as const }]
          : []),
        ...(props.overlays.band.length
          ? [{ label: 'Forecast P10–P90', color: props.colors.band, mark: 'band' as const }]
          : []),
      ]),
    [props.frame, props.overlays.capacity.length, props.overlays.band.length, props.colors.capacity, props.colors.band]
  );
  const fontPx = 12 * props.scale;
  const legendHeight = Math.ceil(legendRows(legend, props.width, fontPx) * fontPx * 1.5);
  const tweakScale = (opts: ScaleProps, _field: Field): ScaleProps =>
    opts.scaleKey === 'x' ? opts : { ...opts, softMin: 0, softMax: Math.max(opts.softMax ?? 0, softMax) };
  return (
    <div data-testid={testIds.mainPlot}>
      <TimeSeries
        frames={frames}
        width={props.width}
        height={Math.max(60, props.height - legendHeight)}
        timeRange={props.timeRange}
        timeZone={props.timeZone}
        legend={NO_LEGEND}
        tweakAxis={axes}
        tweakScale={tweakScale}
        options={plotOptions}
      >
        {(config, alignedFrame) => <Overlays {...props} frame={alignedFrame} config={config} />}
      </TimeSeries>
      <TitleLegend entries={legend} height={legendHeight} />
    </div>
  );
}

function Overlays({
  config,
  overlays,
  frame,
  colors,
  syncKey,
  timeZone,
  scale,
}: Props & { config: UPlotConfigBuilder }) {
  useSharedCursor(config, syncKey);
  useAxisFont(config, scale);
  return (
    <>
      <EventRegionsPlugin config={config} events={overlays.events} now={overlays.clock} scale={scale} />
      <ForecastBandPlugin config={config} band={overlays.band} color={colors.band} scale={scale} />
      <CapacityLinePlugin
        config={config}
        capacity={overlays.capacity}
        color={colors.capacity}
        scale={scale}
        above={overlays.range.capacityAbove}
        format={overlays.share ? (v) => percent(v, 0) : undefined}
      />
      <NowMarkerPlugin config={config} now={overlays.now} color={colors.now} scale={scale} />
      <SaturationMarkerPlugin
        config={config}
        at={overlays.saturationAt}
        now={overlays.clock}
        color={colors.saturation}
        timeZone={timeZone}
        scale={scale}
      />
      <TooltipPlugin2
        config={config}
        hoverMode={HOVER_ALL_SERIES}
        render={(u, dataIdxs) => (
          <OverlayTooltip
            u={u}
            dataIdx={dataIdxs[0] ?? null}
            frame={frame}
            events={overlays.events}
            band={overlays.band}
            capacity={overlays.capacity}
            loginSuccess={overlays.loginSuccess}
            segmentErrors={overlays.segmentErrors}
            timeZone={timeZone}
            share={overlays.share}
          />
        )}
      />
    </>
  );
}
