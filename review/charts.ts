// The review's charts as SVG text (rendered to PNG in Chromium by render.ts): no chart library, a few
// lines and rectangles on a fixed canvas.
import type { ReviewData } from './collect';
import type { Sample } from './prometheusApi';
import { compact, formatTime } from './verdict';

export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 300;
const M = { left: 70, right: 150, top: 34, bottom: 34 };
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const STATUS_COLOURS: Record<string, string> = { green: '#2ca02c', amber: '#ffb000', red: '#d62728' };

interface LineSpec {
  name: string;
  colour: string;
  points: readonly Sample[];
  dashed?: boolean;
}

interface ChartSpec {
  title: string;
  from: number;
  to: number;
  yMin: number;
  yMax: number;
  yFormat: (v: number) => string;
  lines: LineSpec[];
  hlines?: { y: number; label: string; colour: string }[];
  bands?: { from: number; to: number; low: number; high: number; colour: string; label: string }[];
  vlines?: { t: number; label: string }[];
  timeZone?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function frame(spec: ChartSpec) {
  const w = CHART_WIDTH - M.left - M.right;
  const h = CHART_HEIGHT - M.top - M.bottom;
  const x = (t: number) => M.left + ((t - spec.from) / Math.max(1, spec.to - spec.from)) * w;
  const y = (v: number) => M.top + h - ((v - spec.yMin) / Math.max(1e-12, spec.yMax - spec.yMin)) * h;
  return { w, h, x, y };
}

function axes(spec: ChartSpec, x: (t: number) => number, y: (v: number) => number): string[] {
  const out: string[] = [];
  out.push(`<text x="${M.left}" y="20" font-size="15" font-weight="600">${esc(spec.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = spec.yMin + ((spec.yMax - spec.yMin) * i) / 4;
    out.push(
      `<line x1="${M.left}" x2="${CHART_WIDTH - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${esc(spec.yFormat(v))}</text>`
    );
  }
  const hourMs = 3_600_000;
  const span = spec.to - spec.from;
  const tick = span > 12 * hourMs ? 4 * hourMs : span > 4 * hourMs ? hourMs : 30 * 60_000;
  for (let t = Math.ceil(spec.from / tick) * tick; t <= spec.to; t += tick)
    out.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${M.top}" y2="${CHART_HEIGHT - M.bottom}" stroke="#eee"/>`,
      `<text x="${x(t)}" y="${CHART_HEIGHT - M.bottom + 16}" font-size="11" text-anchor="middle">${formatTime(t, spec.timeZone)}</text>`
    );
  return out;
}

export function lineChart(spec: ChartSpec): string {
  const { x, y } = frame(spec);
  const clampY = (v: number) => y(Math.min(spec.yMax, Math.max(spec.yMin, v)));
  const out = axes(spec, x, y);
  let legendY = M.top + 4;
  const legend = (colour: string, label: string, dashed = false) => {
    out.push(
      `<line x1="${CHART_WIDTH - M.right + 10}" x2="${CHART_WIDTH - M.right + 28}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="3"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${CHART_WIDTH - M.right + 32}" y="${legendY + 4}" font-size="11">${esc(label)}</text>`
    );
    legendY += 16;
  };
  for (const b of spec.bands ?? []) {
    const x0 = x(Math.max(spec.from, b.from));
    out.push(
      `<rect x="${x0}" width="${Math.max(0, x(Math.min(spec.to, b.to)) - x0)}" y="${clampY(b.high)}" height="${Math.max(1, clampY(b.low) - clampY(b.high))}" fill="${b.colour}" fill-opacity="0.18" stroke="${b.colour}" stroke-opacity="0.6"/>`
    );
    legend(b.colour, b.label);
  }
  for (const v of spec.vlines ?? [])
    out.push(
      `<line x1="${x(v.t)}" x2="${x(v.t)}" y1="${M.top}" y2="${CHART_HEIGHT - M.bottom}" stroke="#555" stroke-dasharray="4 3"/>`,
      `<text x="${x(v.t) + 3}" y="${M.top + 10}" font-size="10" fill="#555">${esc(v.label)}</text>`
    );
  for (const hl of spec.hlines ?? [])
    out.push(
      `<line x1="${M.left}" x2="${CHART_WIDTH - M.right}" y1="${y(hl.y)}" y2="${y(hl.y)}" stroke="${hl.colour}" stroke-width="1.5" stroke-dasharray="6 3"/>`,
      `<text x="${CHART_WIDTH - M.right - 4}" y="${y(hl.y) - 4}" font-size="11" text-anchor="end" fill="${hl.colour}">${esc(hl.label)}</text>`
    );
  for (const line of spec.lines) {
    const d = line.points
      .filter((p) => p.t >= spec.from && p.t <= spec.to)
      .map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${clampY(p.v).toFixed(1)}`)
      .join('');
    if (d)
      out.push(
        `<path d="${d}" fill="none" stroke="${line.colour}" stroke-width="2"${line.dashed ? ' stroke-dasharray="5 3"' : ''}/>`
      );
    legend(line.colour, line.name, line.dashed);
  }
  return svg(out);
}

const svg = (body: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" font-family="DejaVu Sans, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${body.join('')}</svg>`;

/** Every chart of one review, by file name. */
export function reviewCharts(data: ReviewData): { name: string; svg: string }[] {
  const { from, to, event } = data;
  const zone = event.timeZone;
  const vlines = [
    { t: event.start, label: 'start' },
    { t: event.end, label: 'end' },
  ];
  const out: { name: string; svg: string }[] = [];
  const forecastTop = Math.max(0, ...data.forecasts.map((f) => f.bands?.p90 ?? 0));
  out.push({
    name: 'audience.png',
    svg: lineChart({
      title: `Viewers of ${event.title}: actual and the forecast peak bands (P10-P90)`,
      from,
      to,
      yMin: 0,
      yMax: Math.max(1, data.peak?.v ?? 0, forecastTop) * 1.1,
      yFormat: compact,
      lines: [{ name: 'actual', colour: '#000', points: data.audience }],
      bands: data.forecasts
        .filter((f) => f.bands)
        .map((f, i) => ({
          from: f.at,
          to: event.end,
          low: f.bands!.p10,
          high: f.bands!.p90,
          colour: PALETTE[i % PALETTE.length]!,
          label: `made ${f.label}`,
        })),
      vlines,
      timeZone: zone,
    }),
  });
  out.push({
    name: 'headroom.png',
    svg: lineChart({
      title: 'Share of each limit used',
      from,
      to,
      yMin: 0,
      yMax: Math.max(1.1, ...data.resources.map((r) => (r.peakUsed?.v ?? 0) * 1.05)),
      yFormat: (v) => `${Math.round(v * 100)}%`,
      lines: data.resources.map((r, i) => ({ name: r.resource, colour: PALETTE[i % PALETTE.length]!, points: r.used })),
      hlines: [
        { y: 0.9, label: '90%', colour: '#ffb000' },
        { y: 1, label: 'limit', colour: '#d62728' },
      ],
      vlines,
      timeZone: zone,
    }),
  });
  const login = data.slos.filter(
    (s) => s.slo === 'login_success' && (s.scope === 'all' || s.scope.startsWith('region='))
  );
  if (login.length)
    out.push({
      name: 'login-success.png',
      svg: lineChart({
        title: 'Login success ratio (5 min), all and per region',
        from,
        to,
        yMin: Math.min(login[0]!.objective - 0.05, ...login.flatMap((s) => s.values.map((p) => p.v))),
        yMax: 1,
        yFormat: (v) => `${(v * 100).toFixed(1)}%`,
        lines: login.map((s, i) => ({
          name: s.scope,
          colour: i ? PALETTE[i % PALETTE.length]! : '#000',
          points: s.values,
          dashed: i > 0,
        })),
        hlines: [
          { y: login[0]!.objective, label: `SLO ${(login[0]!.objective * 100).toFixed(1)}%`, colour: '#d62728' },
        ],
        vlines,
        timeZone: zone,
      }),
    });
  const segments = data.slos.filter(
    (s) => s.slo === 'segment_errors' && (s.scope === 'all' || s.scope.startsWith('cdn='))
  );
  if (segments.length)
    out.push({
      name: 'segment-errors.png',
      svg: lineChart({
        title: 'Segment error ratio (5 min), all and per CDN',
        from,
        to,
        yMin: 0,
        yMax: Math.max(segments[0]!.objective * 1.5, ...segments.flatMap((s) => s.values.map((p) => p.v * 1.05))),
        yFormat: (v) => `${(v * 100).toFixed(1)}%`,
        lines: segments.map((s, i) => ({
          name: s.scope,
          colour: i ? PALETTE[i % PALETTE.length]! : '#000',
          points: s.values,
          dashed: i > 0,
        })),
        hlines: [
          { y: segments[0]!.objective, label: `SLO ${(segments[0]!.objective * 100).toFixed(1)}%`, colour: '#d62728' },
        ],
        vlines,
        timeZone: zone,
      }),
    });
  out.push({ name: 'timeline.png', svg: timelineChart(data) });
  return out;
}

/** Status as a coloured strip, then one bar row per alert while it fired. */
function timelineChart(data: ReviewData): string {
  // Alert names need a wider label column than the line charts' axis.
  const LEFT = 200;
  const rows = ['status', ...new Set(data.alerts.map((a) => a.name))];
  const height = M.top + M.bottom + rows.length * 26;
  const spec: ChartSpec = {
    title: 'Status and alerts',
    from: data.from,
    to: data.to,
    yMin: 0,
    yMax: 1,
    yFormat: String,
    lines: [],
    timeZone: data.event.timeZone,
  };
  const w = CHART_WIDTH - LEFT - M.right;
  const x = (t: number) =>
    LEFT + ((Math.min(data.to, Math.max(data.from, t)) - data.from) / Math.max(1, data.to - data.from)) * w;
  const out = [`<text x="${LEFT}" y="20" font-size="15" font-weight="600">${esc(spec.title)}</text>`];
  const hour = 3_600_000;
  for (let t = Math.ceil(data.from / hour) * hour; t <= data.to; t += hour)
    out.push(
      `<text x="${x(t)}" y="${height - M.bottom + 16}" font-size="11" text-anchor="middle">${formatTime(t, spec.timeZone)}</text>`
    );
  const stepMs = data.stepSeconds * 1000;
  rows.forEach((row, i) => {
    const top = M.top + i * 26;
    out.push(
      `<text x="${LEFT - 6}" y="${top + 16}" font-size="10" text-anchor="end">${esc(row.replace(/^Launchday/, ''))}</text>`
    );
    out.push(`<rect x="${LEFT}" y="${top + 3}" width="${w}" height="18" fill="#f4f4f4"/>`);
    if (row === 'status') {
      for (const [state, points] of data.statusSamples)
        for (const p of points)
          if (p.v === 1)
            out.push(
              `<rect x="${x(p.t)}" y="${top + 3}" width="${Math.max(1, x(p.t + stepMs) - x(p.t))}" height="18" fill="${STATUS_COLOURS[state] ?? '#888'}"/>`
            );
    } else
      for (const a of data.alerts.filter((al) => al.name === row))
        for (const f of a.firing)
          out.push(
            `<rect x="${x(f.from)}" y="${top + 3}" width="${Math.max(1, x(f.to) - x(f.from))}" height="18" fill="#d62728" fill-opacity="0.75"/>`
          );
  });
  for (const v of [data.event.start, data.event.end])
    out.push(
      `<line x1="${x(v)}" x2="${x(v)}" y1="${M.top}" y2="${height - M.bottom}" stroke="#555" stroke-dasharray="4 3"/>`
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" font-family="DejaVu Sans, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${out.join('')}</svg>`;
}
