// A small reader of Prometheus's HTTP API for the review: instant and range queries, with every
// failure turned into a sentence the report can print (unreachable, refused, bad answer).

export interface Sample {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

export interface Series {
  labels: Record<string, string>;
  points: Sample[];
}

export class PrometheusUnreachable extends Error {}

export interface PrometheusApi {
  readonly url: string;
  /** The value of each series at `at` (Prometheus's 5-minute lookback applies). */
  instant(expr: string, at: number): Promise<Series[]>;
  /** Samples every `stepSeconds` over [from, to]; long spans are read in chunks, reporting progress. */
  range(expr: string, from: number, to: number, stepSeconds: number): Promise<Series[]>;
  /** The retention Prometheus says it keeps (e.g. "15d"), if it says. */
  retention(): Promise<string | undefined>;
}

interface ApiAnswer {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: { metric?: Record<string, string>; value?: [number, string]; values?: [number, string][] }[];
  };
}

/** Prometheus refuses more than 11,000 points per series; stay well under. */
const MAX_POINTS = 5000;

export function prometheusApi(
  url: string,
  opts: { onProgress?: (message: string) => void; timeoutMs?: number } = {}
): PrometheusApi {
  const base = url.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 30_000;

  async function call(path: string, params: Record<string, string>): Promise<ApiAnswer> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        body: new URLSearchParams(params),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new PrometheusUnreachable(`Prometheus unreachable at ${base}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: ApiAnswer;
    try {
      body = JSON.parse(text) as ApiAnswer;
    } catch {
      throw new Error(
        `Prometheus at ${base}${path} answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`
      );
    }
    if (body.status !== 'success')
      throw new Error(`Prometheus refused ${params.query ?? path}: ${body.error ?? response.status}`);
    return body;
  }

  const toSeries = (body: ApiAnswer): Series[] =>
    (body.data?.result ?? []).map((r) => ({
      labels: r.metric ?? {},
      points: (r.values ?? (r.value ? [r.value] : []))
        .map(([t, v]) => ({ t: Math.round(t * 1000), v: Number(v) }))
        .filter((p) => Number.isFinite(p.v)),
    }));

  return {
    url: base,
    async instant(expr, at) {
      return toSeries(await call('/api/v1/query', { query: expr, time: String(at / 1000) }));
    },
    async range(expr, from, to, stepSeconds) {
      const chunkMs = MAX_POINTS * stepSeconds * 1000;
      const chunks = Math.max(1, Math.ceil((to - from) / chunkMs));
      const merged = new Map<string, Series>();
      for (let i = 0; i < chunks; i++) {
        const start = from + i * chunkMs;
        // Chunks meet on a step boundary without reading that step twice.
        const end = Math.min(to, start + chunkMs - stepSeconds * 1000);
        if (chunks > 1) opts.onProgress?.(`${expr.split('\n')[0]!.slice(0, 60)}: part ${i + 1} of ${chunks}`);
        const body = await call('/api/v1/query_range', {
          query: expr,
          start: String(start / 1000),
          end: String(end / 1000),
          step: String(stepSeconds),
        });
        for (const s of toSeries(body)) {
          const key = JSON.stringify(s.labels);
          const have = merged.get(key);
          if (have) have.points.push(...s.points);
          else merged.set(key, s);
        }
      }
      return [...merged.values()];
    },
    async retention() {
      try {
        const response = await fetch(`${base}/api/v1/status/runtimeinfo`, { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await response.json()) as { data?: { storageRetention?: string } };
        return body.data?.storageRetention;
      } catch {
        return undefined;
      }
    },
  };
}
