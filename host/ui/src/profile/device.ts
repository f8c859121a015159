// A session's device as "Sessões ativas" names it: the browser and the system read from the
// User-Agent the server kept (bowser), "Chrome no Linux", "Safari no iPhone". What bowser does not
// recognise (an API client, an absent header) is "Navegador desconhecido".
import Bowser from "bowser";
import { translate } from "../i18n";

export interface Device {
  browser: string | null;
  os: string | null;
}

/** Shorter names for the browsers bowser names at length. */
const BROWSER_NAMES: Record<string, string> = {
  "Microsoft Edge": "Edge",
  "Samsung Internet for Android": "Samsung Internet",
  "Chrome Headless": "Chrome",
};

/** What bowser answers when it found no browser, only the "Mozilla/5.0" every User-Agent starts with. */
const NO_BROWSER = new Set(["Mozilla"]);

/** The browser and the system of a User-Agent; null for what is not recognised. */
export function parseDevice(userAgent: string | null | undefined): Device {
  const ua = userAgent?.trim();
  if (!ua) return { browser: null, os: null };
  let result: Bowser.Parser.ParsedResult;
  try {
    result = Bowser.parse(ua);
  } catch {
    return { browser: null, os: null };
  }
  const name = result.browser.name?.trim();
  const browserName = name && !NO_BROWSER.has(name) ? name : null;
  const browser = browserName ? (BROWSER_NAMES[browserName] ?? browserName) : null;
  let os = result.os.name?.trim() || null;
  // On Apple's phones and tablets the device says more than "iOS".
  if (os === "iOS" && (result.platform.model === "iPhone" || result.platform.model === "iPad")) os = result.platform.model;
  return { browser, os };
}

/** "Chrome no Linux"; "Chrome"; "Navegador desconhecido no Linux"; "Navegador desconhecido". */
export function describeDevice(userAgent: string | null | undefined): string {
  const { browser, os } = parseDevice(userAgent);
  if (browser && os) return translate("device.on", { browser, os });
  if (browser) return browser;
  if (os) return translate("device.unknownOn", { os });
  return translate("device.unknown");
}
