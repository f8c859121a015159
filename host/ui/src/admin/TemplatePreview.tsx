// A template's preview on the "Templates" screen (C7, C14): what the contact would read, rendered
// by the server's template plugin with example values ("[1]", "[nome]") in its placeholders;
// until it answers (or when it cannot render one) the body text with its {{1}} as Meta keeps it.
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n";
import { templatePreviewQuery, type Template } from "../queries/templates";
import { bodyText, exampleValues } from "./templateView";

export function TemplatePreview({ template }: { template: Template }) {
  const { t } = useI18n();
  const rendered = useQuery({ ...templatePreviewQuery(template.id, exampleValues(template)), enabled: !template.deleted_at, retry: false });
  return (
    <figure className="admin-template-preview">
      <figcaption className="sr-only">{t("templatesAdmin.preview")}</figcaption>
      <p className="admin-template-bubble" data-testid="template-preview">
        {rendered.data ?? bodyText(template.components)}
      </p>
    </figure>
  );
}
