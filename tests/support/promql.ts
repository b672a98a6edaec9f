// Minimal Prometheus HTTP API client for tests: instant queries and the API's own error text.
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export type PromResult =
  { ok: true; resultType: string; series: PromSample[]; scalar?: number } | { ok: false; error: string };

export async function queryInstant(baseUrl: string, expr: string, time?: number): Promise<PromResult> {
  const params = new URLSearchParams({ query: expr });
  if (time !== undefined) params.set('time', String(time));
  const response = await fetch(`${baseUrl}/api/v1/query`, { method: 'POST', body: params });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: unknown };
  };
  if (body.status !== 'success' || !body.data) return { ok: false, error: body.error ?? `HTTP ${response.status}` };
  const { resultType, result } = body.data;
  if (resultType === 'vector') return { ok: true, resultType, series: result as PromSample[] };
  if (resultType === 'scalar') {
    const [, value] = result as [number, string];
    return { ok: true, resultType, series: [], scalar: Number(value) };
  }
  return { ok: true, resultType, series: [] };
}

/** The active alerts Prometheus holds, firing or pending. */
export async function prometheusAlerts(
  baseUrl: string
): Promise<Array<{ labels: Record<string, string>; state: string }>> {
  const response = await fetch(`${baseUrl}/api/v1/alerts`);
  const body = (await response.json()) as {
    data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
  };
  return body.data.alerts;
}
