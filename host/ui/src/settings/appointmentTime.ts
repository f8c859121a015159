// When an appointment is, as the settings panel writes it (S9): the day, the start and the end,
// read in the account's time zone — the zone its availability ("09:00–12:00") is written in and
// in which the contact was offered the time — with the zone named when the browser is elsewhere,
// so "09:00" never silently means another hour to an agent in another zone.

/** The zone this browser shows times in (what every other time of the UI uses). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "dom., 06/12/2026, 09:00–10:00" (plus the zone's short name when it is not the browser's). */
export function appointmentWhen(startsAt: number, endsAt: number, timeZone: string, lang: string, viewerZone = browserTimeZone()): string {
  const zone = validZone(timeZone) ?? viewerZone;
  const day = new Intl.DateTimeFormat(lang, { timeZone: zone, weekday: "short", day: "2-digit", month: "2-digit", year: "numeric" });
  const time = new Intl.DateTimeFormat(lang, { timeZone: zone, hour: "2-digit", minute: "2-digit" });
  const text = `${day.format(startsAt)}, ${time.format(startsAt)}–${time.format(endsAt)}`;
  return sameZone(zone, viewerZone, startsAt) ? text : `${text} (${zoneName(zone, lang, startsAt)})`;
}

function validZone(zone: string): string | null {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/** Two zone names that show the same wall clock at that moment count as one. */
function sameZone(a: string, b: string, at: number): boolean {
  if (a === b) return true;
  const clock = (zone: string) =>
    new Intl.DateTimeFormat("en", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(at);
  return clock(a) === clock(b);
}

function zoneName(zone: string, lang: string, at: number): string {
  const part = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName");
  return part?.value ?? zone;
}
