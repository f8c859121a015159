//! Editing a contact from the chat's settings panel: "Editar dados" (S2) and the company (S3)
//! with e-mail, birth date, CPF and CNPJ validated by the field validator (P2); custom field
//! values, typed (validated) or an uploaded picture (C8's `{foto}`); notes with their date
//! (S6); tags, an existing one or a new one by name (S11).

use super::fields::Validator;
use super::media::{UploadedFile, sniff_image};
use super::{App, Error, Result};
use crate::domain::contact::{ContactPatch, SYSTEM_FIELDS};
use crate::domain::field::{FieldKind, FieldSpec, FieldValue, ImageRef};
use crate::store::views::{ContactView, CustomFieldView, NamedRef, NoteView};
use crate::store::{FieldWrite, NoteInput, StoreError};

/// A note as typed (S6).
#[derive(Debug, Clone, Default)]
pub struct NoteText {
    pub text: String,
    /// `dd/mm/aaaa`.
    pub date: Option<String>,
    pub forward_to: Option<i64>,
}

/// Which tag to put on a contact (S11).
#[derive(Debug, Clone)]
pub enum TagChoice {
    Existing(i64),
    /// A new tag by this name (the "+" button).
    New(String),
}

/// A patch that sets the system field `key` to `value` (`""` clears it).
fn system_patch(key: &str, value: String) -> ContactPatch {
    let mut patch = ContactPatch::default();
    let slot = match key {
        "nome" => &mut patch.name,
        "telefone" => &mut patch.phone,
        "email" => &mut patch.email,
        "data_nascimento" => &mut patch.birth_date,
        "cpf" => &mut patch.cpf,
        "rg" => &mut patch.rg,
        "codigo_cliente" => &mut patch.client_code,
        _ => &mut patch.cnpj,
    };
    *slot = Some(value);
    patch
}

impl App {
    /// What storing `input` in the contact's field `key` — a system field (`nome`, `email`,
    /// `cpf` …) or a custom field's key — writes, once the field validator accepts it ("Salvar",
    /// a flow's set-field). An unknown key or an image field is refused.
    pub async fn field_write(&self, account_id: i64, key: &str, input: &str) -> Result<FieldWrite> {
        let validator = self.field_validator(account_id).await?;
        let custom = if SYSTEM_FIELDS.iter().any(|(k, _, _)| *k == key) {
            None
        } else {
            Some(self.store.custom_field_by_key(account_id, key).await.map_err(|err| match err {
                StoreError::NotFound => Error::Invalid(format!("O campo \"{key}\" não existe nesta conta.")),
                other => other.into(),
            })?)
        };
        self.field_write_with(&validator, key, custom.as_ref(), input).await
    }

    /// [`App::field_write`] with the validator and, for a custom field, the field itself
    /// already read (an import checks many rows with them).
    pub(super) async fn field_write_with(
        &self,
        validator: &Validator,
        key: &str,
        custom: Option<&CustomFieldView>,
        input: &str,
    ) -> Result<FieldWrite> {
        if let Some((key, label, kind)) = SYSTEM_FIELDS.iter().find(|(k, _, _)| *k == key) {
            let value = match kind {
                Some(kind) => {
                    let field = FieldSpec { key, label, kind: *kind, required: false, options: &[] };
                    self.validate_with(validator, &field, input).await?.stored_text().unwrap_or_default()
                }
                None => input.trim().to_string(),
            };
            if *key == "nome" && value.is_empty() {
                return Err(Error::Invalid("O nome não pode ficar vazio.".into()));
            }
            return Ok(FieldWrite::System(system_patch(key, value)));
        }
        let field = custom.ok_or_else(|| Error::Invalid(format!("O campo \"{key}\" não existe nesta conta.")))?;
        let kind = FieldKind::of_custom(field.kind).ok_or_else(|| {
            Error::Invalid(format!("O campo {} é de imagem: recebe uma imagem, não texto.", field.label))
        })?;
        let spec = FieldSpec { key: &field.key, label: &field.label, kind, required: false, options: &field.options };
        let value = self.validate_with(validator, &spec, input).await?;
        Ok(FieldWrite::Custom { key: field.key.clone(), value: value.stored_json() })
    }

    /// `input` checked for a system field of the contact: its stored text, `None` when blank.
    async fn checked(&self, account_id: i64, field: FieldSpec<'_>, input: &str) -> Result<Option<String>> {
        Ok(self.validate_field(account_id, &field, input).await?.stored_text())
    }

    /// "Editar dados" (S2) and the company (S3).
    pub async fn update_contact(&self, account_id: i64, contact_id: i64, patch: ContactPatch) -> Result<ContactView> {
        self.store.contact(account_id, contact_id).await?;
        let patch = self.checked_patch(account_id, patch).await?;
        Ok(self.store.update_contact(account_id, contact_id, patch).await?)
    }

    /// "Novo contato" (A6): name and phone required, the rest checked as "Editar dados" does.
    pub async fn create_contact(&self, account_id: i64, patch: ContactPatch) -> Result<ContactView> {
        let patch = self.checked_patch(account_id, patch).await?;
        Ok(self.store.create_contact(account_id, patch).await?)
    }

    /// The patch with its checked fields (e-mail, birth date, CPF, CNPJ) validated and
    /// normalised by the field validator.
    async fn checked_patch(&self, account_id: i64, mut patch: ContactPatch) -> Result<ContactPatch> {
        let slots = [
            (&mut patch.email, "email", "E-mail", FieldKind::Email),
            (&mut patch.birth_date, "data_nascimento", "Data de nascimento", FieldKind::Date),
            (&mut patch.cpf, "cpf", "CPF", FieldKind::Cpf),
            (&mut patch.cnpj, "cnpj", "CNPJ", FieldKind::Cnpj),
        ];
        for (slot, key, label, kind) in slots {
            if let Some(typed) = slot.as_deref() {
                let field = FieldSpec { key, label, kind, required: false, options: &[] };
                // Blank clears the field (the patch's convention), a value is stored normalised.
                *slot = Some(self.checked(account_id, field, typed).await?.unwrap_or_default());
            }
        }
        Ok(patch)
    }

    /// Set a custom field value as typed, validated for the field's type.
    pub async fn set_field(&self, account_id: i64, contact_id: i64, key: &str, input: &str) -> Result<ContactView> {
        self.store.contact(account_id, contact_id).await?;
        let field = self.store.custom_field_by_key(account_id, key).await?;
        let kind = FieldKind::of_custom(field.kind)
            .ok_or_else(|| Error::Invalid("Campos de imagem recebem uma imagem enviada, não texto.".into()))?;
        let spec = FieldSpec { key: &field.key, label: &field.label, kind, required: true, options: &field.options };
        let value = self.validate_field(account_id, &spec, input).await?;
        Ok(self.store.set_custom_value(account_id, contact_id, key, value.stored_json()).await?)
    }

    /// Set an image field to an uploaded JPEG or PNG (known by its bytes).
    pub async fn set_image_field(
        &self,
        account_id: i64,
        contact_id: i64,
        key: &str,
        mut file: UploadedFile,
    ) -> Result<ContactView> {
        self.store.contact(account_id, contact_id).await?;
        let field = self.store.custom_field_by_key(account_id, key).await?;
        if FieldKind::of_custom(field.kind).is_some() {
            return Err(Error::Invalid(format!("O campo {} não é de imagem; envie o valor como texto.", field.label)));
        }
        file.mime = sniff_image(&file.bytes)
            .ok_or_else(|| Error::Invalid("Envie uma imagem JPEG ou PNG: o arquivo não é uma delas.".into()))?
            .to_string();
        let upload = self.keep_file(account_id, None, &file).await?;
        let media_id = self.store.create_media(&upload).await?;
        let mut value = FieldValue::Image(ImageRef { media_id, mime_type: file.mime }).stored_json();
        value["file_name"] = file.file_name.into();
        Ok(self.store.set_custom_value(account_id, contact_id, key, value).await?)
    }

    /// A note's input as the store takes it: the date checked and stored `aaaa-mm-dd`.
    async fn note_input(&self, account_id: i64, note: NoteText) -> Result<NoteInput> {
        let due_date = match note.date.as_deref() {
            Some(date) => {
                let field =
                    FieldSpec { key: "data", label: "Data", kind: FieldKind::Date, required: false, options: &[] };
                self.checked(account_id, field, date).await?
            }
            None => None,
        };
        Ok(NoteInput { text: note.text, due_date, forward_to_id: note.forward_to })
    }

    /// Add a note (S6).
    pub async fn add_note(
        &self,
        author: &NamedRef,
        account_id: i64,
        contact_id: i64,
        note: NoteText,
    ) -> Result<NoteView> {
        self.store.contact(account_id, contact_id).await?;
        let input = self.note_input(account_id, note).await?;
        Ok(self.store.add_note(account_id, contact_id, author, input).await?)
    }

    /// Edit a note (S6).
    pub async fn update_note(
        &self,
        account_id: i64,
        contact_id: i64,
        note_id: i64,
        note: NoteText,
    ) -> Result<NoteView> {
        self.store.contact(account_id, contact_id).await?;
        let input = self.note_input(account_id, note).await?;
        Ok(self.store.update_note(account_id, contact_id, note_id, input).await?)
    }

    /// Put a tag on the contact by hand (S11): tags marked "apenas automação" cannot be.
    pub async fn tag_contact(&self, account_id: i64, contact_id: i64, tag: TagChoice) -> Result<ContactView> {
        self.store.contact(account_id, contact_id).await?;
        let tag_id = match tag {
            TagChoice::Existing(tag_id) => tag_id,
            // The "+" with the name of a tag that exists puts that tag.
            TagChoice::New(name) => match self.store.tag_named(account_id, &name).await? {
                Some(existing) => existing.id,
                None => self.store.create_tag(account_id, &name, false).await?.id,
            },
        };
        self.store.add_contact_tag(account_id, contact_id, tag_id, false).await?;
        Ok(self.store.contact(account_id, contact_id).await?)
    }
}
