import { createRoot } from 'react-dom/client';

import type { HistorySnapshot } from '../../core/history/snapshot';
import { ExecApp } from './ExecApp';
import { HarnessApp } from './HarnessApp';
import { previewSource } from './previewSource';
import { parseSnapshot } from './snapshotSchema';

/**
 * The harness and preview page. `?source=PATH` names a HistorySnapshot on this origin (the exporter's
 * /api/v1/history, or a test fixture), polled every 5 s; `?theme=light|dark`; `?width=&height=` fix the
 * panel size; `?kiosk` drops the page's chrome (as Grafana's kiosk mode); `?tick=0` holds the clocks;
 * `/preview/exec` is the executive view.
 */
const params = new URLSearchParams(window.location.search);
const source = previewSource(params.get('source'), window.location.href);
const mode = params.get('theme') === 'light' ? 'light' : 'dark';
const poll = params.get('poll') !== '0';
const tick = params.get('tick') !== '0';
const kiosk = params.has('kiosk') && params.get('kiosk') !== '0';
const exec = /\/exec\/?$/.test(window.location.pathname);
const root = createRoot(document.getElementById('root')!);
const status = document.getElementById('status')!;

document.title = exec ? 'Launchday executive view' : 'Launchday war room';
if (kiosk) {
  document.body.classList.add('kiosk');
}

function size() {
  const chrome = kiosk ? { w: 0, h: 0 } : { w: 24, h: 48 };
  return {
    width: Number(params.get('width')) || Math.max(480, window.innerWidth - chrome.w),
    height: Number(params.get('height')) || Math.max(360, window.innerHeight - chrome.h),
  };
}

let last: { snapshot: HistorySnapshot; receivedAt: number } | undefined;
function render() {
  if (!last) {
    return;
  }
  const common = { ...last, mode, bare: kiosk, ...size() } as const;
  root.render(exec ? <ExecApp {...common} /> : <HarnessApp {...common} tick={tick} />);
}

function say(text: string, problem: boolean) {
  status.textContent = text;
  status.dataset.problem = problem ? '1' : '';
}

async function load(url: string) {
  try {
    const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
    if (!res.ok) {
      throw new Error(`${url} answered ${res.status}`);
    }
    const parsed = parseSnapshot(await res.json());
    if ('error' in parsed) {
      // Keep showing the last good snapshot; say what was wrong with the new one.
      throw new Error(`invalid history from ${url}: ${parsed.error}`);
    }
    last = { snapshot: parsed.snapshot, receivedAt: Date.now() };
    const replay = last.snapshot.timeScale ? ` · replay x${last.snapshot.timeScale}, shown on the wall clock` : '';
    say(`Loaded ${url} at ${new Date(last.receivedAt).toISOString()}${replay}`, false);
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
    render();
  } catch (err) {
    say(`Could not load ${url}: ${String(err)}`, true);
  }
}

document.body.style.background = mode === 'light' ? '#f4f5f5' : '#111217';
document.body.style.color = mode === 'light' ? '#24292e' : '#ccccdc';
window.addEventListener('resize', render);
if ('error' in source) {
  say(source.error, true);
  document.body.dataset.refused = '1';
} else {
  const url = source.url;
  void load(url);
  if (poll) {
    setInterval(() => void load(url), 5000);
  }
}
