import type { TelemetryEvent } from '../ingest/eventSchema';
import { OTHER } from '../state/labelGuard';
import type { SegmentStatus } from '../state/statusClass';
import type { CmcdConfig } from './config';
import type { CmcdReport } from './cmcdReport';
import type { LoggedRequest } from './nginxCmcdLine';
import { sessionState } from './playerState';

/** What one CMCD report or log line means to the exporter. */
export interface CmcdEffects {
  /** v1 events for the telemetry state (heartbeats carry `ts`, so older news never overrides newer). */
  events: TelemetryEvent[];
  /** A player's own `e=rr` for a media object: counted apart from the CDN's view of the same request. */
  playerResponse?: { title: string; cdn: string; status: SegmentStatus };
  /** The title of an `e=e` error report. */
  errorTitle?: string;
  /** The heartbeat's CDN is only `cmcd.players.cdn`: a label for new sessions, never over a known one. */
  defaultCdn?: boolean;
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

  /**
   * A player's event-mode report: `sta` drives the session, `e=rr` is the player's view of a response,
   * `e=e` an error. The player knows the device, and the CDN only when it says so (`cdn` key);
   * `cmcd.players.cdn` labels new sessions only, so a session keeps the CDN its log lines gave it.
   */
  playerReport(report: CmcdReport): CmcdEffects {
    const title = this.title(report.cid);
    const effects: CmcdEffects = { events: [] };
    if (report.sid !== undefined) {
      effects.events.push({
        type: 'heartbeat',
        sid: report.sid,
        title,
        state: sessionState(report),
        cdn: report.cdn ?? this.config.players.cdn,
        device: this.config.players.device,
        weight: 1,
        ts: report.ts,
      });
    }
    if (report.e === 'rr' && report.rc !== undefined && isMedia(report.ot, report.url)) {
      const cdn = report.cdn ?? this.cdnOfUrl(report.url) ?? this.config.players.cdn;
      // No CDN known: the label guard exports an empty cdn as `unknown`, as for heartbeats.
      effects.playerResponse = { title, cdn: cdn ?? '', status: segmentStatus(report.rc) };
    }
    if (report.e === 'e') effects.errorTitle = title;
    if (report.sid !== undefined && report.cdn === undefined && this.config.players.cdn !== undefined)
      effects.defaultCdn = true;
    return effects;
  }

  /**
   * One request seen by a CDN or origin: a media request is a segment result with the logged status; a
   * request with a `sid` keeps its session alive in the state it carries, from when it was logged. The
   * log knows the CDN, never the device. Without `sta` (CMCD v1) only a media request means watching:
   * a paused player still refreshes its manifests, so a session whose only requests are manifests
   * leaves when its TTL runs out.
   */
  loggedRequest(report: CmcdReport, request: LoggedRequest, logCdn: string): CmcdEffects {
    const { status, path, host } = request;
    const title = this.title(report.cid);
    const cdn = report.cdn ?? this.cdnHosts.get(host.toLowerCase()) ?? logCdn;
    const media = isMedia(report.ot, path);
    const events: TelemetryEvent[] = [];
    if (report.sid !== undefined && (report.sta !== undefined || media)) {
      const state = sessionState(report);
      events.push({ type: 'heartbeat', sid: report.sid, title, state, cdn, weight: 1, ts: request.at });
    }
    if (media) events.push({ type: 'segment', title, cdn, status: segmentStatus(status) });
    return { events };
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

/** A media object by its `ot`, or without one by the file extension of its path or URL. */
function isMedia(ot: string | undefined, pathOrUrl: string | undefined): boolean {
  if (ot !== undefined) return !NOT_MEDIA.has(ot);
  if (pathOrUrl === undefined) return true;
  const end = pathOrUrl.search(/[?#]/);
  return MEDIA_PATH.test(end === -1 ? pathOrUrl : pathOrUrl.slice(0, end));
}

/** A response code outside HTTP's range (0 is what players report for a network failure) is an abort. */
function segmentStatus(code: number): SegmentStatus {
  return code >= 100 && code <= 599 ? code : 'aborted';
}
