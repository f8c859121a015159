// This device's id: a random id made once and kept in localStorage, so each browser profile or
// installed app is one device for presence (N1) and push subscriptions (N3).
const STORAGE_KEY = "atende.device";

let cached: string | null = null;

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes); // unlike randomUUID, also on plain http
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function deviceId(): string {
  if (cached) return cached;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && /^[0-9a-f]{32}$/.test(stored)) {
      cached = stored;
      return stored;
    }
    cached = randomId();
    localStorage.setItem(STORAGE_KEY, cached);
  } catch {
    // private mode: one id for as long as the page lives
    cached ??= randomId();
  }
  return cached;
}
