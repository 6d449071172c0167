//! Builds the typed index (`model`) from a bundled, upgraded document: every operation
//! with its parameters (path-level merged with operation-level), body, responses and
//! security, every `$ref` followed and every schema compiled. Each structural problem is
//! reported with the JSON pointer of the node at fault.

use std::path::Path;

use http::Method;
use serde_json::Value;

use super::compile::{SchemaCompiler, resolve};
use super::error::{SpecError, escape_token};
use super::extensions::{self, OperationSettings, ParameterSettings};
use super::media_examples::{self, MediaExamples};
use super::model::*;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub(crate) struct Indexer<'a, 'c> {
    pub(crate) file: &'a Path,
    pub(crate) doc: &'a Value,
    pub(crate) compiler: &'c mut SchemaCompiler<'a>,
    pub(crate) prefix: String,
    pub(crate) schemes: &'c SecuritySchemes,
    pub(crate) examples: &'c MediaExamples,
}

impl<'a> Indexer<'a, '_> {
    fn err(&self, at: &str, message: impl Into<String>) -> SpecError {
        SpecError::invalid(self.file, at, message)
    }

    /// Follows a `$ref` on a non-schema object (parameter, response, …), keeping the
    /// pointer of the node finally used for error messages.
    fn deref(&self, node: &'a Value, at: &str) -> Result<(&'a Value, String), SpecError> {
        deref(self.file, self.doc, node, at)
    }

    pub(crate) fn operations(&mut self) -> Result<Vec<Operation>, SpecError> {
        let mut out = Vec::new();
        let doc = self.doc;
        let Some(paths) = doc.get("paths") else { return Ok(out) };
        let paths = paths.as_object().ok_or_else(|| self.err("/paths", "must be an object"))?;
        let global_security = doc.get("security");
        for (path, item) in paths {
            let item_at = format!("/paths/{}", escape_token(path));
            if !path.starts_with('/') {
                return Err(self.err(&item_at, "path must start with '/'"));
            }
            let (item, item_at) = self.deref(item, &item_at)?;
            let shared = self.parameters(item.get("parameters"), &format!("{item_at}/parameters"))?;
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let op_at = format!("{item_at}/{method}");
                out.push(self.operation(path, method, op, &op_at, &shared, global_security)?);
            }
        }
        out.shrink_to_fit();
        let mut seen = std::collections::HashMap::new();
        for op in &out {
            if let Some(first) = seen.insert(op.id.clone(), op.pointer.clone()) {
                return Err(self.err(&op.pointer, format!("operationId '{}' is already used at {first}", op.id)));
            }
        }
        Ok(out)
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a Value,
        at: &str,
        shared: &[Parameter],
        global_security: Option<&'a Value>,
    ) -> Result<Operation, SpecError> {
        let settings: OperationSettings = extensions::read(op, at).map_err(|(p, m)| self.err(&p, m))?;
        let mut parameters = self.parameters(op.get("parameters"), &format!("{at}/parameters"))?;
        for inherited in shared {
            if !parameters.iter().any(|p| p.name == inherited.name && p.location == inherited.location) {
                parameters.push(inherited.clone());
            }
        }
        self.check_path_parameters(path, &parameters, at)?;
        let request_body = match op.get("requestBody") {
            Some(body) => Some(self.request_body(body, &format!("{at}/requestBody"))?),
            None => None,
        };
        let responses = self.responses(op.get("responses"), &format!("{at}/responses"))?;
        let security = self.security(op.get("security").or(global_security), at)?;
        let id = match op.get("operationId") {
            Some(Value::String(id)) => id.clone(),
            Some(_) => return Err(self.err(&format!("{at}/operationId"), "must be a string")),
            None => format!("{} {path}", method.to_uppercase()),
        };
        let mut operation = Operation {
            id,
            method: Method::from_bytes(method.to_uppercase().as_bytes()).unwrap_or(Method::GET),
            path: path.to_string(),
            route: format!("{}{path}", self.prefix),
            pointer: at.to_string(),
            parameters,
            request_body,
            responses,
            security,
            scopes: settings.scopes,
            builtin: settings.builtin,
            known_departures: settings.upstream_departures,
        };
        super::trim::operation(&mut operation);
        Ok(operation)
    }

    fn check_path_parameters(&self, path: &str, params: &[Parameter], at: &str) -> Result<(), SpecError> {
        let names = template_names(path);
        for name in &names {
            if !params.iter().any(|p| p.location == ParamLocation::Path && &p.name == name) {
                return Err(self.err(at, format!("path parameter '{name}' of '{path}' is not declared")));
            }
        }
        for (i, p) in params.iter().enumerate() {
            if p.location != ParamLocation::Path {
                continue;
            }
            if !names.contains(&p.name) {
                return Err(self.err(at, format!("path parameter '{}' does not appear in '{path}'", p.name)));
            }
            if p.greedy && !path.ends_with(&format!("{{{}}}", p.name)) {
                return Err(self.err(
                    &format!("{at}/parameters/{i}"),
                    "a greedy path parameter must be the template's last segment",
                ));
            }
        }
        Ok(())
    }

    fn parameters(&mut self, list: Option<&'a Value>, at: &str) -> Result<Vec<Parameter>, SpecError> {
        let Some(list) = list else { return Ok(Vec::new()) };
        let list = list.as_array().ok_or_else(|| self.err(at, "must be an array"))?;
        let mut out = Vec::with_capacity(list.len());
        for (i, node) in list.iter().enumerate() {
            out.push(self.parameter(node, &format!("{at}/{i}"))?);
        }
        Ok(out)
    }

    fn parameter(&mut self, node: &'a Value, at: &str) -> Result<Parameter, SpecError> {
        let (node, at) = self.deref(node, at)?;
        let name = str_field(node, "name").ok_or_else(|| self.err(&at, "parameter needs a 'name'"))?;
        let location = match str_field(node, "in") {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => return Err(self.err(&format!("{at}/in"), format!("unknown parameter location {other:?}"))),
        };
        let style = match str_field(node, "style") {
            None => match location {
                ParamLocation::Query | ParamLocation::Cookie => Style::Form,
                ParamLocation::Path | ParamLocation::Header => Style::Simple,
            },
            Some("form") => Style::Form,
            Some("simple") => Style::Simple,
            Some("label") => Style::Label,
            Some("matrix") => Style::Matrix,
            Some("spaceDelimited") => Style::SpaceDelimited,
            Some("pipeDelimited") => Style::PipeDelimited,
            Some("deepObject") => Style::DeepObject,
            Some(other) => return Err(self.err(&format!("{at}/style"), format!("unknown style '{other}'"))),
        };
        let explode = node.get("explode").and_then(Value::as_bool).unwrap_or(style == Style::Form);
        let settings: ParameterSettings = extensions::read(node, &at).map_err(|(p, m)| self.err(&p, m))?;
        if settings.greedy && location != ParamLocation::Path {
            return Err(self.err(&format!("{at}/x-secmock"), "only path parameters can be greedy"));
        }
        let (schema, json_content) = if node.get("schema").is_some() {
            (Some(self.compiler.compile(&format!("{at}/schema"))?), false)
        } else if let Some(Value::Object(content)) = node.get("content") {
            match content.keys().next() {
                Some(media) if content[media].get("schema").is_some() => {
                    let p = format!("{at}/content/{}/schema", escape_token(media));
                    (Some(self.compiler.compile(&p)?), true)
                }
                _ => (None, true),
            }
        } else {
            (None, false)
        };
        Ok(Parameter {
            name: name.to_string(),
            location,
            required: location == ParamLocation::Path || node.get("required").and_then(Value::as_bool).unwrap_or(false),
            style,
            explode,
            schema,
            json_content,
            greedy: settings.greedy,
        })
    }

    fn request_body(&mut self, node: &'a Value, at: &str) -> Result<RequestBody, SpecError> {
        let (node, at) = self.deref(node, at)?;
        Ok(RequestBody {
            required: node.get("required").and_then(Value::as_bool).unwrap_or(false),
            content: self.content(node, &at)?,
        })
    }

    fn content(&mut self, node: &'a Value, at: &str) -> Result<Vec<Media>, SpecError> {
        let Some(content) = node.get("content") else { return Ok(Vec::new()) };
        let content = content.as_object().ok_or_else(|| self.err(&format!("{at}/content"), "must be an object"))?;
        let mut out = Vec::new();
        for (media_type, media) in content {
            let m_at = format!("{at}/content/{}", escape_token(media_type));
            let schema = match media.get("schema") {
                Some(_) => Some(self.compiler.compile(&format!("{m_at}/schema"))?),
                None => None,
            };
            let encoding = media
                .get("encoding")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(part, e)| {
                    let types = e.get("contentType")?.as_str()?;
                    Some((part.clone(), types.split(',').map(|t| t.trim().to_ascii_lowercase()).collect()))
                })
                .collect();
            out.push(Media {
                media_type: media_type.to_ascii_lowercase(),
                schema,
                examples: self.examples(media, &m_at)?,
                encoding,
            });
        }
        Ok(out)
    }

    /// The media type's examples: taken out of the document when the spec loaded
    /// (`media_examples`), or, for one the walk did not reach, read where they are.
    fn examples(&self, media: &'a Value, at: &str) -> Result<std::sync::Arc<[Example]>, SpecError> {
        match self.examples.get(at) {
            Some(taken) => Ok(taken.clone()),
            None => media_examples::read(self.file, self.doc, media, at).map(Into::into),
        }
    }

    fn responses(&mut self, node: Option<&'a Value>, at: &str) -> Result<Vec<Response>, SpecError> {
        let Some(Value::Object(map)) = node else {
            return Err(self.err(at, "an operation needs a 'responses' object"));
        };
        let mut out = Vec::new();
        for (key, response) in map {
            let r_at = format!("{at}/{}", escape_token(key));
            let status =
                parse_status_key(key).ok_or_else(|| self.err(&r_at, format!("'{key}' is not a status code")))?;
            let (response, r_at) = self.deref(response, &r_at)?;
            let mut headers = Vec::new();
            if let Some(Value::Object(hs)) = response.get("headers") {
                for (name, header) in hs {
                    let h_at = format!("{r_at}/headers/{}", escape_token(name));
                    let (header, h_at) = self.deref(header, &h_at)?;
                    let schema = match header.get("schema") {
                        Some(_) => Some(self.compiler.compile(&format!("{h_at}/schema"))?),
                        None => None,
                    };
                    headers.push(Header {
                        name: name.to_ascii_lowercase(),
                        required: header.get("required").and_then(Value::as_bool).unwrap_or(false),
                        schema,
                    });
                }
            }
            out.push(Response { status, content: self.content(response, &r_at)?, headers, pointer: r_at });
        }
        Ok(out)
    }

    fn security(&self, node: Option<&'a Value>, at: &str) -> Result<Vec<SecurityRequirement>, SpecError> {
        let Some(node) = node else { return Ok(Vec::new()) };
        let list = node.as_array().ok_or_else(|| self.err(&format!("{at}/security"), "must be an array"))?;
        let mut out = Vec::new();
        for (i, requirement) in list.iter().enumerate() {
            let r_at = format!("{at}/security/{i}");
            let map = requirement.as_object().ok_or_else(|| self.err(&r_at, "must be an object"))?;
            if map.is_empty() {
                // `{}` among the alternatives makes the credential optional.
                return Ok(Vec::new());
            }
            let mut schemes = Vec::new();
            for (name, scopes) in map {
                if !self.schemes.contains_key(name) {
                    return Err(self.err(&r_at, format!("security scheme '{name}' is not defined")));
                }
                let scopes = scopes
                    .as_array()
                    .map(|s| s.iter().filter_map(Value::as_str).map(String::from).collect())
                    .unwrap_or_default();
                schemes.push((name.clone(), scopes));
            }
            out.push(SecurityRequirement { schemes });
        }
        Ok(out)
    }
}

pub(crate) fn security_schemes(file: &Path, doc: &Value) -> Result<SecuritySchemes, SpecError> {
    let mut out = SecuritySchemes::new();
    let Some(Value::Object(map)) = doc.pointer("/components/securitySchemes") else { return Ok(out) };
    for (name, scheme) in map {
        let at = format!("/components/securitySchemes/{}", escape_token(name));
        let scheme = resolve(doc, scheme);
        let kind = match str_field(scheme, "type") {
            Some("http") => {
                SecurityScheme::Http { scheme: str_field(scheme, "scheme").unwrap_or("bearer").to_ascii_lowercase() }
            }
            Some("apiKey") => SecurityScheme::ApiKey {
                name: str_field(scheme, "name")
                    .ok_or_else(|| SpecError::invalid(file, &at, "apiKey scheme needs a 'name'"))?
                    .to_string(),
                location: match str_field(scheme, "in") {
                    Some("header") => ParamLocation::Header,
                    Some("query") => ParamLocation::Query,
                    Some("cookie") => ParamLocation::Cookie,
                    other => {
                        return Err(SpecError::invalid(
                            file,
                            &format!("{at}/in"),
                            format!("unknown apiKey location {other:?}"),
                        ));
                    }
                },
            },
            Some("oauth2") | Some("openIdConnect") => SecurityScheme::OAuth2,
            Some("mutualTLS") => SecurityScheme::Unsupported,
            other => {
                return Err(SpecError::invalid(
                    file,
                    &format!("{at}/type"),
                    format!("unknown security scheme type {other:?}"),
                ));
            }
        };
        out.insert(name.clone(), kind);
    }
    Ok(out)
}

fn str_field<'v>(node: &'v Value, key: &str) -> Option<&'v str> {
    node.get(key).and_then(Value::as_str)
}

fn parse_status_key(key: &str) -> Option<StatusKey> {
    if key == "default" {
        return Some(StatusKey::Default);
    }
    let upper = key.to_ascii_uppercase();
    if upper.len() == 3 && upper.ends_with("XX") {
        let digit = upper[..1].parse::<u16>().ok().filter(|d| (1..=5).contains(d))?;
        return Some(StatusKey::Range(digit));
    }
    key.parse::<u16>().ok().filter(|c| (100..=599).contains(c)).map(StatusKey::Code)
}

/// The `{name}`s of a path template, in order.
pub(crate) fn template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        names.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    names
}

/// Follows a `$ref` on a non-schema object (parameter, response, example, …) in `doc`,
/// keeping the pointer of the node finally used for error messages.
pub(crate) fn deref<'d>(
    file: &Path,
    doc: &'d Value,
    node: &'d Value,
    at: &str,
) -> Result<(&'d Value, String), SpecError> {
    let err = |at: &str, message: String| SpecError::invalid(file, at, message);
    let mut current = node;
    let mut pointer = at.to_string();
    for _ in 0..32 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return Ok((current, pointer));
        };
        let target =
            reference.strip_prefix('#').ok_or_else(|| err(&pointer, format!("unsupported $ref '{reference}'")))?;
        let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy().into_owned();
        current =
            doc.pointer(&target).ok_or_else(|| err(&pointer, format!("$ref target '{reference}' does not exist")))?;
        pointer = target;
    }
    Err(err(at, "$ref chain is circular".into()))
}
