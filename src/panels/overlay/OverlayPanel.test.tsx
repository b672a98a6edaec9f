import { render, screen } from '@testing-library/react';
import { createDataFrame, EventBusSrv, FieldType, type PanelData, type PanelProps } from '@grafana/data';

import { OverlayPanel } from './OverlayPanel';
import { MIN, NOW, panelData, promFrame, minutes, viewerFrames } from './testing/frames';
import type { RecordingContext } from './testing/recordingContext';
import { testIds } from './testIds';
import { DEFAULT_OPTIONS, type OverlayOptions } from './types';

function props(data: PanelData, options: Partial<OverlayOptions> = {}): PanelProps<OverlayOptions> & { now: number } {
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
  };
}

const finale = createDataFrame({
  fields: [
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
  return panelData([...viewerFrames({ a: 1500, b: 900, c: 300 }), capacity, login], [finale]);
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

  it('renders the real Grafana plot with legend, badge, event label and strips', async () => {
    render(<OverlayPanel {...props(night(), { topN: 2 })} />);
    expect(screen.getByTestId(testIds.mainPlot)).toBeInTheDocument();
    for (const name of ['a', 'b', 'other', 'Total']) {
      expect(screen.getAllByText(name).length).toBeGreaterThan(0);
    }
    expect(screen.getByTestId(testIds.badge)).toHaveTextContent(/Finale.*cap 4,000.*headroom/);
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

  it('leaves the strips out when switched off', () => {
    render(<OverlayPanel {...props(night(), { showLoginStrip: false })} />);
    expect(screen.queryByTestId(testIds.loginStrip)).toBeNull();
  });
});
