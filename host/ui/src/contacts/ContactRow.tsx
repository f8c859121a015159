// One contact in the "Contatos" table (A6, S17): its columns and its "Editar", "Excluir",
// "Exportar dados (LGPD)" (a plain link: the browser downloads the ZIP the server names, with the
// session cookie) and "Apagar dados (LGPD)". A blocked contact's "Excluir" is off, and its title
// says why (the server refuses it too; it refuses the erasure as well, and the dialog says so).
// An erased contact shows the server's "Contato apagado" with the day its data was erased, and
// offers no second erasure.
import type { Contact } from "../api/types";
import { formatDate, formatDateTime } from "../format";
import { useI18n } from "../i18n";
import { contactExportUrl } from "../queries/contacts";
import { formatCnpj } from "../settings/display";

interface Props {
  contact: Contact;
  onEdit: () => void;
  onDelete: () => void;
  onErase: () => void;
}

export function ContactRow({ contact: c, onEdit, onDelete, onErase }: Props) {
  const { t } = useI18n();
  const yesNo = (v: boolean) => (v ? t("common.yes") : t("common.no"));
  const company = c.company_name || (c.cnpj ? formatCnpj(c.cnpj) : "");
  const erasedAt = c.erased_at ?? null;
  const classes = [c.blocked ? "contacts-blocked" : "", erasedAt !== null ? "contacts-erased" : ""].filter(Boolean).join(" ");
  return (
    <tr data-testid="contact-row" data-id={c.id} className={classes || undefined}>
      <th scope="row" className="contacts-name">
        {c.name}
        {erasedAt !== null && " "}
        {erasedAt !== null && (
          <span className="admin-badge contacts-erased-badge" data-testid="contact-erased" title={formatDateTime(erasedAt)}>
            {t("contacts.erasedOn", { date: formatDate(erasedAt) })}
          </span>
        )}
      </th>
      <td className="contacts-phone">{c.phone || "—"}</td>
      <td>{c.email || "—"}</td>
      <td className="contacts-company" title={c.cnpj && c.company_name ? formatCnpj(c.cnpj) : undefined}>
        {company || "—"}
      </td>
      <td>
        {c.tags.length > 0 ? (
          <span className="contacts-tags">
            {c.tags.map((tag) => (
              <span key={tag.id} className="admin-badge">
                {tag.name}
              </span>
            ))}
          </span>
        ) : (
          "—"
        )}
      </td>
      <td data-col="broadcasts">{yesNo(c.receives_broadcasts)}</td>
      <td data-col="blocked">{yesNo(c.blocked)}</td>
      <td className="admin-row-actions contacts-row-actions">
        <button type="button" className="link-button" onClick={onEdit} aria-label={t("contacts.editOf", { name: c.name })}>
          {t("common.edit")}
        </button>
        <button
          type="button"
          className="link-button danger"
          onClick={onDelete}
          disabled={c.blocked}
          title={c.blocked ? t("contacts.unblockToDelete") : undefined}
          aria-label={t("contacts.deleteOf", { name: c.name })}
        >
          {t("common.delete")}
        </button>
        <a
          className="link-button"
          href={contactExportUrl(c.id)}
          download
          title={t("contacts.exportDataHint")}
          aria-label={t("contacts.exportDataOf", { name: c.name })}
        >
          {t("contacts.exportData")}
        </a>
        {erasedAt === null && (
          <button type="button" className="link-button danger" onClick={onErase} aria-label={t("contacts.eraseDataOf", { name: c.name })}>
            {t("contacts.eraseData")}
          </button>
        )}
      </td>
    </tr>
  );
}
