//! Generating the data and running the server under test, watching its memory.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// Empties the benchmark database: deletes a SQLite file, or drops and
/// recreates a PostgreSQL database.
pub async fn reset_database(url: &str) -> anyhow::Result<()> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        return Ok(());
    }
    let (base, name) = url.rsplit_once('/').context("a PostgreSQL URL ends with /database")?;
    let admin = format!("{base}/postgres");
    for sql in [format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"), format!("CREATE DATABASE {name}")] {
        let status = Command::new("psql").args([admin.as_str(), "-q", "-c", sql.as_str()]).status().context("running psql")?;
        if !status.success() {
            bail!("psql failed: {sql}");
        }
    }
    Ok(())
}

/// Runs `learnloop generate` and returns how long it took, in seconds.
pub fn generate(binary: &str, url: &str, reports: u64) -> anyhow::Result<f64> {
    let started = Instant::now();
    let status = Command::new(binary)
        .args(["generate", "--reports", &reports.to_string(), "--seed", "7", "--database-url", url])
        .stdout(Stdio::null())
        .status()
        .with_context(|| format!("running {binary}"))?;
    if !status.success() {
        bail!("learnloop generate failed");
    }
    Ok(started.elapsed().as_secs_f64())
}

pub struct Server {
    child: Child,
    peak_rss_kb: Arc<AtomicU64>,
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

impl Server {
    pub async fn start(binary: &str, url: &str, addr: &str) -> anyhow::Result<Server> {
        let child = Command::new(binary)
            .args(["serve", "--database-url", url, "--addr", addr])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {binary} serve"))?;
        let peak_rss_kb = Arc::new(AtomicU64::new(0));
        let pid = child.id();
        let peak = peak_rss_kb.clone();
        std::thread::spawn(move || {
            while let Some(kb) = rss_kb(pid) {
                peak.fetch_max(kb, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let health = format!("http://{addr}/healthz");
        for _ in 0..200 {
            if reqwest::get(&health).await.is_ok_and(|r| r.status().is_success()) {
                return Ok(Server { child, peak_rss_kb });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the server did not become healthy at {health}")
    }

    pub fn peak_rss_mb(&self) -> f64 {
        self.peak_rss_kb.load(Ordering::Relaxed) as f64 / 1024.0
    }

    pub fn current_rss_mb(&self) -> f64 {
        rss_kb(self.child.id()).unwrap_or(0) as f64 / 1024.0
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
