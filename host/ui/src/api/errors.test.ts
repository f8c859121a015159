import { describe, expect, it } from "vitest";
import { ApiError, errorMessage } from "./errors";

describe("errorMessage", () => {
  it("shows a refusal's own message, without the request id every answer carries", () => {
    expect(errorMessage(new ApiError(409, "conflict", "Já existe um usuário com o e-mail a@b.c.", "abc123"))).toBe(
      "Já existe um usuário com o e-mail a@b.c.",
    );
  });

  it("adds the request id to a server failure, to quote to support", () => {
    expect(errorMessage(new ApiError(500, "internal", "Erro interno do servidor.", "abc123"))).toBe(
      "Erro interno do servidor. (abc123)",
    );
  });
});
