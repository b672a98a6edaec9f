import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import uPlot from 'uplot';

import { benchSnapshot } from './benchData';
import { prepareOverlay } from '../panels/overlay/data/prepareOverlay';
import { OverlayPanel } from '../panels/overlay/OverlayPanel';
import { DEFAULT_OPTIONS, type OverlayOptions } from '../panels/overlay/types';
import { createTheme, type PanelData } from '@grafana/data';
import { GrafanaFrame, panelProps } from './HarnessApp';
import { snapshotData } from './snapshotData';

/** The browser side of `npm run bench:panel`: the real panel, and plain uPlot on the same series as the floor. */
// One options object per configuration, as Grafana keeps it across resizes.
let OPTIONS: OverlayOptions = { ...DEFAULT_OPTIONS, capacityConstant: 0, topN: 50 };
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const host = document.getElementById('root')!;
let root: Root | undefined;
let plot: uPlot | undefined;

// Grafana's global styles, once for the page, as Grafana has them before any panel mounts (not timed).
const stylesHost = document.createElement('div');
stylesHost.style.display = 'none';
document.body.appendChild(stylesHost);
flushSync(() =>
  createRoot(stylesHost).render(
    <GrafanaFrame mode="dark">
      <span />
    </GrafanaFrame>
  )
);

async function timed(work: () => void): Promise<number> {
  const started = performance.now();
  work();
  await frame();
  return performance.now() - started;
}

const snapshot = benchSnapshot(50, 2880, 20);
// The frames a query hands the panel, built once outside the timings (in Grafana the data source builds them,
// as the floor's aligned arrays are built before its timing). Each first render gets a new series array, so
// nothing the panel memoises on the data's identity carries over from the previous render.
const frames = snapshotData(snapshot);
let data: PanelData = frames;

// Grafana's theme exists before any panel mounts: made once, not inside every timed first render.
const theme = createTheme({ colors: { mode: 'dark' } });

function panel(width: number, height: number) {
  return (
    <GrafanaFrame mode="dark" globalStyles={false} theme={theme}>
      <OverlayPanel {...panelProps(OPTIONS, data, width, height)} now={snapshot.now} tick={false} />
    </GrafanaFrame>
  );
}

const api = {
  snapshot,
  /** How many titles the panel draws by name (the rest fold into "other"). */
  async setTopN(topN: number): Promise<number> {
    OPTIONS = { ...DEFAULT_OPTIONS, capacityConstant: 0, topN };
    return topN;
  },
  async renderPanel(width: number, height: number): Promise<number> {
    root?.unmount();
    host.innerHTML = '';
    root = createRoot(host);
    const r = root;
    data = { ...frames, series: [...frames.series] };
    return timed(() => flushSync(() => r.render(panel(width, height))));
  },
  async resizePanel(width: number, height: number): Promise<number> {
    const r = root!;
    return timed(() => flushSync(() => r.render(panel(width, height))));
  },
  /** The panel's data preparation alone (folding, events, forecast, badges) on a new series array. */
  async prepare(): Promise<number> {
    const fresh = { ...frames, series: [...frames.series] };
    const started = performance.now();
    prepareOverlay(fresh, OPTIONS, snapshot.now);
    return performance.now() - started;
  },
  async renderUplot(width: number, height: number): Promise<number> {
    root?.unmount();
    root = undefined;
    plot?.destroy();
    host.innerHTML = '';
    const viewers = api.snapshot.series.filter((s) => s.name === 'launchday_concurrent_viewers');
    const times = viewers[0]!.times.map((t) => t / 1000);
    const total = times.map((_, i) => viewers.reduce((sum, s) => sum + s.values[i]!, 0));
    const data: uPlot.AlignedData = [times, ...viewers.map((s) => s.values), total];
    const opts: uPlot.Options = {
      width,
      height,
      series: [
        {},
        ...viewers.map((s, i) => ({ label: s.labels.title, stroke: `hsl(${(i * 47) % 360} 70% 60%)` })),
        { label: 'Total', stroke: '#fff', dash: [6, 4] },
      ],
      axes: [{ stroke: '#ccc' }, { stroke: '#ccc' }],
    };
    return timed(() => {
      plot = new uPlot(opts, data, host);
    });
  },
  /** Status tiles the last panel render drew (the benchmark includes them). */
  async tiles(): Promise<number> {
    return document.querySelectorAll('[data-testid="event-tile"]').length;
  },
  async resizeUplot(width: number, height: number): Promise<number> {
    return timed(() => plot!.setSize({ width, height }));
  },
};

(window as unknown as { launchdayBench: typeof api }).launchdayBench = api;
document.body.dataset.ready = '1';
