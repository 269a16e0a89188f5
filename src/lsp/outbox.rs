//! Backpressure on diagnostics publications: at most [`QUEUED_PUBLICATIONS`] of them wait
//! between the server and its output.
//!
//! tower-lsp-server's client hands each message to a channel whose sender it clones per
//! message, and every clone has a slot of its own: the channel never says "full". When the
//! server analyses faster than the editor reads (1,000 documents opened at once), every
//! publication waits there as a `serde_json::Value` tree, several times the size of its JSON.
//! In `scripts/lsp-rss.py` that queue was 49 MB of a 102 MB heap peak (heaptrack, system
//! allocator), and the allocator kept part of it after every document was closed.
//!
//! [`Metered`] sits between the client's channel and the output writer (tower-lsp-server's
//! [`Loopback`]). It counts the publications the writer takes; an analysis task waits for
//! [`Outbox::room`] before it publishes. A task that waits holds no lock and no protocol slot,
//! so requests are still answered meanwhile; a version superseded or closed while it waits is
//! not published (the newer version's own analysis publishes).

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio::sync::{Semaphore, SemaphorePermit};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::{ClientSocket, Loopback};

/// Publications that may wait for the output at once. Each is one document's diagnostics;
/// four keep the writer busy while the next is built.
pub const QUEUED_PUBLICATIONS: usize = 4;

const PUBLISH_DIAGNOSTICS: &str = "textDocument/publishDiagnostics";

#[derive(Debug)]
pub struct Outbox {
    room: Semaphore,
    /// Publications sent without waiting for room (clearing a closed document's diagnostics,
    /// from a notification handler that must not wait on the editor); the writer takes them
    /// without giving room back.
    unmetered: AtomicUsize,
}

/// Room for one publication. [`Room::used`] when the publication was sent; dropped unused,
/// the room goes back.
#[derive(Debug)]
pub struct Room<'a>(Option<SemaphorePermit<'a>>);

impl Room<'_> {
    pub fn used(self) {
        if let Some(permit) = self.0 {
            permit.forget();
        }
    }
}

impl Outbox {
    pub fn new() -> Arc<Outbox> {
        Arc::new(Outbox {
            room: Semaphore::new(QUEUED_PUBLICATIONS),
            unmetered: AtomicUsize::new(0),
        })
    }

    /// Wait until fewer than [`QUEUED_PUBLICATIONS`] publications are waiting for the output.
    pub async fn room(&self) -> Room<'_> {
        // the semaphore is never closed; were it, publications would go unmetered
        Room(self.room.acquire().await.ok())
    }

    /// Record a publication sent without [`Outbox::room`].
    pub fn unmetered(&self) {
        self.unmetered.fetch_add(1, Ordering::SeqCst);
    }

    /// The writer took a publication off the queue. The count of these equals the metered
    /// plus the unmetered publications sent, whatever their order, so room comes back once per
    /// metered publication (at worst one message late when both kinds are queued).
    fn taken(&self) {
        let unmetered = self
            .unmetered
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if unmetered.is_err() {
            self.room.add_permits(1);
        }
    }

    #[cfg(test)]
    fn free(&self) -> usize {
        self.room.available_permits()
    }
}

/// The client's channel, as seen by the output writer, with publications counted.
pub struct Metered {
    socket: ClientSocket,
    outbox: Arc<Outbox>,
}

impl Metered {
    pub fn new(socket: ClientSocket, outbox: Arc<Outbox>) -> Metered {
        Metered { socket, outbox }
    }
}

pub struct MeteredRequests {
    inner: <ClientSocket as Loopback>::RequestStream,
    outbox: Arc<Outbox>,
}

impl Loopback for Metered {
    type RequestStream = MeteredRequests;
    type ResponseSink = <ClientSocket as Loopback>::ResponseSink;

    fn split(self) -> (MeteredRequests, Self::ResponseSink) {
        let (inner, responses) = Loopback::split(self.socket);
        let requests = MeteredRequests {
            inner,
            outbox: self.outbox,
        };
        (requests, responses)
    }
}

impl Stream for MeteredRequests {
    type Item = Request;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Request>> {
        let next = Pin::new(&mut self.inner).poll_next(cx);
        if let Poll::Ready(Some(request)) = &next {
            if request.method() == PUBLISH_DIAGNOSTICS {
                self.outbox.taken();
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn room_comes_back_once_per_metered_publication() {
        let outbox = Outbox::new();
        for _ in 0..QUEUED_PUBLICATIONS {
            outbox.room().await.used();
        }
        assert_eq!(outbox.free(), 0);
        // an unmetered publication is queued among them: taking it gives no room back
        outbox.unmetered();
        outbox.taken();
        assert_eq!(outbox.free(), 0);
        for k in 1..=QUEUED_PUBLICATIONS {
            outbox.taken();
            assert_eq!(outbox.free(), k);
        }
    }

    #[tokio::test]
    async fn unused_room_goes_back() {
        let outbox = Outbox::new();
        drop(outbox.room().await);
        assert_eq!(outbox.free(), QUEUED_PUBLICATIONS);
    }

    #[tokio::test]
    async fn a_full_queue_makes_the_publisher_wait() {
        let outbox = Outbox::new();
        for _ in 0..QUEUED_PUBLICATIONS {
            outbox.room().await.used();
        }
        let waiting = {
            let outbox = outbox.clone();
            tokio::spawn(async move { outbox.room().await.used() })
        };
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        outbox.taken();
        waiting.await.unwrap();
    }
}
