//! Sends the outbox over SMTP. A background task claims due messages every
//! few seconds, sends each, and records the result; failures are retried with
//! back-off (see the store's outbox). Without SMTP settings nothing is sent and
//! the outbox page shows what would have been.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use learnloop_store::Store;
use learnloop_store::outbox::OutboxEmail;

/// How often the sender looks for due messages.
const POLL_EVERY: Duration = Duration::from_secs(2);
const BATCH: i64 = 20;

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// e.g. `smtp://user:password@mail.example.org:587?tls=required`,
    /// `smtps://…:465`, or `smtp://127.0.0.1:2525` for a local relay.
    pub url: String,
    /// The sender, e.g. `Learnloop <learnloop@example.org>`.
    pub from: String,
}

impl SmtpSettings {
    /// Checks both settings before the server starts, so a typing slip is
    /// reported at once rather than as failed mail later.
    pub fn check(&self) -> Result<(), String> {
        self.from.parse::<Mailbox>().map_err(|e| format!("LEARNLOOP_SMTP_FROM {:?} is not an address: {e}", self.from))?;
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.url).map_err(|e| format!("LEARNLOOP_SMTP_URL is not a usable SMTP URL: {e}"))?;
        Ok(())
    }
}

/// Starts the sender on the current runtime.
pub fn spawn_sender(store: Store, settings: SmtpSettings, public_url: Option<String>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url) {
            Ok(builder) => builder.timeout(Some(Duration::from_secs(20))).build(),
            Err(err) => {
                tracing::error!(error = %err, "the SMTP URL is not usable; email stays in the outbox");
                return;
            }
        };
        let Ok(from) = settings.from.parse::<Mailbox>() else {
            tracing::error!("the SMTP sender address is not usable; email stays in the outbox");
            return;
        };
        loop {
            if let Err(err) = send_due(&store, &transport, &from, public_url.as_deref()).await {
                tracing::warn!(error = %err, "reading the outbox failed");
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    })
}

async fn send_due(store: &Store, transport: &AsyncSmtpTransport<Tokio1Executor>, from: &Mailbox, public_url: Option<&str>) -> Result<(), learnloop_store::StoreError> {
    let now = jiff::Timestamp::now();
    for email in store.claim_due_emails(now, BATCH).await? {
        match send_one(transport, from, &email, public_url).await {
            Ok(()) => store.mark_email_sent(email.id, jiff::Timestamp::now()).await?,
            Err(reason) => {
                // The reason names the server's answer, never the message's content.
                tracing::warn!(outbox_id = email.id, error = %reason, "sending email failed; will retry");
                store.mark_email_failed(&email, &reason, jiff::Timestamp::now()).await?;
            }
        }
    }
    Ok(())
}

async fn send_one(transport: &AsyncSmtpTransport<Tokio1Executor>, from: &Mailbox, email: &OutboxEmail, public_url: Option<&str>) -> Result<(), String> {
    let to: Mailbox = email.to_address.parse().map_err(|e| format!("bad recipient address: {e}"))?;
    let footer = match public_url {
        Some(url) => format!("\n\n--\nLearnloop: {}", url.trim_end_matches('/')),
        None => "\n\n--\nLearnloop".to_string(),
    };
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&email.subject)
        .body(format!("{}{footer}", email.body))
        .map_err(|e| format!("could not build the message: {e}"))?;
    transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
}
