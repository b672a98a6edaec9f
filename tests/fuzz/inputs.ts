// Generated inputs for every parser and route: well-formed ones from the formats' grammars, the same
// damaged, and pathological shapes (deep nesting, long runs of invalid items, alias bombs).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { mutated } from './mutate';

const uuid = fc.uuid();
const label = fc.oneof(
  fc.constantFrom('akamai', 'fastly', 'eu', 'us', 'web', 'tv', 'other'),
  fc.string({ maxLength: 12 })
);
const title = fc.oneof(
  fc.constantFrom('Luke Cage', 'The Boys', 'WWE Raw', 'Stranger Things'),
  fc.string({ maxLength: 40 })
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

const heartbeat = fc.record(
  {
    type: fc.constant('heartbeat'),
    sid: uuid,
    title,
    state: fc.constantFrom('playing', 'buffering', 'paused', 'ended', 'rewinding'),
    cdn: label,
    region: label,
    device: label,
    weight: fc.oneof(fc.double({ min: 1e-9, max: 1e8, noNaN: true }), fc.constant(1)),
    ts: fc.oneof(fc.integer({ min: 0, max: 2 ** 53 }), fc.constant(Date.now())),
  },
  { requiredKeys: ['type', 'sid', 'title', 'state'] }
);
const login = fc.record(
  {
    type: fc.constant('login'),
    outcome: fc.constantFrom('success', 'failure', 'maybe'),
    reason: fc.constantFrom('timeout', 'invalid_credentials', 'x'.repeat(70)),
    method: label,
    region: label,
    device: label,
  },
  { requiredKeys: ['type', 'outcome'] }
);
const segment = fc.record(
  {
    type: fc.constant('segment'),
    title,
    cdn: label,
    status: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom('timeout', 'aborted', 'late')),
    duration_ms: fc.double({ min: -1, max: 4e6, noNaN: true }),
    bytes: fc.integer({ min: -1, max: 2 ** 40 }),
  },
  { requiredKeys: ['type', 'title', 'cdn', 'status'] }
);
/** A telemetry event, or something shaped almost like one. */
export const telemetryEvent: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(heartbeat, login, segment) },
  { weight: 1, arbitrary: anyJson }
);

/** `/v1/events` bodies with the content type they claim. */
export const eventsBody: fc.Arbitrary<{ contentType: string; body: string }> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(telemetryEvent, { maxLength: 40 }).map((events) => ({
      contentType: 'application/json',
      body: JSON.stringify(events),
    })),
  },
  {
    weight: 4,
    arbitrary: mutated(
      fc.array(telemetryEvent, { maxLength: 20 }).map((events) => events.map((e) => JSON.stringify(e)).join('\n'))
    ).map((body) => ({ contentType: 'application/x-ndjson', body })),
  },
  {
    weight: 2,
    arbitrary: mutated(fc.array(telemetryEvent, { maxLength: 20 }).map((e) => JSON.stringify(e))).map((body) => ({
      contentType: 'application/json',
      body,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      contentType: fc.constantFrom(
        'application/json',
        'application/x-ndjson',
        'text/plain',
        'application/xml',
        '',
        'application/json; charset=latin1'
      ),
      body: fc.string({ maxLength: 200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      // Pathological shapes: a long run of invalid items, deep nesting, one huge string.
      { contentType: 'application/json', body: `[${Array<string>(50_000).fill('0').join(',')}]` },
      { contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
      { contentType: 'application/x-ndjson', body: `{"type":"heartbeat","sid":"${'x'.repeat(300_000)}"}` },
      { contentType: 'application/x-ndjson', body: '{"type":"heartbeat"}{"type":"login"}\n{"type":\n"segment"}' },
      { contentType: 'application/json', body: '{"__proto__":{"polluted":1},"type":"login","outcome":"success"}' }
    ),
  }
);

const cmcdKey = fc.constantFrom(
  'sid',
  'cid',
  'br',
  'bl',
  'd',
  'ot',
  'sf',
  'st',
  'su',
  'bs',
  'rtp',
  'mtp',
  'e',
  'sta',
  'v',
  'ts',
  'nor',
  'xx-custom'
);
const cmcdValue = fc.oneof(
  fc.integer({ min: -10, max: 1e7 }).map(String),
  uuid.map((u) => `"${u}"`),
  fc.constantFrom('v', 'a', 'h', 'p', 's', 't', '"launch-night"', '"/seg1.ts"', ''),
  fc.string({ maxLength: 10 })
);
/** One CMCD payload line (`sid="…",br=3000,…`), well formed or nearly. */
export const cmcdLine: fc.Arbitrary<string> = mutated(
  fc
    .array(fc.tuple(cmcdKey, cmcdValue, fc.boolean()), { maxLength: 12 })
    .map((members) => members.map(([k, v, bare]) => (bare ? k : `${k}=${v}`)).join(','))
);

/** `/v1/cmcd` bodies: report lines. */
export const cmcdBody: fc.Arbitrary<{ contentType: string; body: string }> = fc.record({
  contentType: fc.constantFrom('application/cmcd', 'text/plain', 'application/json'),
  body: fc.array(cmcdLine, { maxLength: 30 }).map((lines) => lines.join('\n')),
});

/** Lone surrogates replaced, so encodeURIComponent can take the string. */
const wellFormed = (text: string): string =>
  text.replace(/[\uD800-\uDFFF]/g, (c, i: number, all: string) => {
    const code = c.charCodeAt(0);
    const next = all.charCodeAt(i + 1);
    const prev = all.charCodeAt(i - 1);
    const paired = code < 0xdc00 ? next >= 0xdc00 && next <= 0xdfff : prev >= 0xd800 && prev < 0xdc00;
    return paired ? c : '\uFFFD';
  });

/** One access-log line in the launchday_cmcd nginx format. */
export const cdnLogLine: fc.Arbitrary<string> = mutated(
  fc
    .tuple(
      fc.double({ min: 1.7e9, max: 1.9e9, noNaN: true }),
      fc.integer({ min: 100, max: 599 }),
      fc.constantFrom('GET', 'HEAD', 'POST'),
      fc.constantFrom('/hls/seg012.ts', '/dash/chunk-1.m4s', '/index.m3u8', '/'),
      cmcdLine
    )
    .map(
      ([msec, status, method, path, cmcd]) =>
        `${msec.toFixed(3)} ${status} ${method} "cdn.example" "${path}" "${encodeURIComponent(wellFormed(cmcd))}" "-" "-" "-" "${cmcd.replace(/"/g, '\\x22')}"`
    )
);

/** `/v1/cdn-logs` bodies. */
export const cdnLogBody: fc.Arbitrary<{ contentType: string; body: string; cdn: string }> = fc.record({
  contentType: fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'application/octet-stream'),
  body: fc.array(cdnLogLine, { maxLength: 30 }).map((lines) => lines.join('\n')),
  cdn: fc.oneof(fc.constantFrom('akamai', 'fastly', ''), fc.string({ maxLength: 300 })),
});

const icsStamp = fc
  .date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2026-06-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, ''));
const icsTime = fc.oneof(
  icsStamp,
  icsStamp.map((s) => s.slice(0, -1)),
  icsStamp.map((s) => s.slice(0, 8)),
  fc.constantFrom('20251345T250000', '{{ session.start }}', '', 'tomorrow')
);
const tzParam = fc.constantFrom(
  '',
  ';TZID=Europe/Paris',
  ';TZID=America/New_York',
  ';TZID=Eastern Standard Time',
  ';TZID=Mars/Olympus',
  ';VALUE=DATE'
);
const rrule = fc.constantFrom(
  'FREQ=WEEKLY;COUNT=5',
  'FREQ=DAILY;UNTIL=20250101T000000Z',
  'FREQ=MINUTELY',
  'FREQ=SECONDLY;INTERVAL=1',
  'FREQ=HOURLY;BYDAY=MO,TU',
  'FREQ=YEARLY;BYMONTH=13',
  'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=1000000',
  'INTERVAL=2'
);
const vevent = fc
  .record(
    {
      uid: fc.oneof(uuid, fc.constantFrom('same-uid', '')),
      start: fc.tuple(tzParam, icsTime),
      end: fc.tuple(tzParam, icsTime),
      duration: fc.constantFrom('PT1H', 'P1D', '-PT1H', 'PT', 'P1W2D'),
      summary: fc.oneof(title, fc.constant('')),
      rrule,
      exdate: icsTime,
      rid: icsTime,
      categories: fc.constantFrom('Premiere', 'Sports', 'Rerun,Live', ''),
      status: fc.constantFrom('CONFIRMED', 'CANCELLED', 'TENTATIVE'),
      sequence: fc.constantFrom('0', '3', '-1', 'x'),
      peak: fc.constantFrom('1_500_000', 'lots', '-3', '1e400'),
    },
    { requiredKeys: ['uid', 'start', 'summary'] }
  )
  .map((e) =>
    [
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTART${e.start[0]}:${e.start[1]}`,
      e.end ? `DTEND${e.end[0]}:${e.end[1]}` : undefined,
      e.duration && !e.end ? `DURATION:${e.duration}` : undefined,
      `SUMMARY:${e.summary.replace(/[\r\n]/g, ' ')}`,
      e.rrule ? `RRULE:${e.rrule}` : undefined,
      e.exdate ? `EXDATE:${e.exdate}` : undefined,
      e.rid ? `RECURRENCE-ID:${e.rid}` : undefined,
      e.categories ? `CATEGORIES:${e.categories}` : undefined,
      e.status ? `STATUS:${e.status}` : undefined,
      e.sequence ? `SEQUENCE:${e.sequence}` : undefined,
      e.peak ? `X-LAUNCHDAY-EXPECTED-PEAK:${e.peak}` : undefined,
      'END:VEVENT',
    ]
      .filter((l) => l !== undefined)
      .join('\r\n')
  );
const vtimezone = fc.constantFrom(
  '',
  'BEGIN:VTIMEZONE\r\nTZID:Eastern Standard Time 1\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0400\r\nEND:STANDARD\r\nEND:VTIMEZONE',
  'BEGIN:VTIMEZONE\r\nTZID:Broken\r\nBEGIN:STANDARD\r\nTZOFFSETTO:nope\r\nEND:STANDARD\r\nEND:VTIMEZONE'
);
/** An iCalendar file, well formed or damaged. */
export const icsText: fc.Arbitrary<string> = mutated(
  fc
    .tuple(
      vtimezone,
      fc.array(vevent, { maxLength: 8 }),
      fc.constantFrom(
        '',
        'REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n',
        'X-PUBLISHED-TTL:bogus\r\n',
        'X-WR-TIMEZONE:Europe/Paris\r\n'
      )
    )
    .map(
      ([tz, events, props]) =>
        `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${props}${tz ? tz + '\r\n' : ''}${events.join('\r\n')}\r\nEND:VCALENDAR\r\n`
    )
);

const yamlEvent = fc.record(
  {
    id: fc.oneof(fc.constantFrom('a', 'b', 'dup'), fc.string({ maxLength: 10 })),
    title,
    kind: fc.constantFrom('premiere', 'episode', 'live', 'rebroadcast', 'gala'),
    start: fc.constantFrom(
      '2025-01-11T20:00',
      '2025-01-11T20:00:00Z',
      '2025-02-30T10:00',
      '2025-01-11',
      'soon',
      '2025-03-30T02:30'
    ),
    end: fc.constantFrom('2025-01-11T22:00', '2025-01-10T00:00'),
    duration: fc.constantFrom('2h', '90m', 'forever', '-1h'),
    timeZone: fc.constantFrom('Europe/Paris', 'UTC', 'Mars/Olympus'),
    expectedPeak: fc.oneof(fc.integer({ min: -5, max: 1e8 }), fc.constant('lots')),
    cancelled: fc.boolean(),
  },
  { requiredKeys: ['id', 'title', 'kind', 'start'] }
);
const capacity = fc.array(
  fc.record({
    resource: fc.constantFrom('viewers', 'logins', 'segments', 'segments:akamai', 'cpu'),
    limit: fc.oneof(fc.integer({ min: -1, max: 1e9 }), fc.constant('x')),
    steps: fc.array(
      fc.record({ from: fc.constantFrom('2025-01-11T19:00Z', 'never'), limit: fc.integer({ min: 0, max: 1e9 }) }),
      { maxLength: 2 }
    ),
  }),
  { maxLength: 3 }
);
/** A YAML (or JSON) calendar or capacity file, well formed or damaged, and the YAML bombs. */
export const yamlText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: mutated(
      fc
        .record(
          { timeZone: fc.constantFrom('UTC', 'Europe/Paris'), events: fc.array(yamlEvent, { maxLength: 5 }), capacity },
          { requiredKeys: [] }
        )
        .chain((doc) => fc.boolean().map((asJson) => (asJson ? JSON.stringify(doc) : stringify(doc))))
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      // Billion laughs, a deep flow sequence, a long key, tags.
      [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...Array.from(
          { length: 8 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`
        ),
        'events: *i',
      ].join('\n'),
      `events: ${'['.repeat(2000)}${']'.repeat(2000)}`,
      `${'k'.repeat(100_000)}: 1`,
      'events: !!js/function "function () { return 1 }"',
      '--- !<tag:yaml.org,2002:python/object> {}'
    ),
  }
);

/** The exporter configuration as a person might write it, typos included. */
export const configObject: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        listen: fc.constantFrom('127.0.0.1:0', '127.0.0.1:99999', 'localhost', '[::1]:9464', ''),
        heartbeatIntervalSeconds: fc.oneof(fc.double({ noNaN: false }), fc.integer()),
        maxSessions: fc.oneof(fc.integer(), fc.constant(5e7), fc.constant(1e12)),
        seriesBudget: fc.integer(),
        catalog: fc.array(title, { maxLength: 4 }),
        allow: fc.dictionary(
          fc.constantFrom('cdn', 'cdns', 'region', 'device', 'method', 'reason'),
          fc.array(label, { maxLength: 3 })
        ),
        ingest: fc.dictionary(fc.constantFrom('token', 'tokens', 'bodyLimitBytes', 'lagBudgetMs'), anyJson),
        server: fc.dictionary(
          fc.constantFrom('maxConnections', 'reservedConnections', 'requestTimeoutSeconds', 'maxConnection'),
          anyJson
        ),
        calendar: fc.dictionary(
          fc.constantFrom('sources', 'window', 'kinds', 'defaultKind', 'timeZone', 'limits', 'limit'),
          anyJson
        ),
        forecast: fc.dictionary(
          fc.constantFrom('refreshSeconds', 'sampleSeconds', 'timeScale', 'historyFile', 'refreshSecond'),
          anyJson
        ),
        cmcd: fc.dictionary(fc.constantFrom('allowOrigins', 'logs', 'players', 'allowOrigin'), anyJson),
        logLevel: fc.constantFrom('info', 'loud'),
      },
      { requiredKeys: [] }
    ),
  },
  { weight: 1, arbitrary: anyJson }
);

/** Request paths for GET routes, traversal and junk queries included. */
export const getPath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '/metrics',
    '/healthz',
    '/readyz',
    '/api/v1/calendar',
    '/api/v1/history',
    '/preview/',
    '/preview/../../../../etc/passwd',
    '/preview/%2e%2e/%2e%2e/package.json',
    '/preview/?source=https://attacker.example/x.json',
    '/api/v1/calendar?from=-1&to=1e400',
    '/v1/events',
    '/%',
    '//'
  ),
  fc
    .tuple(
      fc.constantFrom('/api/v1/calendar', '/preview/', '/metrics', '/api/v1/history'),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 20 }), { maxKeys: 4 })
    )
    .map(([path, query]) => `${path}?${new URLSearchParams(query).toString()}`),
  fc.webPath()
);

export const acceptHeader = fc.constantFrom(
  '',
  'application/openmetrics-text; version=1.0.0',
  'text/plain;version=0.0.4',
  '*/*',
  'application/openmetrics-text; version=9',
  'text/html'
);

/** A fresh session id, for the few inputs that need one unique per call. */
export const freshSid = (): string => randomUUID();
