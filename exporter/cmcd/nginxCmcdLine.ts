/**
 * One access-log line in the `launchday_cmcd` nginx log_format (docs/cmcd.md):
 *   $msec $status $request_method "$host" "$uri" "$arg_cmcd" "$http_cmcd_request" "$http_cmcd_object"
 *   "$http_cmcd_status" "$http_cmcd_session"
 * The four header fields are optional, so a format that logs only the query argument works too.
 */
export interface LoggedRequest {
  /** When nginx logged it ($msec), in epoch milliseconds. */
  at: number;
  status: number;
  host: string;
  path: string;
  /** The CMCD payload of the query argument and headers, joined; empty when the request had none. */
  cmcd: string;
}

export type ParsedLogLine = { request: LoggedRequest } | { error: string };

// Quoted fields hold no raw quote: nginx's default escaping writes `"` as \x22, and `escape=json`
// (a common log_format option) as \", which a backslash makes part of the field.
const FIELD = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

export function parseNginxCmcdLine(line: string): ParsedLogLine {
  const fields: string[] = [];
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(line); m !== null && fields.length < 10; m = FIELD.exec(line)) {
    fields.push(m[1] ?? m[2] ?? '');
  }
  if (fields.length < 6)
    return { error: `expected at least 6 fields (launchday_cmcd log_format), got ${fields.length}` };
  const [msec, statusField, , host, path, arg, ...headers] = fields as [string, string, string, string, string, string];
  if (!/^\d{9,11}(\.\d{1,3})?$/.test(msec)) return { error: `time "${msec.slice(0, 24)}" is not nginx's $msec` };
  if (!/^[1-5]\d\d$/.test(statusField)) return { error: `status "${statusField.slice(0, 16)}" is not an HTTP status` };
  let query: string;
  try {
    // A query string writes a space as `+` (URLSearchParams does, in dash.js and Shaka): `cid%3D%22dash+live%22`.
    query = decodeURIComponent(unescapeNginx(present(arg)).replace(/\+/g, ' '));
  } catch {
    return { error: 'the CMCD query argument is not valid percent-encoding' };
  }
  const parts = [query, ...headers.map((h) => unescapeNginx(present(h)))].filter((p) => p !== '');
  return {
    request: {
      at: Math.round(Number(msec) * 1000),
      status: Number(statusField),
      host: present(host),
      path: unescapeNginx(present(path)),
      cmcd: parts.join(','),
    },
  };
}

/** nginx logs an empty variable as `-`. */
function present(field: string): string {
  return field === '-' ? '' : field;
}

// nginx's default escaping writes `"`, `\` and bytes outside printable ASCII as \xHH (runs of them are
// the bytes of one UTF-8 character); `escape=json` writes \" \\ and control bytes as \n, \t, \u00HH.
// The two never mix in one log (default escaping writes a backslash as \x5C), and one left-to-right
// pass never reads a decoded character as the start of another escape.
const ESCAPE = /(?:\\x[0-9A-Fa-f]{2})+|\\u[0-9A-Fa-f]{4}|\\["\\/bfnrt]/g;
const JSON_SHORT: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Undoes nginx's log escaping, default or `escape=json`. */
function unescapeNginx(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(ESCAPE, (e) => {
    if (e[1] === 'x') {
      const code = parseInt(e.slice(2, 4), 16);
      // One ASCII byte (the \x22 quotes of every CMCD header) needs no Buffer.
      if (e.length === 4 && code < 0x80) return String.fromCharCode(code);
      return Buffer.from(e.replace(/\\x/g, ''), 'hex').toString('utf8');
    }
    if (e[1] === 'u') return String.fromCharCode(parseInt(e.slice(2), 16));
    return JSON_SHORT[e[1]!] ?? e[1]!;
  });
}
