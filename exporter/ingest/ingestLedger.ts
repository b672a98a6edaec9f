/** What ingestion accepted and refused, for the exporter's own health metrics. */
export class IngestLedger {
  readonly accepted = new Map<string, number>();
  readonly rejected = new Map<string, number>();
  /** Whole requests refused before their events were read, by HTTP status. */
  readonly refusedRequests = new Map<string, number>();

  accept(type: string, n = 1): void {
    this.accepted.set(type, (this.accepted.get(type) ?? 0) + n);
  }

  reject(reason: string, n = 1): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + n);
  }

  refuseRequest(status: number): void {
    const code = String(status);
    this.refusedRequests.set(code, (this.refusedRequests.get(code) ?? 0) + 1);
  }
}
