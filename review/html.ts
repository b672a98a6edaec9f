// The report as one self-contained HTML page (charts inlined as PNG data URIs), the source of the PDF.
import type { ReviewData } from './collect';
import { formatTime, signedPercent, verdictOf } from './verdict';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const percent = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;
const count = (v: number) => Math.round(v).toLocaleString('en-US');

export function reviewHtml(data: ReviewData, charts: { name: string; png: Buffer }[]): string {
  const zone = data.event.timeZone ?? 'UTC';
  const at = (t: number) => formatTime(t, zone);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'full' }).format(data.event.start);
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  const dayOf = (t: number) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' }).format(t);
  const forecastRows = data.forecasts.map((f) => [
    f.label,
    dayOf(f.at) === dayOf(data.event.start) ? at(f.at) : `${dayOf(f.at)} ${at(f.at)}`,
    f.bands ? count(f.bands.p10) : '-',
    f.bands ? count(f.bands.p50) : '-',
    f.bands ? count(f.bands.p90) : '-',
    f.error !== undefined ? signedPercent(f.error) : '-',
    f.inBand === undefined ? '-' : f.inBand ? 'yes' : 'no',
    f.missing ? esc(f.missing) : '',
  ]);
  const resourceRows = data.resources.map((r) => [
    esc(r.resource),
    r.peakUsed ? percent(r.peakUsed.v) : '-',
    r.peakUsed ? at(r.peakUsed.t) : '-',
    count(r.minutesWithin10),
  ]);
  const sloRows = data.slos
    .filter((s) => s.scope === 'all' || s.minutesOver > 0)
    .map((s) => [
      s.slo === 'login_success'
        ? `login success &ge; ${percent(s.objective)}`
        : `segment errors &le; ${percent(s.objective)}`,
      esc(s.scope),
      count(s.minutesOver),
      s.breaches[0] ? at(s.breaches[0].from) : '-',
      s.breaches.at(-1) ? at(s.breaches.at(-1)!.to) : '-',
    ]);
  const amRows = (data.alertmanager ?? []).map((a) => [
    esc(a.name),
    esc(a.state),
    esc(a.startsAt),
    esc(a.endsAt ?? ''),
  ]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Review: ${esc(data.event.title)} (${esc(data.event.id)})</title>
<style>
body{font-family:'DejaVu Sans',sans-serif;margin:24px;color:#111;font-size:12px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px;break-after:avoid}
.verdict{font-size:15px;font-weight:600;border-left:6px solid #333;padding:8px 12px;background:#f4f4f4}
.missing{border-left:6px solid #d62728;padding:6px 12px;background:#fff3f3}
table{border-collapse:collapse;margin:4px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{background:#eee}img{width:100%;max-width:1000px;break-inside:avoid;display:block;margin:6px 0}
.meta{color:#555}
</style></head><body>
<h1>${esc(data.event.title)}: launch review</h1>
<div class="meta">Event <code>${esc(data.event.id)}</code>${data.event.kind ? ` (${esc(data.event.kind)})` : ''}, ${esc(day)}, ${at(data.event.start)}-${at(data.event.end)} ${esc(zone)}.
Read from ${esc(data.prometheusUrl)} over ${at(data.from)}-${at(data.to)} at ${data.stepSeconds} s steps.</div>
<p class="verdict" id="verdict">${esc(verdictOf(data))}</p>
${data.missing.length ? `<div class="missing" id="missing"><b>Missing or incomplete</b><ul>${data.missing.map((m) => `<li>${esc(m)}</li>`).join('')}</ul></div>` : ''}
<h2>Audience</h2>
<p id="peak">Peak: ${data.peak ? `${count(data.peak.v)} viewers at ${at(data.peak.t)}` : 'no data'}${data.event.expectedPeak ? `; the plan expected ${count(data.event.expectedPeak)}` : ''}.</p>
<table id="forecasts"><tr><th>forecast made</th><th>at</th><th>P10</th><th>P50</th><th>P90</th><th>P50 error</th><th>peak in band</th><th></th></tr>${rows(forecastRows)}</table>
<h2>Headroom used</h2>
<table id="headroom"><tr><th>resource</th><th>most used</th><th>at</th><th>minutes within 10% of the limit</th></tr>${rows(resourceRows)}</table>
<h2>SLOs</h2>
<table id="slos"><tr><th>objective</th><th>scope</th><th>minutes over</th><th>first breach</th><th>last breach ended</th></tr>${rows(sloRows)}</table>
<h2>Timeline</h2>
<table id="timeline"><tr><th>${esc(zone)}</th><th>what</th></tr>${rows(data.timeline.map((e) => [at(e.t), esc(e.what)]))}</table>
${data.alertmanager ? `<h2>Alertmanager now</h2><table><tr><th>alert</th><th>state</th><th>starts</th><th>ends</th></tr>${rows(amRows)}</table>` : ''}
<h2>Charts</h2>
${charts.map((c) => `<img alt="${esc(c.name)}" src="data:image/png;base64,${c.png.toString('base64')}">`).join('\n')}
</body></html>
`;
}
