/**
 * Calendar URLs are secrets (a Google secret address works like a password). Anything that may carry
 * one on its way to a log, a metric, the API or the CLI goes through here.
 */
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('<redacted>');
  return out.replace(URL_PATTERN, '<redacted-url>');
}
