// npm run bench:panel: the overlay panel in Chromium against plain uPlot on the same 50 titles x 2,880 points
// (plus 20 events, the published forecast and the status tiles for the panel). Prints medians side by side,
// the ratios to the targets and the load average.
import { loadavg } from 'node:os';

import { buildHarness, HARNESS_DIR, launchChromium } from '../tests/browser/chromium';
import { startHarnessServer } from '../tests/browser/server';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const WIDTH = 1200;
const HEIGHT = 700;

type Bench = Record<
  'renderPanel' | 'resizePanel' | 'renderUplot' | 'resizeUplot' | 'prepare' | 'setTopN' | 'tiles',
  (a: number, b: number) => Promise<number>
>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function row(label: string, panel: number, floor: number) {
  const ratio = panel / floor;
  const ok = ratio <= 1.5 && panel <= 100;
  console.log(
    `  ${label.padEnd(13)} panel ${panel.toFixed(1).padStart(6)} ms   uPlot ${floor.toFixed(1).padStart(6)} ms   ${ratio.toFixed(2)}x   ${ok ? 'within' : 'MISSES'} targets (<= 1.5x the floor, <= 100 ms)`
  );
}

async function main() {
  buildHarness(process.env.BENCH_REUSE_HARNESS === '1');
  const server = await startHarnessServer(HARNESS_DIR);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH + 40, height: HEIGHT + 40 } });
    await page.goto(`${server.url}/preview/bench.html`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    const measure = (fn: keyof Bench, w = WIDTH, h = HEIGHT) =>
      page.evaluate(({ fn, w, h }) => (window as unknown as { launchdayBench: Bench }).launchdayBench[fn](w, h), {
        fn,
        w,
        h,
      });
    console.log(
      `bench:panel — 50 titles x 2,880 points, 20 events, published forecast, status tiles; ${WIDTH}x${HEIGHT} px; medians of ${RUNS} first renders and ${RUNS * 2} resizes, interleaved with the floor`
    );
    const load = () =>
      loadavg()
        .map((x) => x.toFixed(2))
        .join(' ');
    console.log(`load average before: ${load()} (${process.env.BENCH_NOTE ?? '2 cores shared'})`);
    // Top 50: every title drawn, like for like with the floor. Top 5: the panel's default display of the same data.
    for (const topN of [50, 5]) {
      await measure('setTopN', topN);
      const r: Record<string, number[]> = {
        panelFirst: [],
        panelResize: [],
        uplotFirst: [],
        uplotResize: [],
        prepare: [],
      };
      // One warm-up of each, not counted: the first run pays for JIT and style injection.
      await measure('renderPanel');
      const tiles = await measure('tiles');
      if (tiles === 0) throw new Error('the panel drew no status tile: the benchmark must include them');
      await measure('renderUplot');
      for (let i = 0; i < RUNS; i++) {
        r.panelFirst!.push(await measure('renderPanel'));
        for (let k = 0; k < 2; k++)
          r.panelResize!.push(await measure('resizePanel', WIDTH - (k ? 0 : 200), HEIGHT - (k ? 0 : 100)));
        r.prepare!.push(await measure('prepare'));
        r.uplotFirst!.push(await measure('renderUplot'));
        for (let k = 0; k < 2; k++)
          r.uplotResize!.push(await measure('resizeUplot', WIDTH - (k ? 0 : 200), HEIGHT - (k ? 0 : 100)));
      }
      const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)])) as Record<string, number>;
      console.log(
        `top ${topN} titles drawn (${topN === 50 ? 'all: like for like' : 'the default: the rest folded into "other"'}); the floor draws all 50 and the total`
      );
      row('first render', m.panelFirst!, m.uplotFirst!);
      row('resize', m.panelResize!, m.uplotResize!);
      console.log(
        `  data preparation alone, measured apart (frames, folding, events, published forecast): ${m.prepare!.toFixed(1)} ms; ${tiles} status tiles drawn`
      );
    }
    console.log(`load average after: ${load()}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
