//! One listener served with bounds: at most so many connections at once (one more is answered
//! `503` and closed at once, never queued), every request's headers within a deadline — the same
//! deadline closes a kept-alive socket left idle, and a connection that never sends anything — and
//! a TLS handshake within it too; a graceful stop that lets requests in flight finish.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// A listener's bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Connections held at once.
    pub max_connections: usize,
    /// The longest a client may take to send a request's headers, or stay idle between requests.
    pub header_timeout: Duration,
}

/// What a client is told when there is no room for its request: a connection over the bound
/// (before it is closed), and the collector's `503`s.
pub const BUSY_BODY: &str = "busy: send again shortly / 繁忙，请稍后重发\n";

fn busy() -> String {
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Retry-After: 1\r\nContent-Length: {}\r\n\r\n{BUSY_BODY}",
        BUSY_BODY.len()
    )
}

/// Serves `app` on `listener` (over TLS when `tls` is given) within `bounds` until `shutdown`
/// resolves; then stops accepting, lets the requests in flight finish (at most `grace`), and
/// returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    bounds: Bounds,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(bounds.max_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((mut stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(10)).await; // out of descriptors: back off
                    continue;
                };
                let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                    let _ = stream.try_write(busy().as_bytes());
                    let _ = stream.shutdown().await;
                    continue;
                };
                let svc = TowerToHyperService::new(app.clone());
                let (watcher, tls, header) = (graceful.watcher(), tls.clone(), bounds.header_timeout);
                tokio::spawn(async move {
                    let _slot = slot;
                    let mut b = hyper::server::conn::http1::Builder::new();
                    b.timer(TokioTimer::new()).header_read_timeout(header);
                    match tls {
                        None => {
                            let _ = watcher.watch(b.serve_connection(TokioIo::new(stream), svc)).await;
                        }
                        Some(acceptor) => {
                            if let Ok(Ok(stream)) = tokio::time::timeout(header, acceptor.accept(stream)).await {
                                let _ = watcher.watch(b.serve_connection(TokioIo::new(stream), svc)).await;
                            }
                        }
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => {}
    }
}
