import { createRoot } from 'react-dom/client';

import type { HistorySnapshot } from '../../core/history/snapshot';
import { HarnessApp } from './HarnessApp';
import { parseSnapshot } from './snapshotSchema';

/**
 * The harness and preview page. `?source=URL` names a HistorySnapshot (the exporter's /api/v1/history, or a
 * test fixture), polled every 5 s; `?theme=light|dark`; `?width=&height=` fix the panel size.
 */
const params = new URLSearchParams(window.location.search);
const source = params.get('source') ?? '/api/v1/history';
const mode = params.get('theme') === 'light' ? 'light' : 'dark';
const poll = params.get('poll') !== '0';
const root = createRoot(document.getElementById('root')!);
const status = document.getElementById('status')!;

function size() {
  return {
    width: Number(params.get('width')) || Math.max(480, window.innerWidth - 24),
    height: Number(params.get('height')) || Math.max(360, window.innerHeight - 48),
  };
}

let last: HistorySnapshot | undefined;
function render() {
  if (last) {
    root.render(<HarnessApp snapshot={last} mode={mode} {...size()} />);
  }
}

async function load() {
  try {
    const res = await fetch(source, { cache: 'no-store' });
    if (!res.ok) {
      throw new Error(`${source} answered ${res.status}`);
    }
    const parsed = parseSnapshot(await res.json());
    if ('error' in parsed) {
      // Keep showing the last good snapshot; say what was wrong with the new one.
      throw new Error(`invalid history from ${source}: ${parsed.error}`);
    }
    last = parsed.snapshot;
    const replay = last?.timeScale ? ` · replay x${last.timeScale}: the axis is the replay's clock` : '';
    status.textContent = `Loaded ${source} at ${new Date().toISOString()}${replay}`;
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
    render();
  } catch (err) {
    status.textContent = `Could not load ${source}: ${String(err)}`;
  }
}

document.body.style.background = mode === 'light' ? '#f4f5f5' : '#111217';
document.body.style.color = mode === 'light' ? '#24292e' : '#ccccdc';
window.addEventListener('resize', render);
void load();
if (poll) {
  setInterval(load, 5000);
}
