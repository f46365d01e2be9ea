//! The OpenAPI 3.1 document, written as data next to the routes it describes. Each operation names the
//! capability that guards it, and its roles are taken from that capability, so the document cannot drift
//! from the authorisation policy. A test checks that every route in the code is documented here.

use domain::Role;
use serde_json::{Map, Value, json};

use crate::auth::caps::{self, Capability};
use crate::error::Code;

/// Who may call an operation.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// No credentials needed.
    Public,
    /// The roles of a capability.
    Roles(&'static str, &'static [Role]),
}

fn cap<C: Capability>() -> Access {
    Access::Roles(C::DESCRIPTION, C::ROLES)
}

/// One documented operation.
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: Access,
    pub request: Option<Value>,
    pub response: (u16, Value),
    /// Query parameters: (name, schema, description).
    pub query: Vec<(&'static str, Value, &'static str)>,
}

fn obj(props: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "properties": props, "required": required })
}

fn any_object() -> Value {
    json!({ "type": "object" })
}

fn scope_props(mut m: Map<String, Value>) -> Value {
    m.insert("ports".into(), json!({ "type": "array", "items": { "type": "string" } }));
    for k in ["office", "carrier", "partner"] {
        m.insert(k.into(), json!({ "type": ["string", "null"] }));
    }
    Value::Object(m)
}

fn role_schema() -> Value {
    json!({ "type": "string", "enum": Role::ALL.iter().map(Role::as_str).collect::<Vec<_>>() })
}

/// Every operation of the API.
pub fn operations() -> Vec<Operation> {
    let op = |method, path, tag, summary, access, request: Option<Value>, response: (u16, Value)| Operation {
        method,
        path,
        tag,
        summary,
        access,
        request,
        response,
        query: Vec::new(),
    };
    let status = obj(json!({ "status": { "type": "string" } }), &["status"]);
    let user_input = {
        let mut m = Map::new();
        m.insert(
            "username".into(),
            json!({ "type": "string", "minLength": 2, "maxLength": 64, "pattern": "^[a-z0-9._-]+$" }),
        );
        m.insert("display_name".into(), json!({ "type": ["string", "null"] }));
        m.insert("role".into(), role_schema());
        m.insert("password".into(), json!({ "type": "string", "minLength": 12 }));
        let mut s = obj(scope_props(m), &["username", "role", "password"]);
        s["additionalProperties"] = json!(false);
        s
    };
    let token_input = {
        let mut m = Map::new();
        m.insert("name".into(), json!({ "type": ["string", "null"] }));
        m.insert("role".into(), role_schema());
        m.insert("expires".into(), json!({ "type": ["string", "null"], "pattern": "^[0-9]+[dhm]$" }));
        let mut s = obj(scope_props(m), &["role"]);
        s["additionalProperties"] = json!(false);
        s
    };
    let mut ops = vec![
        op("get", "/healthz", "system", "Liveness", Access::Public, None, (200, status.clone())),
        op(
            "get",
            "/readyz",
            "system",
            "Readiness: the database answers",
            Access::Public,
            None,
            (200, status),
        ),
        op(
            "get",
            "/metrics",
            "system",
            "Prometheus metrics",
            cap::<caps::ReadMetrics>(),
            None,
            (200, json!({ "type": "string" })),
        ),
        op(
            "get",
            "/api/v1/openapi.json",
            "system",
            "This document",
            Access::Public,
            None,
            (200, any_object()),
        ),
        op(
            "post",
            "/api/v1/auth/login",
            "session",
            "Sign in with a username and password; sets the session cookie",
            Access::Public,
            Some(obj(
                json!({ "username": { "type": "string" }, "password": { "type": "string" } }),
                &["username", "password"],
            )),
            (
                200,
                obj(
                    json!({ "user": any_object(), "csrf_token": { "type": "string" } }),
                    &["user", "csrf_token"],
                ),
            ),
        ),
        op(
            "post",
            "/api/v1/auth/logout",
            "session",
            "Sign out",
            cap::<caps::Authenticated>(),
            None,
            (200, any_object()),
        ),
        op(
            "get",
            "/api/v1/me",
            "session",
            "The signed-in principal",
            cap::<caps::Authenticated>(),
            None,
            (200, any_object()),
        ),
        op(
            "get",
            "/api/v1/users",
            "accounts",
            "List accounts",
            cap::<caps::ManageUsers>(),
            None,
            (200, any_object()),
        ),
        op(
            "post",
            "/api/v1/users",
            "accounts",
            "Create an account",
            cap::<caps::ManageUsers>(),
            Some(user_input),
            (201, any_object()),
        ),
        op(
            "get",
            "/api/v1/tokens",
            "accounts",
            "List API tokens",
            cap::<caps::ManageTokens>(),
            None,
            (200, any_object()),
        ),
        op(
            "post",
            "/api/v1/tokens",
            "accounts",
            "Create an API token (the secret is returned once)",
            cap::<caps::ManageTokens>(),
            Some(token_input),
            (
                201,
                obj(json!({ "token": any_object(), "secret": { "type": "string" } }), &["token", "secret"]),
            ),
        ),
        op(
            "delete",
            "/api/v1/tokens/{id}",
            "accounts",
            "Revoke an API token (by id or name)",
            cap::<caps::ManageTokens>(),
            None,
            (200, any_object()),
        ),
        op(
            "get",
            "/api/v1/audit/verify",
            "audit",
            "Verify the audit hash chain and checkpoints",
            cap::<caps::VerifyAudit>(),
            None,
            (200, obj(json!({ "ok": { "type": "boolean" } }), &["ok"])),
        ),
        op(
            "get",
            "/api/v1/ports",
            "reference",
            "The port registry",
            cap::<caps::Authenticated>(),
            None,
            (200, any_object()),
        ),
        op(
            "get",
            "/api/v1/countries",
            "reference",
            "ICAO 9303 country codes",
            cap::<caps::Authenticated>(),
            None,
            (200, any_object()),
        ),
    ];
    let mut search = op(
        "get",
        "/api/v1/audit",
        "audit",
        "Search the audit trail (the search is audited)",
        cap::<caps::SearchAudit>(),
        None,
        (200, obj(json!({ "records": { "type": "array", "items": any_object() } }), &["records"])),
    );
    search.query = vec![
        ("actor", json!({ "type": "string" }), "account or token id or name"),
        ("action", json!({ "type": "string" }), "an action, or a prefix ending in '.'"),
        ("subject", json!({ "type": "string" }), "a subject reference such as traveller:<id>"),
        ("from", json!({ "type": "string", "format": "date-time" }), "RFC 3339 instant, inclusive"),
        ("to", json!({ "type": "string", "format": "date-time" }), "RFC 3339 instant, exclusive"),
        ("before_seq", json!({ "type": "integer" }), "only records before this sequence number"),
        ("limit", json!({ "type": "integer", "minimum": 1, "maximum": 1000 }), "at most this many records"),
    ];
    ops.push(search);
    ops.push(op(
        "post",
        "/api/v1/mrz/parse",
        "documents",
        "Read and check a machine-readable zone (ICAO 9303): fields, check digits, positioned errors (audited)",
        cap::<caps::ParseDocuments>(),
        Some(crate::api::mrz::body_schema()),
        (200, crate::api::mrz::report_schema()),
    ));
    ops.extend(crate::api::inspections::operations());
    ops.extend(crate::api::manifests::operations());
    ops.extend(crate::api::statistics::operations());
    ops.extend(crate::api::policy::operations());
    ops.extend(crate::api::watchlists::operations());
    ops
}

/// One operation, for the route modules that document themselves.
pub fn operation(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    access: Access,
    request: Option<Value>,
    response: (u16, Value),
) -> Operation {
    Operation { method, path, tag, summary, access, request, response, query: Vec::new() }
}

/// The access of a capability, for the route modules that document themselves.
pub fn access<C: Capability>() -> Access {
    cap::<C>()
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": { "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": { "type": "string", "enum": Code::ALL.iter().map(Code::as_str).collect::<Vec<_>>() },
                "message": { "type": "string" }
            }
        }}
    })
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in operations() {
        let mut o = Map::new();
        o.insert("tags".into(), json!([op.tag]));
        o.insert("summary".into(), json!(op.summary));
        o.insert(
            "operationId".into(),
            json!(format!("{}{}", op.method, op.path.replace(['/', '{', '}', '.'], "_"))),
        );
        let mut responses = Map::new();
        let media = if op.path == "/metrics" { "text/plain" } else { "application/json" };
        responses.insert(
            op.response.0.to_string(),
            json!({ "description": "success", "content": { media: { "schema": op.response.1 } } }),
        );
        let err = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
        responses.insert("400".into(), err("malformed request"));
        responses.insert("422".into(), err("invalid input"));
        responses.insert("404".into(), err("not found"));
        responses.insert("405".into(), err("method not allowed"));
        responses.insert("413".into(), err("body too large"));
        responses.insert("415".into(), err("unsupported media type"));
        responses.insert("429".into(), err("rate limited"));
        responses.insert("503".into(), err("storage unavailable"));
        match op.access {
            Access::Public => {
                o.insert("security".into(), json!([]));
                if op.path == "/api/v1/auth/login" {
                    responses.insert("401".into(), err("wrong username or password"));
                    responses.insert("403".into(), err("account locked or cross-site request"));
                }
            }
            Access::Roles(desc, roles) => {
                o.insert("security".into(), json!([{ "bearer": [] }, { "session": [] }]));
                o.insert("x-guomen-capability".into(), json!(desc));
                o.insert("x-guomen-roles".into(), json!(roles.iter().map(Role::as_str).collect::<Vec<_>>()));
                responses.insert("401".into(), err("no or bad credentials"));
                responses.insert("403".into(), err("role or scope does not allow this"));
                responses.insert("409".into(), err("conflict"));
            }
        }
        o.insert("responses".into(), Value::Object(responses));
        if let Some(body) = op.request {
            // A body that is not JSON (a watchlist file) says so with JSON Schema's `contentMediaType`.
            let media = body.get("contentMediaType").and_then(Value::as_str).unwrap_or("application/json");
            o.insert(
                "requestBody".into(),
                json!({ "required": true, "content": { media: { "schema": body } } }),
            );
        }
        let mut params: Vec<Value> = op
            .query
            .iter()
            .map(|(n, s, d)| json!({ "name": n, "in": "query", "required": false, "schema": s, "description": d }))
            .collect();
        for seg in op.path.split('/') {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                params.push(
                    json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }),
                );
            }
        }
        if !params.is_empty() {
            o.insert("parameters".into(), Value::Array(params));
        }
        let entry = paths.entry(op.path.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(op.method.to_owned(), Value::Object(o));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "guomen API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Border clearance, travel documents, screening, entry rules and audit. Every error is \
                            {\"error\":{\"code\",\"message\"}} with a stable code."
        },
        "paths": paths,
        "components": {
            "schemas": { "Error": error_schema() },
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "an API token (gm_…)" },
                "session": { "type": "apiKey", "in": "cookie", "name": "guomen_session" }
            }
        }
    })
}
