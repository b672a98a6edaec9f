import { render, screen } from '@testing-library/react';
import { createDataFrame, EventBusSrv, FieldType, type PanelData, type PanelProps } from '@grafana/data';

import { publishedFrames } from './data/publishedFrames';
import { SHARDS_MISSING_TEST_ID } from './shards/ShardsMissing';
import { OverlayPanel } from './OverlayPanel';
import { MIN, NOW, panelData, promFrame, minutes, viewerFrames } from './testing/frames';
import type { RecordingContext } from './testing/recordingContext';
import { testIds } from './testIds';
import { DEFAULT_OPTIONS, type OverlayOptions } from './types';

function props(
  data: PanelData,
  options: Partial<OverlayOptions> = {}
): PanelProps<OverlayOptions> & { now: number; tick: boolean } {
  return {
    id: 1,
    data,
    timeRange: data.timeRange,
    timeZone: 'utc',
    options: { ...DEFAULT_OPTIONS, ...options },
    transparent: false,
    width: 900,
    height: 600,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'overlay',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (v) => v,
    onChangeTimeRange: jest.fn(),
    now: NOW,
    tick: false,
  };
}

const finale = createDataFrame({
  fields: [
    { name: 'id', type: FieldType.string, values: ['finale'] },
    { name: 'time', type: FieldType.time, values: [NOW + 60 * MIN] },
    { name: 'timeEnd', type: FieldType.time, values: [NOW + 150 * MIN] },
    { name: 'title', type: FieldType.string, values: ['Finale'] },
    { name: 'tags', type: FieldType.other, values: [['premiere']] },
  ],
});

function night(): PanelData {
  const capacity = promFrame(
    'C',
    'launchday_capacity_viewers',
    {},
    minutes(120, () => 4000)
  );
  const login = promFrame(
    'L',
    '1 - sum(rate(launchday_login_failures_total[5m])) / sum(rate(launchday_login_attempts_total[5m]))',
    {},
    minutes(120, () => 0.995)
  );
  // What the exporter published for the finale: amber, viewers binding, a path over its window.
  const forecast = publishedFrames({
    event: 'finale',
    at: NOW,
    status: 'amber',
    binding: 'viewers',
    peak: { p10: 3000, p50: 3600, p90: 4400 },
    path: [0, 30, 60, 90].map((minute) => ({
      minute,
      p10: 2500 + minute,
      p50: 3000 + minute * 5,
      p90: 3600 + minute * 8,
    })),
    headroom: { viewers: 0.1 },
    saturation: [{ resource: 'viewers', band: 'p90', at: NOW + 110 * MIN }],
  });
  return panelData([...viewerFrames({ a: 1500, b: 900, c: 300 }), capacity, login, ...forecast], [finale]);
}

describe('OverlayPanel', () => {
  it('shows the "no data" state with the query to use', () => {
    render(<OverlayPanel {...props(panelData([]))} />);
    const state = screen.getByTestId(testIds.state);
    expect(state).toHaveAttribute('data-state', 'no-data');
    expect(state).toHaveTextContent('sum by (title) (launchday_concurrent_viewers)');
  });

  it('shows the misconfigured state with the option to set', () => {
    render(
      <OverlayPanel
        {...props(
          panelData([
            promFrame(
              'Q',
              'up',
              {},
              minutes(2, () => 1)
            ),
          ])
        )}
      />
    );
    expect(screen.getByTestId(testIds.state)).toHaveTextContent('Viewers query');
  });

  it('renders the real Grafana plot with legend, status tile, event label and strips', async () => {
    render(<OverlayPanel {...props(night(), { topN: 2 })} />);
    expect(screen.getByTestId(testIds.mainPlot)).toBeInTheDocument();
    for (const name of ['a', 'b', 'other', 'Total']) {
      expect(screen.getAllByText(name).length).toBeGreaterThan(0);
    }
    const tile = screen.getByTestId(testIds.eventTile);
    expect(tile).toHaveAttribute('data-event', 'finale');
    expect(tile).toHaveAttribute('data-status', 'amber');
    expect(tile).toHaveAttribute('data-p50', '3600');
    expect(tile).toHaveAttribute('data-p90', '4400');
    expect(tile).toHaveTextContent(/AMBER.*Finale.*T-1h 00m.*viewers saturate in 1h 50m \(P90\).*3,600/);
    expect(await screen.findByTestId(testIds.eventLabel)).toHaveTextContent('Finalepremiere · T-1h 00m');
    expect(screen.getByTestId(testIds.loginStrip)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.segmentStrip)).toBeNull();
  });

  it('draws the band as a filled path in the band colour and capacity as a stroke', async () => {
    const { container } = render(<OverlayPanel {...props(night())} />);
    const probe = await screen.findByTestId(testIds.bandProbe);
    const capacity = await screen.findByTestId(testIds.capacityProbe);
    const canvas = container.querySelector(`[data-testid="${testIds.mainPlot}"] canvas`) as HTMLCanvasElement;
    const ctx = canvas.getContext('2d') as unknown as RecordingContext;
    const fills = ctx.calls.filter(
      (c) => c.name === 'fill' && c.fillStyle === probe.dataset.color && c.globalAlpha === 0.3
    );
    expect(fills.length).toBeGreaterThan(0);
    const strokes = ctx.calls.filter((c) => c.name === 'stroke' && c.strokeStyle === capacity.dataset.color);
    expect(strokes.length).toBeGreaterThan(0);
  });

  it('turns the login strip red with its value when below the published objective', () => {
    const objective = promFrame(
      'S',
      'launchday_slo_objective_ratio',
      { __name__: 'launchday_slo_objective_ratio', slo: 'login_success' },
      minutes(2, () => 0.999)
    );
    const data = night();
    render(<OverlayPanel {...props({ ...data, series: [...data.series, objective] })} />);
    const strip = screen.getByTestId(testIds.loginStrip);
    expect(strip).toHaveAttribute('data-state', 'breached');
    expect(strip).toHaveTextContent(/Login success99.50%SLO ≥ 99.9%BREACHED/);
  });

  it('keeps the login strip calm above the objective of the options', () => {
    render(<OverlayPanel {...props(night())} />);
    expect(screen.getByTestId(testIds.loginStrip)).toHaveAttribute('data-state', 'ok');
  });

  it('marks a capacity far above the data at the top edge instead of flattening the curves', async () => {
    const data = night();
    const far = promFrame(
      'C',
      'launchday_capacity_viewers',
      {},
      minutes(120, () => 100_000)
    );
    render(<OverlayPanel {...props({ ...data, series: [...data.series.filter((f) => f.refId !== 'C'), far] })} />);
    const mark = await screen.findByTestId(testIds.capacityAbove);
    expect(mark).toHaveAttribute('data-value', '100000');
    expect(mark).toHaveTextContent('capacity 100,000 (above the axis)');
  });

  it('plots each value as a share of capacity on request', async () => {
    const { container } = render(<OverlayPanel {...props(night(), { valueAxis: 'share' })} />);
    await screen.findByTestId(testIds.capacityProbe);
    const canvas = container.querySelector(`[data-testid="${testIds.mainPlot}"] canvas`) as HTMLCanvasElement;
    const ctx = canvas.getContext('2d') as unknown as RecordingContext;
    const ticks = ctx.calls.filter((c) => c.name === 'fillText').map((c) => String(c.args[0]));
    expect(ticks.some((t) => /^\d+%$/.test(t))).toBe(true);
  });

  it('says beside the status when a shard of the totals is missing', () => {
    const up = (instance: string, last: number) =>
      promFrame(
        'shards',
        'up{job="launchday"}',
        { __name__: 'up', instance },
        minutes(3, (i) => (i === 2 ? last : 1))
      );
    const data = night();
    render(<OverlayPanel {...props({ ...data, series: [...data.series, up('e1', 1), up('e2', 0)] })} />);
    expect(screen.getByTestId(SHARDS_MISSING_TEST_ID)).toHaveTextContent('1 of 2 shards missing');
  });

  it('leaves the strips out when switched off', () => {
    render(<OverlayPanel {...props(night(), { showLoginStrip: false })} />);
    expect(screen.queryByTestId(testIds.loginStrip)).toBeNull();
  });
});
