// L6: the text being typed survives a resync, a refetch, a switch of conversation and a reload.
import { describe, expect, it } from "vitest";
import { createDrafts, type DraftStorage } from "./drafts";

function memoryStorage(): DraftStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe("drafts", () => {
  it("keeps one draft per conversation", () => {
    const drafts = createDrafts(memoryStorage());
    drafts.set(1, "olá");
    drafts.set(2, "outra");
    expect(drafts.get(1)).toBe("olá");
    expect(drafts.get(2)).toBe("outra");
    expect(drafts.get(3)).toBe("");
  });

  it("survives a reload through the tab's storage, and an emptied draft is forgotten", () => {
    const storage = memoryStorage();
    createDrafts(storage).set(1, "rascunho");
    const reloaded = createDrafts(storage);
    expect(reloaded.get(1)).toBe("rascunho");
    reloaded.set(1, "");
    expect(reloaded.get(1)).toBe("");
    expect(storage.data.size).toBe(0);
  });

  it("works in memory when the storage fails", () => {
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
      removeItem: () => undefined,
    };
    const drafts = createDrafts(broken);
    drafts.set(1, "ainda aqui");
    expect(drafts.get(1)).toBe("ainda aqui");
    expect(createDrafts(null).get(1)).toBe("");
  });
});
