// A6, S17: the contacts filter as the server takes it, the export's link and the count.
import { describe, expect, it } from "vitest";
import { EMPTY_FILTER, exportUrl, filterQuery, formatCount, isFiltered } from "./contactFilter";

describe("contacts filter", () => {
  it("leaves out what is empty or 'Todos'", () => {
    expect(filterQuery(EMPTY_FILTER)).toEqual({});
    expect(isFiltered(filterQuery(EMPTY_FILTER))).toBe(false);
    expect(filterQuery({ ...EMPTY_FILTER, search: "   ", campaign: " " })).toEqual({});
  });

  it("turns every choice into its parameter", () => {
    const q = filterQuery({
      search: " Carla ",
      tagId: 4,
      campaign: "Black Friday",
      blocked: "yes",
      receivesBroadcasts: "no",
      field: "plano",
      fieldValue: " Premium ",
      cnpj: "11222333000181",
    });
    expect(q).toEqual({
      search: "Carla",
      tag_id: 4,
      cnpj: "11222333000181",
      campaign: "Black Friday",
      blocked: true,
      receives_broadcasts: false,
      field: "plano",
      field_value: "Premium",
    });
    expect(isFiltered(q)).toBe(true);
  });

  it("waits for a custom field's value", () => {
    expect(filterQuery({ ...EMPTY_FILTER, field: "plano" })).toEqual({});
    expect(filterQuery({ ...EMPTY_FILTER, fieldValue: "x" })).toEqual({});
  });

  it("exports with the same filter", () => {
    expect(exportUrl({})).toBe("/api/v1/contacts/export.csv");
    expect(exportUrl(filterQuery({ ...EMPTY_FILTER, cnpj: "11222333000181" }))).toBe(
      "/api/v1/contacts/export.csv?cnpj=11222333000181",
    );
    expect(exportUrl(filterQuery({ ...EMPTY_FILTER, search: "Carla Contato", blocked: "no" }))).toBe(
      "/api/v1/contacts/export.csv?search=Carla+Contato&blocked=false",
    );
  });

  it("counts the Brazilian way in Portuguese", () => {
    expect(formatCount(1234, "pt-BR")).toBe("1.234");
    expect(formatCount(100000, "pt-BR")).toBe("100.000");
    expect(formatCount(1234, "en")).toBe("1,234");
  });
});
