// The dashboard's number cards: contacts served, services opened and closed in the period, and
// the queue now with how long its oldest chat has waited (ticking every 30 s on the browser's
// clock between the server's answers). On a phone they stack two by two.
import type { Dashboard } from "../api/types";
import { useClock } from "../chat/useClock";
import { useI18n } from "../i18n";
import { formatAge, formatCount } from "./dashboardView";

export function FigureCards({ view }: { view: Dashboard }) {
  const { t, lang } = useI18n();
  const now = useClock(30_000);
  const oldest = view.waiting.oldest_since;
  const cards = [
    { key: "contacts_served", label: t("dashboard.contactsServed"), value: view.contacts_served },
    { key: "services_opened", label: t("dashboard.servicesOpened"), value: view.services_opened },
    { key: "services_closed", label: t("dashboard.servicesClosed"), value: view.services_closed },
    {
      key: "waiting",
      label: t("dashboard.waitingNow"),
      value: view.waiting.total,
      note: oldest != null ? t("dashboard.oldestSince", { age: formatAge(oldest, now) }) : t("dashboard.nobodyWaiting"),
    },
  ];
  return (
    <dl className="dashboard-cards" aria-label={t("dashboard.figures")}>
      {cards.map((c) => (
        <div key={c.key} className={`dashboard-card dashboard-card-${c.key}`} data-testid={`figure-${c.key}`}>
          <dt>{c.label}</dt>
          <dd>
            <span className="dashboard-card-value">{formatCount(c.value, lang)}</span>
            {c.note && <span className="dashboard-card-note muted">{c.note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
