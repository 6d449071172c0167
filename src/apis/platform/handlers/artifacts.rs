//! Downloading a scan artifact from its pre-signed URL: public, as an object store's
//! pre-signed URL is (the signature is the authorization), refused when the signature
//! does not match or has expired, and unavailable while an `s3` outage lasts.

use crate::apis::platform::errors;
use crate::apis::platform::model::artifacts::{Artifact, Denied, Signer};
use crate::apis::platform::model::state::PlatformState;
use crate::apis::platform::views::artifact::render;
use crate::reply::{Answer, Reply};
use crate::world::Call;

/// `GET /v1/artifacts/{scan_id}/{file}?X-Amz-Date&X-Amz-Expires&X-Amz-Signature`.
pub(crate) fn download(call: &mut Call<'_, PlatformState>) -> Answer {
    let request = call.request;
    let scan_id = request.path_param("scan_id").unwrap_or_default();
    let artifact = request.path_param("file").and_then(Artifact::from_file);
    let signed = request.query_str("X-Amz-Date").unwrap_or_default();
    let expires = request.query_i64("X-Amz-Expires").unwrap_or_default();
    let signature = request.query_str("X-Amz-Signature").unwrap_or_default();
    let Some(artifact) = artifact else { return Err(errors::artifact_not_found(call.ctx)) };
    let signer = Signer { origin: "", secret: &call.state.signing_secret };
    match signer.check(scan_id, artifact, (signed, expires, signature), call.now) {
        Err(Denied::BadSignature) => return Err(errors::artifact_signature(call.ctx)),
        Err(Denied::Expired) => return Err(errors::artifact_expired(call.ctx)),
        Ok(()) => {}
    }
    if call.ctx.outages().iter().any(|d| d == "s3") {
        return Err(errors::storage_unavailable(call.ctx));
    }
    let subject = call.state.find_subject(scan_id).filter(|s| s.stored(call.now).contains(&artifact));
    let Some(subject) = subject else { return Err(errors::artifact_not_found(call.ctx)) };
    Ok(Reply::bytes(200, artifact.media_type(), render(&subject, artifact)))
}
