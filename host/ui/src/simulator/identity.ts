// The simulated contact's name and phone, remembered in localStorage per simulator key.
export interface SimIdentity {
  name: string;
  phone: string;
}

const storageKey = (key: string) => `atende.simulator.${key}`;

export function loadIdentity(key: string): SimIdentity | null {
  try {
    const raw = localStorage.getItem(storageKey(key));
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<SimIdentity>;
    return typeof v.name === "string" && typeof v.phone === "string" && v.phone ? { name: v.name, phone: v.phone } : null;
  } catch {
    return null;
  }
}

export function saveIdentity(key: string, identity: SimIdentity | null): void {
  try {
    if (identity) localStorage.setItem(storageKey(key), JSON.stringify(identity));
    else localStorage.removeItem(storageKey(key));
  } catch {
    // private mode: remembered for this page only
  }
}
