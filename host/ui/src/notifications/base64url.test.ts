import { describe, expect, it } from "vitest";
import { base64UrlToBytes, bytesToBase64Url, sameBytes } from "./base64url";

describe("base64url", () => {
  it("round-trips bytes without padding, with - and _", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00, 0x10, 0x04]);
    const text = bytesToBase64Url(bytes);
    expect(text).toBe("-_-_ABAE");
    expect(Array.from(base64UrlToBytes(text))).toEqual(Array.from(bytes));
  });

  it("reads a 65-byte uncompressed P-256 key", () => {
    const key = new Uint8Array(65).map((_, i) => (i === 0 ? 4 : i * 3));
    const back = base64UrlToBytes(bytesToBase64Url(key));
    expect(back.length).toBe(65);
    expect(back[0]).toBe(4);
    expect(sameBytes(back.buffer, key)).toBe(true);
    expect(sameBytes(null, key)).toBe(false);
  });
});
