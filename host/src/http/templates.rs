//! The template catalogue (C7, C14, issue 5 part 7): list and search by name and category;
//! sync a WhatsApp number's templates from Meta (`GET /{waba}/message_templates`, following
//! `paging.next`); create templates for a simulator channel, so templates can be tried without
//! Meta; preview a template with its parameters through the `templates` plugin (P4).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::channels::{simulator, whatsapp};
use crate::domain::window::TemplateCategory;
use crate::service::templates::TemplateValues;
use crate::store::templates::TemplateView;
use crate::store::{NewTemplate, TemplateFilter};

/// Most pages of Meta's template list followed in one sync.
const MAX_PAGES: usize = 50;

/// Templates.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateList {
    pub items: Vec<TemplateView>,
}

/// List filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    pub channel_id: Option<i64>,
    /// Part of the name, or "Utilidade" / "Marketing" to filter by category (C7).
    pub search: Option<String>,
    /// `marketing`, `utility` or `authentication`.
    pub category: Option<String>,
    /// `true`: only approved templates that still exist.
    pub sendable: Option<bool>,
}

/// A template for a simulator channel.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTemplate {
    /// Lowercase letters, digits and `_`, as Meta requires.
    pub name: String,
    /// e.g. `pt_BR`.
    pub language: String,
    /// `marketing` or `utility` (Meta's uppercase spelling is accepted too).
    pub category: String,
    /// Meta's `components` array (HEADER, BODY, FOOTER, BUTTONS).
    #[schema(value_type = Vec<Object>)]
    pub components: Value,
}

/// A rendered template.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplatePreview {
    /// What the contact reads (and what history keeps: C14).
    pub preview: String,
    /// Meta's send `components`.
    #[schema(value_type = Vec<Object>)]
    pub send_components: Value,
}

/// What a sync did.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SyncReport {
    /// Templates Meta listed (written or refreshed).
    pub synced: usize,
    /// Templates no longer at Meta (marked deleted).
    pub deleted: usize,
}

fn category(text: &str) -> ApiResult<TemplateCategory> {
    TemplateCategory::from_meta(text)
        .ok_or_else(|| ApiError::invalid(format!("Categoria '{text}' inválida; use marketing ou utility.")))
}

/// Templates of the account, by name.
#[utoipa::path(get, path = "/api/v1/templates", tag = "templates", params(TemplateQuery),
    responses((status = 200, body = TemplateList), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<TemplateQuery>,
) -> ApiResult<Json<TemplateList>> {
    let filter = TemplateFilter {
        channel_id: q.channel_id,
        search: q.search,
        category: q.category.as_deref().map(category).transpose()?,
        sendable_only: q.sendable.unwrap_or(false),
    };
    Ok(Json(TemplateList { items: state.store.templates(me.account_id(), &filter).await? }))
}

/// A template.
#[utoipa::path(get, path = "/api/v1/templates/{id}", tag = "templates", params(("id" = i64, Path)),
    responses((status = 200, body = TemplateView), (status = 404, body = ErrorBody)))]
async fn get(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<TemplateView>> {
    Ok(Json(state.store.template(me.account_id(), id).await?))
}

/// Preview a template with its values (C7: shown before sending).
#[utoipa::path(post, path = "/api/v1/templates/{id}/preview", tag = "templates", params(("id" = i64, Path)),
    request_body = TemplateValues,
    responses((status = 200, body = TemplatePreview), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn preview(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(values): Json<TemplateValues>,
) -> ApiResult<Json<TemplatePreview>> {
    let template = state.store.template(me.account_id(), id).await?;
    let rendered = state.app.render_template(me.account_id(), &template, &values).await?;
    Ok(Json(TemplatePreview { preview: rendered.preview, send_components: rendered.components }))
}

/// Add a template to a simulator channel (admins only); WhatsApp numbers sync theirs.
#[utoipa::path(post, path = "/api/v1/channels/{id}/templates", tag = "templates", params(("id" = i64, Path)),
    request_body = CreateTemplate,
    responses((status = 201, body = TemplateView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CreateTemplate>,
) -> ApiResult<(StatusCode, Json<TemplateView>)> {
    let channel = state.store.channel_view(me.account_id(), id).await?;
    me.require_admin()?;
    if channel.kind != simulator::KIND {
        return Err(ApiError::invalid("Só canais simulador recebem templates pela API; sincronize os da Meta."));
    }
    let name = body.name.trim();
    if name.is_empty()
        || name.len() > 512
        || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(ApiError::invalid("O nome do template deve ter só letras minúsculas, números e '_'."));
    }
    let language = body.language.trim();
    if language.is_empty() || language.len() > 16 {
        return Err(ApiError::invalid("Informe o idioma do template (por exemplo pt_BR)."));
    }
    let category = category(&body.category)?;
    if !body
        .components
        .as_array()
        .is_some_and(|c| c.iter().any(|c| c["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case("body"))))
    {
        return Err(ApiError::invalid("O template precisa de components com um BODY."));
    }
    let new = NewTemplate {
        external_id: None,
        name: name.to_string(),
        language: language.to_string(),
        category,
        status: "APPROVED".into(),
        parameter_format: parameter_format(&body.components).into(),
        components: body.components,
    };
    Ok((StatusCode::CREATED, Json(state.store.create_template(me.account_id(), id, &new).await?)))
}

/// `named` when the body uses `{{name}}` parameters, else `positional`.
fn parameter_format(components: &Value) -> &'static str {
    let named = components.as_array().into_iter().flatten().filter_map(|c| c["text"].as_str()).any(|text| {
        text.split("{{").skip(1).any(|rest| {
            rest.split("}}").next().is_some_and(|p| !p.is_empty() && !p.bytes().all(|b| b.is_ascii_digit()))
        })
    });
    if named { "named" } else { "positional" }
}

/// One template as Meta lists it; `None` when it lacks what Atende needs.
pub fn from_meta(item: &Value) -> Option<NewTemplate> {
    let name = item["name"].as_str()?.to_string();
    let language = item["language"].as_str()?.to_string();
    let category = TemplateCategory::from_meta(item["category"].as_str()?)?;
    let components = item.get("components").cloned().filter(Value::is_array).unwrap_or(Value::Array(vec![]));
    let format = match item["parameter_format"].as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("named") => "named",
        Some("positional") => "positional",
        _ => parameter_format(&components),
    };
    Some(NewTemplate {
        external_id: item["id"].as_str().map(str::to_string),
        name,
        language,
        category,
        status: item["status"].as_str().unwrap_or("APPROVED").to_string(),
        parameter_format: format.to_string(),
        components,
    })
}

/// Sync a WhatsApp number's templates from Meta (admins only).
#[utoipa::path(post, path = "/api/v1/channels/{id}/templates/sync", tag = "templates", params(("id" = i64, Path)),
    responses((status = 200, body = SyncReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn sync(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<SyncReport>> {
    let channel = state.store.channel_view(me.account_id(), id).await?;
    me.require_admin()?;
    if channel.kind != whatsapp::KIND {
        return Err(ApiError::invalid("Só números de WhatsApp sincronizam templates da Meta."));
    }
    let meta_channel = state.store.meta_channel_in(me.account_id(), id).await?;
    let waba = meta_channel
        .business_id
        .clone()
        .ok_or_else(|| ApiError::invalid("Informe o id da conta do WhatsApp Business (business_id) do canal."))?;
    let token = state.meta.credentials(&meta_channel).map_err(ApiError::internal)?.access_token;
    let mut listed = Vec::new();
    let mut next = Some(format!("{waba}/message_templates?limit=100"));
    let mut pages = 0;
    while let Some(path) = next.take() {
        pages += 1;
        let page = state.meta.graph.get_json(&path, &token).await.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "meta_error",
                format!("A Meta recusou a lista de templates: ({}) {}", e.code, e.title),
            )
        })?;
        listed.extend(page["data"].as_array().into_iter().flatten().filter_map(from_meta));
        next = page["paging"]["next"].as_str().map(str::to_string).filter(|_| pages < MAX_PAGES);
    }
    let (synced, deleted) = state.store.sync_templates(me.account_id(), id, &listed).await?;
    Ok(Json(SyncReport { synced, deleted }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get))
        .routes(routes!(preview))
        .routes(routes!(create))
        .routes(routes!(sync))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metas_template_list_becomes_the_catalogue() {
        let page: Value = serde_json::from_slice(
            &std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../tests/fixtures/meta/wa_templates_list_response.json"
            ))
            .unwrap(),
        )
        .unwrap();
        let items: Vec<NewTemplate> = page["data"].as_array().unwrap().iter().filter_map(from_meta).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(
            (items[0].name.as_str(), items[0].category, items[0].parameter_format.as_str()),
            ("reservation_confirmation", TemplateCategory::Utility, "named")
        );
        assert_eq!(
            (items[1].category, items[1].parameter_format.as_str()),
            (TemplateCategory::Marketing, "positional")
        );
        assert_eq!(items[1].external_id.as_deref(), Some("1304694804498707"));
    }

    #[test]
    fn the_parameter_format_is_read_from_the_body() {
        assert_eq!(parameter_format(&serde_json::json!([{"type": "BODY", "text": "Olá {{1}}"}])), "positional");
        assert_eq!(parameter_format(&serde_json::json!([{"type": "BODY", "text": "Olá {{nome}}"}])), "named");
    }
}
