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

// Quoted fields hold no raw quote: nginx's default escaping writes `"` as \x22.
const FIELD = /"([^"]*)"|(\S+)/g;

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

/** Undoes nginx's default log escaping, which writes quotes, backslashes and non-ASCII bytes as `\xHH`. */
function unescapeNginx(value: string): string {
  if (!value.includes('\\x')) return value;
  const latin1 = value.replace(/\\x([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin1, 'latin1').toString('utf8');
}
