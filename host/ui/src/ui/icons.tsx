// The app's small inline SVG icons (no icon font, nothing fetched). Decorative unless given a
// label; the label is also the hover title.
import type { ReactNode } from "react";

interface IconProps {
  label?: string;
  className?: string;
  size?: number;
}

function Svg({ label, className, size = 16, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={size}
      height={size}
      className={`icon ${className ?? ""}`}
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {label && <title>{label}</title>}
      {children}
    </svg>
  );
}

const stroke = { fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round" } as const;

export const AgentIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="8" r="4" {...stroke} />
    <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" {...stroke} />
    <path d="M17 4.5a6 6 0 0 1 0 7" {...stroke} />
  </Svg>
);

export const LockIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="5" y="11" width="14" height="10" rx="2" {...stroke} />
    <path d="M8 11V8a4 4 0 0 1 8 0v3" {...stroke} />
  </Svg>
);

/** L12: an open envelope when read, a closed one with a dot when unread. */
export const ReadIcon = ({ unread, ...p }: IconProps & { unread: boolean }) => (
  <Svg {...p}>
    <rect x="3" y="6" width="18" height="13" rx="2" {...stroke} />
    <path d="M3 8l9 6 9-6" {...stroke} />
    {unread && <circle cx="19" cy="6" r="4" fill="currentColor" stroke="white" strokeWidth="1.5" />}
  </Svg>
);

export const SearchIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="11" cy="11" r="7" {...stroke} />
    <path d="M20 20l-3.5-3.5" {...stroke} />
  </Svg>
);

export const FilterIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 5h16l-6 8v6l-4-2v-4z" {...stroke} />
  </Svg>
);

export const PlusIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M12 5v14M5 12h14" {...stroke} />
  </Svg>
);

export const BackIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M15 5l-7 7 7 7" {...stroke} />
  </Svg>
);

export const TeamIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="9" cy="8" r="3.5" {...stroke} />
    <circle cx="17" cy="9" r="2.5" {...stroke} />
    <path d="M2.5 20c0-3.5 3-6 6.5-6s6.5 2.5 6.5 6M15 14.5c3 0 6 1.8 6 5" {...stroke} />
  </Svg>
);

export const MoreIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="5" r="1.8" fill="currentColor" />
    <circle cx="12" cy="12" r="1.8" fill="currentColor" />
    <circle cx="12" cy="19" r="1.8" fill="currentColor" />
  </Svg>
);

export const EmojiIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" {...stroke} />
    <path d="M8.5 14.5c1 1.3 2.1 2 3.5 2s2.5-.7 3.5-2" {...stroke} />
    <circle cx="9" cy="10" r="1.2" fill="currentColor" />
    <circle cx="15" cy="10" r="1.2" fill="currentColor" />
  </Svg>
);

/** C4: "Encerrar atendimento". */
export const CloseChatIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" {...stroke} />
    <path d="M8 12.5l2.8 2.8L16.5 9" {...stroke} />
  </Svg>
);

/** C5: the settings panel. */
export const SettingsIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" {...stroke} />
    <circle cx="16" cy="6" r="2" {...stroke} />
    <circle cx="10" cy="12" r="2" {...stroke} />
    <circle cx="18" cy="18" r="2" {...stroke} />
  </Svg>
);

/** L10: a flow is waiting for the contact. */
export const BotIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="4" y="8" width="16" height="11" rx="3" {...stroke} />
    <path d="M12 4v4M9 13v1M15 13v1M2 13v2M22 13v2" {...stroke} />
    <circle cx="12" cy="3.5" r="1" fill="currentColor" />
  </Svg>
);

export const ImageIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="5" width="18" height="14" rx="2" {...stroke} />
    <circle cx="9" cy="10" r="1.8" {...stroke} />
    <path d="M4 17l5-5 4 4 3-3 4 4" {...stroke} />
  </Svg>
);

export const FileIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M7 3h7l5 5v13H7z" {...stroke} />
    <path d="M14 3v5h5" {...stroke} />
  </Svg>
);

export const CardIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="5" width="18" height="14" rx="2" {...stroke} />
    <circle cx="9" cy="11" r="2.2" {...stroke} />
    <path d="M5.5 16.5c.6-1.6 2-2.5 3.5-2.5s2.9.9 3.5 2.5M15 10h3M15 13h3" {...stroke} />
  </Svg>
);

export const MicIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="9" y="3" width="6" height="11" rx="3" {...stroke} />
    <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" {...stroke} />
  </Svg>
);

export const StopIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="6" y="6" width="12" height="12" rx="2" fill="currentColor" />
  </Svg>
);

export const TrashIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6" {...stroke} />
  </Svg>
);

export const EditIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 20h4L19 9l-4-4L4 16z" {...stroke} />
    <path d="M13.5 6.5l4 4" {...stroke} />
  </Svg>
);

export const PinIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M12 21s-6.5-6.1-6.5-11.2a6.5 6.5 0 0 1 13 0C18.5 14.9 12 21 12 21z" {...stroke} />
    <circle cx="12" cy="9.8" r="2.3" {...stroke} />
  </Svg>
);

export const ClockIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" {...stroke} />
    <path d="M12 7v5l3 2" {...stroke} />
  </Svg>
);

/** S9: an appointment's day. */
export const CalendarIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="5" width="18" height="16" rx="2" {...stroke} />
    <path d="M3 10h18M8 3v4M16 3v4" {...stroke} />
  </Svg>
);

/** N1: the bell. */
export const BellIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" {...stroke} />
    <path d="M10 20.5a2.2 2.2 0 0 0 4 0" {...stroke} />
  </Svg>
);

/** N2: the sound icon; crossed out when the sounds are off. */
export const SoundIcon = ({ muted, ...p }: IconProps & { muted: boolean }) => (
  <Svg {...p}>
    <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" {...stroke} />
    {muted ? (
      <path d="M16 9.5l5 5M21 9.5l-5 5" {...stroke} />
    ) : (
      <path d="M15.5 9a4.2 4.2 0 0 1 0 6M18 6.5a7.8 7.8 0 0 1 0 11" {...stroke} />
    )}
  </Svg>
);

export const XIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M6 6l12 12M18 6L6 18" {...stroke} />
  </Svg>
);

/** No connection to the server. */
export const OfflineIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M2.5 8.5a14 14 0 0 1 19 0M5.5 12a9.5 9.5 0 0 1 13 0M8.5 15.5a5 5 0 0 1 7 0" {...stroke} />
    <circle cx="12" cy="19" r="1.2" fill="currentColor" />
    <path d="M3 3l18 18" {...stroke} />
  </Svg>
);

/** L11: the channel a chat comes through, in the channel's colour. */
export function ChannelGlyph({ kind, label, size = 18 }: { kind: string; label: string; size?: number }) {
  switch (kind) {
    case "whatsapp":
      return (
        <Svg label={label} size={size} className="channel-glyph channel-whatsapp">
          <path d="M12 2.5a9.5 9.5 0 0 0-8.2 14.3L2.5 21.5l4.8-1.3A9.5 9.5 0 1 0 12 2.5z" fill="currentColor" />
          <path
            d="M8.6 7.6c.3-.3.8-.3 1 .1l.9 1.9c.1.3 0 .6-.2.8l-.6.6c.6 1.3 1.7 2.4 3 3l.6-.6c.2-.2.5-.3.8-.2l1.9.9c.4.2.4.7.1 1-.8.9-2 1.2-3.1.7a10 10 0 0 1-5-5c-.5-1.1-.2-2.3.6-3.2z"
            fill="white"
          />
        </Svg>
      );
    case "instagram":
      return (
        <Svg label={label} size={size} className="channel-glyph channel-instagram">
          <rect x="2.5" y="2.5" width="19" height="19" rx="5.5" fill="currentColor" />
          <circle cx="12" cy="12" r="4.2" fill="none" stroke="white" strokeWidth="2" />
          <circle cx="17.3" cy="6.7" r="1.3" fill="white" />
        </Svg>
      );
    case "messenger":
      return (
        <Svg label={label} size={size} className="channel-glyph channel-messenger">
          <circle cx="12" cy="12" r="10" fill="currentColor" />
          <path d="M13.5 21v-7h2.4l.4-2.8h-2.8V9.5c0-.8.3-1.4 1.4-1.4h1.5V5.6a19 19 0 0 0-2.2-.1c-2.2 0-3.6 1.3-3.6 3.7v2H8.2V14h2.4v7" fill="white" />
        </Svg>
      );
    default:
      return (
        <Svg label={label} size={size} className="channel-glyph channel-simulator">
          <rect x="6" y="2.5" width="12" height="19" rx="2.5" fill="currentColor" />
          <rect x="8" y="5" width="8" height="12" rx="1" fill="white" />
          <circle cx="12" cy="19.2" r="1" fill="white" />
        </Svg>
      );
  }
}
