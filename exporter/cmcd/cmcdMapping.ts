import type { TelemetryEvent } from '../ingest/eventSchema';
import { OTHER } from '../state/labelGuard';
import type { CmcdConfig } from './config';
import type { CmcdReport } from './cmcdReport';
import type { LoggedRequest } from './nginxCmcdLine';
import { sessionState } from './playerState';

/** What one CMCD report or log line means to the exporter: v1 events, and maybe a player error. */
export interface CmcdEffects {
  events: TelemetryEvent[];
  /** The title of an `e=e` error report. */
  errorTitle?: string;
  /** When it happened, for log lines: a session is kept alive from then, not from when the line arrived. */
  at?: number;
}

/** Object types that are not media: manifests, keys, other. */
const NOT_MEDIA = new Set(['m', 'k', 'o']);
const MEDIA_PATH = /\.(ts|m4s|mp4|m4v|m4a|aac|cmfv|cmfa|cmft|vtt|webm|mp3|ac3|ec3)$/i;

/** Turns decoded CMCD into the validated v1 events the telemetry state takes: one flow, one state. */
export class CmcdMapping {
  private readonly titles: Map<string, string>;
  private readonly cdnHosts: Map<string, string>;

  constructor(private readonly config: CmcdConfig) {
    // Maps, not the parsed objects: a cid like "constructor" must not find Object.prototype.
    this.titles = new Map(Object.entries(config.titles));
    this.cdnHosts = new Map(Object.entries(config.cdnHosts).map(([host, cdn]) => [host.toLowerCase(), cdn]));
  }

  /** A player's event-mode report: `sta` drives the session, `e=rr` is a segment result, `e=e` an error. */
  playerReport(report: CmcdReport): CmcdEffects {
    const title = this.title(report.cid);
    const events: TelemetryEvent[] = [];
    if (report.sid !== undefined) {
      events.push({
        type: 'heartbeat',
        sid: report.sid,
        title,
        state: sessionState(report),
        cdn: report.cdn ?? this.config.players.cdn,
        device: this.config.players.device,
        weight: 1,
      });
    }
    if (report.e === 'rr' && report.rc !== undefined && !NOT_MEDIA.has(report.ot ?? '')) {
      const cdn = report.cdn ?? this.cdnOfUrl(report.url) ?? this.config.players.cdn;
      // No CDN known: the label guard exports an empty cdn as `unknown`, as for heartbeats.
      events.push({ type: 'segment', title, cdn: cdn ?? '', status: segmentStatus(report.rc) });
    }
    return report.e === 'e' ? { events, errorTitle: title } : { events };
  }

  /**
   * One request seen by a CDN or origin: a media request is a segment result with the logged status;
   * any request with a `sid` keeps its session alive in the state the request carried.
   */
  loggedRequest(report: CmcdReport, request: LoggedRequest, logCdn: string): CmcdEffects {
    const { status, path, host } = request;
    const title = this.title(report.cid);
    const cdn = report.cdn ?? this.cdnHosts.get(host.toLowerCase()) ?? logCdn;
    const events: TelemetryEvent[] = [];
    if (report.sid !== undefined) {
      events.push({ type: 'heartbeat', sid: report.sid, title, state: sessionState(report), cdn, weight: 1 });
    }
    const media = report.ot === undefined ? MEDIA_PATH.test(path) : !NOT_MEDIA.has(report.ot);
    if (media) events.push({ type: 'segment', title, cdn, status: segmentStatus(status) });
    return { events, at: request.at };
  }

  private title(cid: string | undefined): string {
    if (cid === undefined) return OTHER;
    return this.titles.get(cid) ?? cid;
  }

  private cdnOfUrl(url: string | undefined): string | undefined {
    if (url === undefined || this.cdnHosts.size === 0) return undefined;
    try {
      return this.cdnHosts.get(new URL(url).hostname.toLowerCase());
    } catch {
      return undefined; // a relative or broken URL names no host
    }
  }
}

/** A response code outside HTTP's range (0 is what players report for a network failure) is an abort. */
function segmentStatus(code: number): number | 'aborted' {
  return code >= 100 && code <= 599 ? code : 'aborted';
}
