//! A request body read as the network allows, never as a client would like.
//!
//! A body is read into **one** buffer that grows with the bytes received (at most twice them, and
//! never past the limit), each segment copied and let go at once: a client sending one byte a TCP
//! segment costs one byte, not hyper's block of kilobytes behind it. A declared `Content-Length`
//! over the limit is answered `413` before a byte is read. And a body must keep a minimum pace
//! after a short grace: by `grace + n / min_rate` seconds from its first byte wait, at least `n`
//! bytes must have come, so a client that dribbles is cut off within seconds while a slow real
//! link — a village's mobile data sends kilobytes a second — gets through.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use futures_util::StreamExt as _;
use tokio::time::Instant;

/// The slowest a body may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// How long a body may take before the pace is asked of it.
    pub grace: Duration,
    /// Bytes a second, on average from the start, after the grace.
    pub min_rate: u64,
}

impl Default for Pace {
    fn default() -> Pace {
        Pace { grace: Duration::from_secs(5), min_rate: 1024 }
    }
}

impl Pace {
    /// The latest moment by which `got` bytes must have come, for a body whose wait began at
    /// `start`.
    pub fn deadline(&self, start: Instant, got: u64) -> Instant {
        let rate = self.min_rate.max(1);
        start + self.grace + Duration::from_millis(got.saturating_mul(1000) / rate)
    }
}

/// Why a body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Declared or sent past the limit.
    TooLarge,
    /// Slower than the pace.
    TooSlow,
    /// The client stopped sending before the end.
    CutOff,
}

impl Refused {
    /// The HTTP status that answers it.
    pub fn status(self) -> StatusCode {
        match self {
            Refused::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refused::TooSlow => StatusCode::REQUEST_TIMEOUT,
            Refused::CutOff => StatusCode::BAD_REQUEST,
        }
    }

    /// The words of the answer (the protocol's bodies are English and Chinese).
    pub fn words(self) -> &'static str {
        match self {
            Refused::TooLarge => "too large / 内容过大\n",
            Refused::TooSlow => "sent too slowly: send again / 发送过慢，请重发\n",
            Refused::CutOff => "the body was cut off: send again / 内容不完整，请重发\n",
        }
    }
}

/// The length a request declares, if any (an unreadable one counts as over every limit).
pub fn declared(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH).map(|v| v.to_str().ok().and_then(|s| s.parse().ok()).unwrap_or(u64::MAX))
}

/// Refuses a declared length over `max` at once.
pub(crate) fn check_declared(headers: &HeaderMap, max: usize) -> Result<(), Refused> {
    match declared(headers) {
        Some(n) if n > max as u64 => Err(Refused::TooLarge),
        _ => Ok(()),
    }
}

/// Reads a whole body of at most `max` bytes at `pace`, into one buffer.
pub async fn read(headers: &HeaderMap, body: Body, max: usize, pace: Pace) -> Result<Vec<u8>, Refused> {
    check_declared(headers, max)?;
    let mut buf = Vec::new();
    each_chunk(body, max, pace, |chunk| {
        buf.extend_from_slice(chunk);
        Ok(())
    })
    .await?;
    Ok(buf)
}

/// Hands each segment of a body to `sink` as it comes, at most `max` bytes in all, at `pace`;
/// each segment is dropped once handed on. A sink's error ends the read.
pub async fn each_chunk(
    body: Body,
    max: usize,
    pace: Pace,
    mut sink: impl FnMut(&[u8]) -> Result<(), Refused>,
) -> Result<u64, Refused> {
    let start = Instant::now();
    let mut stream = body.into_data_stream();
    let mut got = 0u64;
    loop {
        let next = tokio::time::timeout_at(pace.deadline(start, got), stream.next()).await;
        match next {
            Err(_) => return Err(Refused::TooSlow),
            Ok(None) => return Ok(got),
            Ok(Some(Err(_))) => return Err(Refused::CutOff),
            Ok(Some(Ok(chunk))) => {
                got += chunk.len() as u64;
                if got > max as u64 {
                    return Err(Refused::TooLarge);
                }
                sink(&chunk)?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_dribbling_body_is_cut_off_and_a_slow_real_link_gets_through() {
        // The pace of the collector's own, scaled down twentyfold in time.
        let pace = Pace { grace: Duration::from_millis(250), min_rate: 1024 };
        // One byte every 50 ms: past the grace it is behind the pace.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
        let drip = tokio::spawn(async move {
            for _ in 0..100 {
                if tx.send(Ok(vec![b'x'])).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        let body = Body::from_stream(tokio_stream(rx));
        assert_eq!(read(&HeaderMap::new(), body, 1 << 20, pace).await, Err(Refused::TooSlow));
        drip.abort();
        // 4 KiB every 50 ms for a second: eighty times the pace.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
        tokio::spawn(async move {
            for _ in 0..20 {
                let _ = tx.send(Ok(vec![b'y'; 4096])).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        let got = read(&HeaderMap::new(), Body::from_stream(tokio_stream(rx)), 1 << 20, pace).await.unwrap();
        assert_eq!(got.len(), 20 * 4096);
    }

    #[tokio::test]
    async fn a_declared_length_over_the_limit_is_refused_before_reading() {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_LENGTH, "2000000".parse().unwrap());
        let never = Body::from_stream(futures_util::stream::pending::<Result<Vec<u8>, std::io::Error>>());
        assert_eq!(read(&h, never, 1 << 20, Pace::default()).await, Err(Refused::TooLarge));
        h.insert(header::CONTENT_LENGTH, "twelve".parse().unwrap());
        assert_eq!(check_declared(&h, 1 << 20), Err(Refused::TooLarge));
        let sent = Body::from(vec![0u8; 2000]);
        assert_eq!(read(&HeaderMap::new(), sent, 1000, Pace::default()).await, Err(Refused::TooLarge));
    }

    fn tokio_stream(
        mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
    ) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
        futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
    }
}
