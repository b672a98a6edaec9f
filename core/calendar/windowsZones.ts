/**
 * Outlook writes Windows zone names in TZID. The file's VTIMEZONE gives the offsets; this map only
 * gives the IANA name we keep for display, and a fallback when an export omits its VTIMEZONE.
 */
const WINDOWS_TO_IANA: Record<string, string> = {
  UTC: 'UTC',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'India Standard Time': 'Asia/Kolkata',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

/** The IANA name for a Windows zone name, or undefined. */
export function ianaForWindowsZone(name: string): string | undefined {
  return WINDOWS_TO_IANA[name.trim()];
}
