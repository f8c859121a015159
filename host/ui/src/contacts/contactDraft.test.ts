// A6, S2, S3: the contact form's bodies (everything typed on create, only the changes on edit)
// and the server's refusals on their fields.
import { describe, expect, it } from "vitest";
import type { Contact } from "../api/types";
import { contactFieldOfMessage, contactPatchBody, createContactBody, draftOfContact, emptyContactDraft } from "./contactDraft";

const carla: Contact = {
  id: 3,
  platform: "simulator",
  name: "Carla",
  phone: "5521955558001",
  email: "carla@x.com",
  birth_date: "1990-05-31",
  cpf: "52998224725",
  rg: null,
  client_code: null,
  cnpj: "11222333000181",
  company_name: "Acme",
  receives_broadcasts: true,
  blocked: false,
  campaign: null,
  tags: [],
  custom_fields: {},
  default_agent: null,
  created_at: 1,
  updated_at: 1,
};

describe("contact draft", () => {
  it("shows the stored values the Brazilian way", () => {
    const d = draftOfContact(carla);
    expect(d).toMatchObject({ birth_date: "31/05/1990", cpf: "529.982.247-25", cnpj: "11.222.333/0001-81", rg: "", receives_broadcasts: true });
  });

  it("creates with the typed fields trimmed and the empty ones left out", () => {
    const body = createContactBody({ ...emptyContactDraft(), name: " Carla ", phone: "5521955558001 ", cpf: "  " });
    expect(body).toEqual({ name: "Carla", phone: "5521955558001", receives_broadcasts: true });
  });

  it("patches only what changed, an emptied field as empty", () => {
    const start = draftOfContact(carla);
    expect(contactPatchBody(start, start)).toEqual({});
    expect(contactPatchBody(start, { ...start, email: "nova@x.com ", cpf: "", receives_broadcasts: false })).toEqual({
      email: "nova@x.com",
      cpf: "",
      receives_broadcasts: false,
    });
  });
});

describe("contact form errors", () => {
  it("puts the field plugin's messages on the field they name", () => {
    expect(contactFieldOfMessage("O campo E-mail deve conter um e-mail válido, como nome@empresa.com.br.")).toBe("email");
    expect(contactFieldOfMessage("O campo Data de nascimento contém uma data que não existe: 31/02/2000.")).toBe("birth_date");
    expect(contactFieldOfMessage("O campo CPF: dígitos verificadores inválidos.")).toBe("cpf");
  });

  it("puts the contact routes' own messages on their fields", () => {
    expect(contactFieldOfMessage("CPF inválido")).toBe("cpf");
    expect(contactFieldOfMessage("CNPJ inválido: 123.")).toBe("cnpj");
    expect(contactFieldOfMessage("Já existe um contato com este telefone")).toBe("phone");
    expect(contactFieldOfMessage("E-mail inválido: 'carla'.")).toBe("email");
    expect(contactFieldOfMessage("O nome não pode ficar vazio.")).toBe("name");
    expect(contactFieldOfMessage("RG inválido.")).toBe("rg");
  });

  it("leaves other messages to the form", () => {
    expect(contactFieldOfMessage("Apenas administradores podem fazer isso.")).toBeNull();
    expect(contactFieldOfMessage("Contato não encontrado.")).toBeNull();
  });
});
