// What a message shows inside its bubble, by kind: text; images and stickers inline; audio
// with a player (a voice note says so); video; a document to download; a place with its
// coordinates and a map link; contact cards; the button or list row a contact tapped; our
// buttons and lists; a template with its name; a contact's reaction; a story mention. Media
// that cannot be fetched (an inbound file not downloaded yet) falls back to its label, and is
// fetched again when the message is updated (the server announces the file once it is stored).
// A message whose content was erased (LGPD: the contact's request or the account's retention
// limit) shows "Conteúdo apagado (LGPD)" instead, whatever its kind.
import { useRef, useState } from "react";
import type { Message } from "../api/types";
import { messageText } from "../format";
import { useI18n, type MessageKey } from "../i18n";
import { CardIcon, FileIcon, PinIcon } from "../ui/icons";
import { cards, choices, coordinates, location, mapLink, media, reaction, reply, templateName } from "./payload";

function Caption({ m }: { m: Message }) {
  return m.text ? <div className="bubble-text">{m.text}</div> : null;
}

/**
 * How many times the message was replaced by a live update (its file stored, or given up) while
 * shown. Each renewal asks for the file again, under its own address: the browser may still be
 * answering the request made before the file was stored.
 */
function useRenewal(m: Message): number {
  const seen = useRef({ m, renewal: 0 });
  if (seen.current.m !== m) seen.current = { m, renewal: seen.current.renewal + 1 };
  return seen.current.renewal;
}

function MediaContent({ m }: { m: Message }) {
  const { t } = useI18n();
  const renewal = useRenewal(m);
  const stored = media(m)!;
  const file = { ...stored, url: renewal ? `${stored.url}?v=${renewal}` : stored.url };
  const [brokenAt, setBrokenAt] = useState(-1);
  const broken = stored.failed || brokenAt === renewal;
  const setBroken = () => setBrokenAt(renewal);
  const label = t(`msg.kind.${m.kind}` as MessageKey);
  if (broken) {
    return (
      <>
        <div className="bubble-text media-missing">{t("msg.mediaUnavailable", { kind: label })}</div>
        <Caption m={m} />
      </>
    );
  }
  switch (m.kind) {
    case "image":
    case "sticker":
      return (
        <>
          <a className={`media-link media-${m.kind}`} href={file.url} target="_blank" rel="noopener noreferrer" title={t("msg.openMedia")}>
            <img key={renewal} src={file.url} alt={m.text || label} loading="lazy" onError={setBroken} />
          </a>
          <Caption m={m} />
        </>
      );
    case "audio":
      return (
        <>
          {file.voice && <div className="media-label">{t("msg.voiceNote")}</div>}
          <audio key={renewal} className="media-audio" controls preload="metadata" src={file.url} onError={setBroken}>
            <a href={file.url}>{label}</a>
          </audio>
        </>
      );
    case "video":
      return (
        <>
          <video key={renewal} className="media-video" controls preload="metadata" src={file.url} onError={setBroken} />
          <Caption m={m} />
        </>
      );
    default:
      return (
        <>
          <a className="media-document" href={file.url} download={file.fileName ?? true} target="_blank" rel="noopener noreferrer">
            <FileIcon size={18} /> {file.fileName ?? label}
            <span className="muted"> · {t("msg.download")}</span>
          </a>
          <Caption m={m} />
        </>
      );
  }
}

function LocationContent({ m }: { m: Message }) {
  const { t } = useI18n();
  const place = location(m);
  if (!place) return <div className="bubble-text">{messageText(m)}</div>;
  return (
    <div className="location">
      <div className="location-name">
        <PinIcon size={16} /> {place.name ?? t("msg.kind.location")}
      </div>
      {place.address && <div className="location-address">{place.address}</div>}
      <div className="location-coords">{coordinates(place)}</div>
      <a href={mapLink(place)} target="_blank" rel="noopener noreferrer">
        {t("msg.openMap")}
      </a>
    </div>
  );
}

function ContactContent({ m }: { m: Message }) {
  const { t } = useI18n();
  const list = cards(m);
  if (!list.length) return <div className="bubble-text">{messageText(m)}</div>;
  return (
    <>
      {list.map((card, i) => (
        <div className="contact-card" key={i}>
          <div className="contact-card-name">
            <CardIcon size={16} /> {card.name || t("msg.kind.contact")}
          </div>
          {card.phones.map((p) => (
            <a key={p} href={`tel:${p.replace(/[^\d+]/g, "")}`} className="contact-card-line">
              {p}
            </a>
          ))}
          {card.emails.map((e) => (
            <a key={e} href={`mailto:${e}`} className="contact-card-line">
              {e}
            </a>
          ))}
        </div>
      ))}
    </>
  );
}

function ChoicesContent({ m }: { m: Message }) {
  const { t } = useI18n();
  const c = choices(m);
  return (
    <>
      {c?.header && <div className="choices-header">{c.header}</div>}
      <div className="bubble-text">{m.text}</div>
      {c?.footer && <div className="choices-footer muted">{c.footer}</div>}
      {c?.kind === "buttons" && (
        <ul className="choices-buttons" aria-label={t("msg.buttons")}>
          {c.options.map((o) => (
            <li key={o.id}>{o.title}</li>
          ))}
        </ul>
      )}
      {c?.kind === "list" && (
        <details className="choices-list">
          <summary>{c.button ?? t("msg.list")}</summary>
          <ul>
            {c.options.map((o) => (
              <li key={o.id}>
                {o.title}
                {o.description && <span className="muted"> — {o.description}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

export function MessageContent({ m }: { m: Message }) {
  const { t } = useI18n();
  // Its text, payload and media are gone (LGPD): whatever its kind, only that is left to say.
  if (m.erased_at != null) return <div className="bubble-text message-erased">{t("msg.erased")}</div>;
  if (media(m)) return <MediaContent m={m} />;
  switch (m.kind) {
    case "location":
      return <LocationContent m={m} />;
    case "contact":
      return <ContactContent m={m} />;
    case "interactive":
      return <ChoicesContent m={m} />;
    case "template": {
      const name = templateName(m);
      return (
        <>
          <div className="media-label">{name ? t("msg.templateNamed", { name }) : t("msg.kind.template")}</div>
          <div className="bubble-text">{messageText(m)}</div>
        </>
      );
    }
    case "reaction": {
      const r = reaction(m);
      return (
        <div className="bubble-text reaction-line">
          {r?.emoji ? t("msg.reactedWith", { emoji: r.emoji }) : t("msg.reactionRemoved")}
        </div>
      );
    }
    case "story_mention":
      return <div className="bubble-text">{m.text || t("preview.storyMention")}</div>;
    case "unsupported":
      return <div className="bubble-text media-missing">{m.text || t("preview.unsupported")}</div>;
    default: {
      const tapped = reply(m);
      return (
        <>
          {tapped && (
            <div className="media-label" data-testid="tapped-reply">
              {t(tapped.type === "list_reply" ? "msg.listReply" : "msg.buttonReply")}
            </div>
          )}
          <div className="bubble-text">{messageText(m)}</div>
          {tapped?.description && <div className="muted">{tapped.description}</div>}
        </>
      );
    }
  }
}
