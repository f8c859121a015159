import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { describeDevice, parseDevice } from "./device";

const UA = {
  chromeLinux: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
  headless: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  safariMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
  samsung:
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
  firefoxUbuntu: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
  windowsOnly: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
};

afterEach(() => setLang("pt-BR"));

describe("a session's device", () => {
  it("names the browser and the system", () => {
    expect(describeDevice(UA.chromeLinux)).toBe("Chrome no Linux");
    expect(describeDevice(UA.headless)).toBe("Chrome no Linux");
    expect(describeDevice(UA.edgeWindows)).toBe("Edge no Windows");
    expect(describeDevice(UA.safariMac)).toBe("Safari no macOS");
    expect(describeDevice(UA.samsung)).toBe("Samsung Internet no Android");
    expect(describeDevice(UA.firefoxUbuntu)).toBe("Firefox no Linux");
  });

  it("says iPhone rather than iOS", () => {
    expect(parseDevice(UA.safariIphone)).toEqual({ browser: "Safari", os: "iPhone" });
    expect(describeDevice(UA.safariIphone)).toBe("Safari no iPhone");
  });

  it("calls an unknown or absent User-Agent an unknown browser", () => {
    for (const ua of [null, undefined, "", "   ", "node", "curl/8.5.0"]) {
      expect(describeDevice(ua)).toBe("Navegador desconhecido");
    }
    expect(describeDevice(UA.windowsOnly)).toBe("Navegador desconhecido no Windows");
  });

  it("speaks English too", () => {
    setLang("en");
    expect(describeDevice(UA.chromeLinux)).toBe("Chrome on Linux");
    expect(describeDevice(null)).toBe("Unknown browser");
  });
});
