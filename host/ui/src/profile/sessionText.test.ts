import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { endedText } from "./sessionText";

afterEach(() => setLang("pt-BR"));

describe("the count of ended sessions", () => {
  it("says none, one or how many", () => {
    expect(endedText(0)).toBe("Nenhuma sessão foi encerrada.");
    expect(endedText(1)).toBe("1 sessão encerrada.");
    expect(endedText(3)).toBe("3 sessões encerradas.");
    setLang("en");
    expect(endedText(3)).toBe("3 sessions ended.");
  });
});
