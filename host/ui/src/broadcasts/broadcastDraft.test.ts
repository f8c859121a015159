// A7: "Nova transmissão"'s channels, audience, time, pace, missing fields and body.
import { describe, expect, it } from "vitest";
import { EMPTY_FILTER } from "../contacts/contactFilter";
import {
  EMPTY_DRAFT,
  audienceFilter,
  broadcastChannels,
  broadcastFieldOfMessage,
  draftErrors,
  localTimeToMs,
  msToLocalTime,
  newBroadcastBody,
  rateOf,
} from "./broadcastDraft";

const NOW = new Date(2026, 11, 6, 10, 0).getTime();

describe("broadcast draft", () => {
  it("goes out on WhatsApp numbers and simulators only", () => {
    const channels = [
      { id: 1, kind: "simulator" },
      { id: 2, kind: "whatsapp" },
      { id: 3, kind: "messenger" },
      { id: 4, kind: "instagram" },
    ];
    expect(broadcastChannels(channels).map((c) => c.id)).toEqual([1, 2]);
  });

  it("takes the contacts list's filter without 'Bloqueado?'", () => {
    expect(audienceFilter(EMPTY_FILTER)).toEqual({});
    expect(
      audienceFilter({ search: " Ana ", tagId: 3, campaign: "Natal", blocked: "yes", receivesBroadcasts: "yes", field: "plano", fieldValue: "Ouro", cnpj: "" }),
    ).toEqual({ search: "Ana", tag_id: 3, campaign: "Natal", receives_broadcasts: true, field: "plano", field_value: "Ouro" });
  });

  it("reads and writes datetime-local values in the browser's zone", () => {
    expect(localTimeToMs("2026-12-06T10:00")).toBe(NOW);
    expect(msToLocalTime(NOW)).toBe("2026-12-06T10:00");
    expect(localTimeToMs("")).toBeNaN();
    expect(localTimeToMs("amanhã")).toBeNaN();
  });

  it("takes a whole pace between 1 and 1000 a second", () => {
    expect(rateOf("80")).toBe(80);
    expect(rateOf(" 5 ")).toBe(5);
    expect(rateOf("0")).toBeNull();
    expect(rateOf("1001")).toBeNull();
    expect(rateOf("2.5")).toBeNull();
    expect(rateOf("")).toBeNull();
  });

  it("says what is missing", () => {
    expect(draftErrors(EMPTY_DRAFT, NOW)).toEqual({
      name: "broadcastNew.nameRequired",
      channel: "broadcastNew.channelRequired",
      template: "broadcastNew.templateRequired",
    });
    const ready = { ...EMPTY_DRAFT, name: "Natal", channelId: 1, templateId: 2 };
    expect(draftErrors(ready, NOW)).toEqual({});
    expect(draftErrors({ ...ready, when: "later" }, NOW)).toEqual({ at: "broadcastNew.atRequired" });
    expect(draftErrors({ ...ready, when: "later", at: "2026-12-06T09:59" }, NOW)).toEqual({ at: "broadcastNew.atPast" });
    expect(draftErrors({ ...ready, when: "later", at: "2026-12-06T10:01" }, NOW)).toEqual({});
    expect(draftErrors({ ...ready, rate: "0" }, NOW)).toEqual({ rate: "broadcastNew.rateInvalid" });
  });

  it("builds the body: 'Agora' is no time, 'Agendar' its time", () => {
    const draft = { ...EMPTY_DRAFT, name: " Natal ", channelId: 1, templateId: 2 };
    const values = { positional: ["{nome}"], named: {} };
    expect(newBroadcastBody(draft, values, { ...EMPTY_FILTER, tagId: 7 })).toEqual({
      name: "Natal",
      channel_id: 1,
      template_id: 2,
      values,
      filter: { tag_id: 7 },
      scheduled_at: null,
      rate_per_s: 80,
    });
    const later = newBroadcastBody({ ...draft, when: "later", at: "2026-12-24T09:00", rate: "10" }, values, EMPTY_FILTER);
    expect(later.scheduled_at).toBe(new Date(2026, 11, 24, 9, 0).getTime());
    expect(later.rate_per_s).toBe(10);
  });

  it("puts a refusal under the field it is about", () => {
    // The server's own messages (host/src/domain/broadcast.rs, service/broadcasts.rs).
    expect(broadcastFieldOfMessage("Dê um nome à transmissão (até 120 caracteres).")).toBe("name");
    expect(broadcastFieldOfMessage("A velocidade deve ser de 1 a 1000 mensagens por segundo.")).toBe("rate");
    expect(broadcastFieldOfMessage("Transmissões enviam templates: escolha um número de WhatsApp ou o simulador.")).toBe("channel");
    expect(broadcastFieldOfMessage("O template não está aprovado.")).toBe("template");
    expect(broadcastFieldOfMessage("Preencha o parâmetro {{1}}.")).toBe("template");
    expect(broadcastFieldOfMessage("A data agendada já passou.")).toBe("at");
    expect(broadcastFieldOfMessage("A velocidade deve ser de 1 a 1000 mensagens por segundo.")).toBe("rate");
    expect(broadcastFieldOfMessage("Este canal não envia transmissões.")).toBe("channel");
    expect(broadcastFieldOfMessage("Algo deu errado.")).toBeNull();
  });
});
