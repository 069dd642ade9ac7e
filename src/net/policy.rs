//! The security headers of every page Zheng serves: a page needs nothing from elsewhere — its
//! style is inline, its one script is the board's own (allowed by its hash, nothing else runs), and
//! it connects only back to where it came from (the board's event stream).

use axum::Router;
use axum::http::{HeaderValue, header};
use base64::Engine as _;
use sha2::{Digest as _, Sha256};

/// The `Content-Security-Policy` of a page whose only script is `script` (none: no script at all).
pub(crate) fn content_security_policy(script: Option<&str>) -> String {
    let scripts = match script {
        Some(s) => format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s))),
        None => "'none'".into(),
    };
    format!(
        "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// `router` with the page headers on every answer: the policy for `script`, no sniffing of types,
/// no referrer sent elsewhere.
pub fn pages(router: Router, script: Option<&str>) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(script)).expect("a policy is a header value");
    router.layer(axum::middleware::map_response(move |mut r: axum::response::Response| {
        let csp = csp.clone();
        async move {
            let h = r.headers_mut();
            h.insert(header::CONTENT_SECURITY_POLICY, csp);
            h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
            r
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_allows_the_pages_one_script_by_its_hash_and_nothing_from_elsewhere() {
        let p = content_security_policy(Some("alert(1)"));
        assert!(p.starts_with("default-src 'none'; script-src 'sha256-"), "{p}");
        assert!(!p.contains("unsafe-eval") && !p.contains("http"), "{p}");
        assert!(content_security_policy(None).contains("script-src 'none'"));
    }
}
