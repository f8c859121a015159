// "Configurações" (/admin, A4): the list of the admin screens, each with what it keeps. Admins
// reach it from the user menu; anyone else who opens the URL is told it is for admins only.
import { Link } from "@tanstack/react-router";
import { useI18n, type MessageKey } from "../i18n";
import { AdminPage } from "./AdminPage";

interface Entry {
  to: "/admin/dashboard" | "/admin/contacts" | "/admin/companies" | "/admin/broadcasts" | "/admin/departments" | "/admin/users" | "/admin/tags" | "/admin/quick-replies" | "/admin/media-library" | "/admin/flows" | "/admin/custom-fields" | "/admin/closing-fields" | "/admin/plugins" | "/admin/api-tokens" | "/admin/audit" | "/admin/channels" | "/admin/templates" | "/admin/settings" | "/admin/availability";
  title: MessageKey;
  text: MessageKey;
}

const ENTRIES: Entry[] = [
  // First: what an admin opens most, to see how the service is going.
  { to: "/admin/dashboard", title: "admin.dashboard", text: "admin.dashboardText" },
  { to: "/admin/contacts", title: "admin.contacts", text: "admin.contactsText" },
  { to: "/admin/companies", title: "admin.companies", text: "admin.companiesText" },
  { to: "/admin/broadcasts", title: "admin.broadcasts", text: "admin.broadcastsText" },
  { to: "/admin/departments", title: "admin.departments", text: "admin.departmentsText" },
  { to: "/admin/users", title: "admin.users", text: "admin.usersText" },
  { to: "/admin/channels", title: "admin.channels", text: "admin.channelsText" },
  { to: "/admin/templates", title: "admin.templates", text: "admin.templatesText" },
  { to: "/admin/tags", title: "admin.tags", text: "admin.tagsText" },
  { to: "/admin/custom-fields", title: "admin.customFields", text: "admin.customFieldsText" },
  { to: "/admin/closing-fields", title: "admin.closingFields", text: "admin.closingFieldsText" },
  { to: "/admin/quick-replies", title: "top.quickReplies", text: "admin.quickRepliesText" },
  { to: "/admin/media-library", title: "top.mediaLibrary", text: "admin.mediaLibraryText" },
  // The flows page is another screen's (flows/FlowsPage.tsx).
  { to: "/admin/flows", title: "admin.flows", text: "admin.flowsText" },
  { to: "/admin/plugins", title: "admin.plugins", text: "admin.pluginsText" },
  { to: "/admin/api-tokens", title: "admin.apiTokens", text: "admin.apiTokensText" },
  { to: "/admin/audit", title: "admin.audit", text: "admin.auditText" },
  { to: "/admin/settings", title: "admin.accountSettings", text: "admin.accountSettingsText" },
  // Next to the business hours: the hours appointments are booked in are edited the same way.
  { to: "/admin/availability", title: "admin.availability", text: "admin.availabilityText" },
];

export function AdminHome() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.title")} backToAdmin={false}>
      <nav aria-label={t("admin.title")}>
        <ul className="admin-links">
          {ENTRIES.map((e) => (
            <li key={e.to}>
              <Link to={e.to} className="admin-link">
                <span className="admin-link-title">{t(e.title)}</span>
                <span className="muted">{t(e.text)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </AdminPage>
  );
}
