// One contact in the "Contatos" table (A6, S17): its columns and its "Editar" and "Excluir". A
// blocked contact's "Excluir" is off, and its title says why (the server refuses it too).
import type { Contact } from "../api/types";
import { useI18n } from "../i18n";
import { formatCnpj } from "../settings/display";

interface Props {
  contact: Contact;
  onEdit: () => void;
  onDelete: () => void;
}

export function ContactRow({ contact: c, onEdit, onDelete }: Props) {
  const { t } = useI18n();
  const yesNo = (v: boolean) => (v ? t("common.yes") : t("common.no"));
  const company = c.company_name || (c.cnpj ? formatCnpj(c.cnpj) : "");
  return (
    <tr data-testid="contact-row" data-id={c.id} className={c.blocked ? "contacts-blocked" : undefined}>
      <th scope="row" className="contacts-name">
        {c.name}
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
      <td className="admin-row-actions">
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
      </td>
    </tr>
  );
}
