//! The OpenAPI 3.1 document served at `/api/openapi.json`: generated from the handlers'
//! `utoipa::path` annotations, with the security schemes and the answers every route shares
//! added here once — so that the document lists every status a route can return, as clients
//! and schemathesis read it. A route's own answers (its 2xx, 404 on an unknown id, 409, 422 of
//! a rule, 502, 503) stay in its annotation.

use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Content, Ref, RefOr, Response, ResponseBuilder};

use super::auth;
use super::error;

#[derive(OpenApi)]
#[openapi(
    info(title = "Atende API", description = "REST API of the Atende customer-service chat server."),
    components(schemas(error::ErrorBody)),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(auth::COOKIE))));
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("atd_…").build()),
        );
    }
}

/// Routes anyone may call: logging in, the simulator's contact page and Meta's webhooks.
fn is_public(path: &str) -> bool {
    path == "/api/v1/auth/login" || path.starts_with("/api/v1/simulator/") || path.starts_with("/api/v1/webhooks/")
}

fn error_answer(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", Content::new(Some(Ref::from_schema_name("ErrorBody"))))
        .build()
        .into()
}

/// Add `status` to `operation` unless its own annotation already describes it.
fn answer(operation: &mut Operation, status: &str, description: &str) {
    operation.responses.responses.entry(status.to_string()).or_insert_with(|| error_answer(description));
}

/// Give every operation its own id. utoipa names an operation after its handler, and several
/// resources have a `list` or a `create`: a duplicate id makes generated clients (the web UI's
/// types among them) describe the wrong operation. Each duplicate becomes `<tag>_<name>`.
pub fn unique_operation_ids(openapi: &mut utoipa::openapi::OpenApi) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for_each_operation(openapi, |_, operation| {
        if let Some(id) = &operation.operation_id {
            *seen.entry(id.clone()).or_default() += 1;
        }
    });
    for_each_operation(openapi, |path, operation| {
        let Some(id) = operation.operation_id.clone() else { return };
        if seen.get(&id).copied().unwrap_or(0) > 1 {
            let tag =
                operation.tags.as_ref().and_then(|tags| tags.first()).cloned().unwrap_or_else(|| path.to_string());
            let tag: String = tag.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            operation.operation_id = Some(format!("{tag}_{id}"));
        }
    });
}

/// Call `visit` with every operation of the document and its path.
fn for_each_operation(openapi: &mut utoipa::openapi::OpenApi, mut visit: impl FnMut(&str, &mut Operation)) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        for operation in [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete] {
            if let Some(operation) = operation.as_mut() {
                visit(path, operation);
            }
        }
    }
}

/// Add the answers every route shares to the whole document (once its routes are merged in), by
/// what each route takes: the sign-in it needs, its path and query parameters, its body; and
/// 500 for an internal failure anywhere.
pub fn add_shared_answers(openapi: &mut utoipa::openapi::OpenApi) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        let public = is_public(path);
        let methods = [
            (&mut item.get, false),
            (&mut item.post, true),
            (&mut item.put, true),
            (&mut item.patch, true),
            (&mut item.delete, true),
        ];
        for (operation, writes) in methods {
            let Some(operation) = operation.as_mut() else { continue };
            let parameters = operation.parameters.as_deref().unwrap_or_default();
            let has_path = parameters.iter().any(|p| p.parameter_in == ParameterIn::Path);
            let has_query = parameters.iter().any(|p| p.parameter_in == ParameterIn::Query);
            let body_types: Vec<String> =
                operation.request_body.as_ref().map(|b| b.content.keys().cloned().collect()).unwrap_or_default();
            if !public {
                if operation.security.is_none() {
                    operation.security = Some(vec![
                        SecurityRequirement::new("session", Vec::<String>::new()),
                        SecurityRequirement::new("token", Vec::<String>::new()),
                    ]);
                }
                answer(operation, "401", "Not signed in: no valid session cookie or API token.");
                answer(
                    operation,
                    "429",
                    "Past the account's API requests per minute; Retry-After says how many seconds to wait.",
                );
                if writes {
                    answer(
                        operation,
                        "403",
                        "A session-cookie write without the X-CSRF-Token header, or a missing permission.",
                    );
                }
            }
            if has_path || has_query || !body_types.is_empty() {
                answer(operation, "400", "A path or query parameter, or the body, cannot be read.");
            }
            if has_path {
                answer(operation, "404", "No such resource in the caller's account.");
            }
            if !body_types.is_empty() {
                answer(operation, "413", "The body is larger than the server accepts.");
                answer(operation, "422", "The body does not have the fields and types this route takes.");
            }
            if body_types.iter().any(|t| t == "application/json") {
                answer(operation, "415", "The body is not sent as application/json.");
            }
            answer(operation, "500", "An internal failure; the answer carries the request id its log line has.");
        }
    }
}
