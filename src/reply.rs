//! What an API answers: status, headers and a body. Produced by error dialects, the
//! response generator and API behaviours alike, and validated against the contract before
//! it leaves the server.

use std::borrow::Cow;
use std::convert::Infallible;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

/// A response body.
pub enum Body {
    Empty,
    /// A JSON document, serialised at the edge (`application/json` unless told otherwise).
    Json {
        value: Value,
        content_type: Cow<'static, str>,
    },
    /// Raw bytes of any media type (HTML, PDF, text, pre-serialised JSON).
    Bytes {
        content_type: Cow<'static, str>,
        bytes: Bytes,
    },
    /// A streamed body such as `text/event-stream`; only its media type is validated.
    Stream {
        content_type: Cow<'static, str>,
        stream: BoxStream<'static, Result<Bytes, Infallible>>,
    },
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Empty => write!(f, "Empty"),
            Body::Json { value, content_type } => write!(f, "Json({content_type}, {value})"),
            Body::Bytes { content_type, bytes } => write!(f, "Bytes({content_type}, {} bytes)", bytes.len()),
            Body::Stream { content_type, .. } => write!(f, "Stream({content_type})"),
        }
    }
}

impl Body {
    /// The body's media type, if it has one.
    pub fn content_type(&self) -> Option<&str> {
        match self {
            Body::Empty => None,
            Body::Json { content_type, .. } | Body::Bytes { content_type, .. } | Body::Stream { content_type, .. } => {
                Some(content_type)
            }
        }
    }
}

/// A complete answer to one request.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Body,
    /// The digest of a page written from remembered fragments, and which bytes it is of
    /// (their address and length: a body replaced since has no digest).
    composed: Option<(u128, usize, usize)>,
}

impl Reply {
    /// A JSON reply from anything `Serialize`: a typed view borrowing from the state is
    /// written straight to the bytes that are validated and sent, with no `Value` built
    /// in between.
    ///
    /// ```
    /// use secmock::Reply;
    /// #[derive(serde::Serialize)]
    /// struct Repo<'a> { id: &'a str }
    /// let reply = Reply::json(201, &Repo { id: "r1" });
    /// assert_eq!(reply.status.as_u16(), 201);
    /// let reply = Reply::json(200, serde_json::json!({"id": "r1"}));
    /// assert_eq!(reply.status.as_u16(), 200);
    /// ```
    pub fn json(status: u16, value: impl Serialize) -> Reply {
        Reply::json_as(status, "application/json", value)
    }

    /// A JSON reply with a specific JSON media type such as `application/problem+json`.
    pub fn json_as(status: u16, content_type: &'static str, value: impl Serialize) -> Reply {
        Reply::composed(status, content_type, crate::fragments::compose(&value))
    }

    /// A JSON page of fragments, remembered whole under what `key` says it is made of
    /// (`fragments::pages`): an unchanged list is answered with the bytes written last time.
    pub(crate) fn page(status: u16, key: crate::fragments::PageKey, value: impl Serialize) -> Reply {
        Reply::composed(status, "application/json", crate::fragments::page(key, &value))
    }

    fn composed(
        status: u16,
        content_type: &'static str,
        written: Result<(Bytes, Option<u128>), serde_json::Error>,
    ) -> Reply {
        match written {
            Ok((bytes, digest)) => {
                let composed = digest.map(|d| (d, bytes.as_ptr() as usize, bytes.len()));
                Reply { composed, ..Reply::bytes(status, content_type, bytes) }
            }
            // Only a map with non-string keys or a failing `Serialize` impl gets here: a bug
            // in a behaviour, reported as secmock's own error rather than a dropped answer.
            Err(e) => Reply::json_value(
                500,
                "application/problem+json",
                serde_json::json!({"type": "about:blank", "title": "Internal Server Error", "status": 500,
                    "detail": format!("secmock could not serialise its answer: {e}")}),
            ),
        }
    }

    /// A JSON reply from a `Value` that is kept as a value until the edge (the response
    /// generator uses it: the value it made is the one validated).
    pub fn json_value(status: u16, content_type: impl Into<Cow<'static, str>>, value: Value) -> Reply {
        Reply::with_body(status, Body::Json { value, content_type: content_type.into() })
    }

    /// A reply carrying raw bytes of the given media type.
    pub fn bytes(status: u16, content_type: impl Into<Cow<'static, str>>, bytes: impl Into<Bytes>) -> Reply {
        Reply::with_body(status, Body::Bytes { content_type: content_type.into(), bytes: bytes.into() })
    }

    /// A reply without a body (204, 304, …).
    pub fn empty(status: u16) -> Reply {
        Reply::with_body(status, Body::Empty)
    }

    pub fn with_body(status: u16, body: Body) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: HeaderMap::new(),
            body,
            composed: None,
        }
    }

    /// Adds a header; a name or value that is not valid HTTP is skipped.
    pub fn header(mut self, name: &str, value: impl AsRef<str>) -> Reply {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value.as_ref())) {
            self.headers.append(n, v);
        }
        self
    }

    /// Serialises a JSON body into the bytes that will be sent, returning the value it
    /// was made from (validation reads the value; the bytes are what is remembered).
    pub fn freeze(&mut self) -> Option<Value> {
        let Body::Json { content_type, .. } = &self.body else { return None };
        let content_type = content_type.clone();
        let Body::Json { value, .. } = std::mem::replace(&mut self.body, Body::Empty) else { return None };
        let bytes = Bytes::from(serde_json::to_vec(&value).unwrap_or_default());
        self.body = Body::Bytes { content_type, bytes };
        Some(value)
    }

    /// A digest that stands for the body's bytes, when the body is a page written from
    /// remembered fragments and is still the one written (`fragments::compose`).
    pub(crate) fn digest(&self) -> Option<u128> {
        match (&self.body, self.composed) {
            (Body::Bytes { bytes, .. }, Some((digest, at, len)))
                if bytes.as_ptr() as usize == at && bytes.len() == len =>
            {
                Some(digest)
            }
            _ => None,
        }
    }

    /// The JSON body, if this reply has one.
    pub fn json_body(&self) -> Option<&Value> {
        match &self.body {
            Body::Json { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// A handler's refusal: a complete answer in the API's own format (a 404, a 409, a quota
/// exhausted), carried out of the handler by `?`. Boxed: a `Reply` is large, and a
/// refusal travels through every `?` on the way.
///
/// ```
/// use secmock::{Refusal, Reply};
/// fn find(id: &str) -> Result<Reply, Refusal> {
///     let found = (id == "r1").then_some("r1").ok_or_else(|| Reply::json(404, serde_json::json!({"detail": "Not found"})))?;
///     Ok(Reply::json(200, serde_json::json!({"id": found})))
/// }
/// assert_eq!(find("r2").unwrap_err().into_reply().status.as_u16(), 404);
/// ```
#[derive(Debug)]
pub struct Refusal(Box<Reply>);

impl Refusal {
    pub fn into_reply(self) -> Reply {
        *self.0
    }

    pub fn reply(&self) -> &Reply {
        &self.0
    }
}

impl From<Reply> for Refusal {
    fn from(reply: Reply) -> Refusal {
        Refusal(Box::new(reply))
    }
}

impl From<Box<Reply>> for Refusal {
    fn from(reply: Box<Reply>) -> Refusal {
        Refusal(reply)
    }
}

/// What a handler returns: its answer, or a refusal.
pub type Answer = Result<Reply, Refusal>;
