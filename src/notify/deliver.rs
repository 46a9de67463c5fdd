//! Delivery on a thread of its own, so the runner never waits for the
//! network: a bounded queue in (a full queue drops the message and says
//! so), retries with exponential backoff on transport errors, 5xx and
//! 429, a rate limit per bot under the platforms' (20 a minute), and
//! de-duplication by message key. Final failures are reported back to the
//! runner (the status bar) and appended to the failures file (the review).

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use super::config::Bot;
use super::format::{self, Message};

/// The knobs of delivery; [`Limits::default`] is what the runner uses.
#[derive(Debug, Clone)]
pub struct Limits {
    /// At most this many requests per bot in any `window`.
    pub per_window: usize,
    pub window: Duration,
    /// Attempts after the first, on a retryable failure.
    pub retries: u32,
    /// The first retry's wait; each next one doubles it.
    pub backoff: Duration,
    /// Messages waiting to be taken by the worker.
    pub queue: usize,
    /// One request's time limit.
    pub timeout: Duration,
    /// How long a quitting runner waits for what is queued.
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // Under the platforms' 20 a minute (企业微信, 钉钉; 飞书 allows more).
            per_window: 18,
            window: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_secs(1),
            queue: 256,
            timeout: Duration::from_secs(5),
            drain: Duration::from_millis(1500),
        }
    }
}

/// What the worker tells the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Sent {
        bot: usize,
        key: String,
    },
    /// Given up on (after the retries, or a refusal that no retry fixes).
    Failed {
        bot: usize,
        key: String,
        error: String,
    },
}

struct Job {
    bot: usize,
    msg: Arc<Message>,
    attempt: u32,
    due: Instant,
    seq: u64,
}

/// The runner's handle on the worker.
pub struct Delivery {
    tx: Option<SyncSender<(usize, Arc<Message>)>>,
    reports: Receiver<Report>,
    done: Receiver<()>,
    drain: Duration,
    /// Messages the full queue refused, not yet reported.
    dropped: usize,
}

/// How a post ended.
enum Outcome {
    Ok,
    Retry(String),
    Fail(String),
}

/// Posts one request. Any status answered is a response, not an error.
fn post(agent: &ureq::Agent, bot: &Bot, msg: &Message) -> Outcome {
    let now_ms = chrono::Utc::now().timestamp_millis();
    let req = format::request(bot, msg, now_ms);
    let mut r = agent.post(&req.url);
    for (k, v) in &req.headers {
        r = r.header(k, v);
    }
    match r.send(req.body.as_bytes()) {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            let body = resp
                .body_mut()
                .with_config()
                .limit(64 * 1024)
                .read_to_string()
                .unwrap_or_default();
            match status {
                200..=299 => match format::answer_ok(bot.kind, &body) {
                    Ok(()) => Outcome::Ok,
                    Err(e) => Outcome::Fail(e),
                },
                429 | 500..=599 => Outcome::Retry(format!("HTTP {status}")),
                _ => Outcome::Fail(format!("HTTP {status}")),
            }
        }
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

impl Delivery {
    /// Starts the worker. `failures`: where final failures are appended.
    pub fn spawn(bots: Vec<Bot>, limits: Limits, failures: Option<PathBuf>) -> Delivery {
        let (tx, rx) = mpsc::sync_channel::<(usize, Arc<Message>)>(limits.queue);
        let (rep_tx, reports) = mpsc::channel();
        let (done_tx, done) = mpsc::channel();
        let drain = limits.drain;
        std::thread::spawn(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(limits.timeout))
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into();
            let mut pending: Vec<Job> = Vec::new();
            let mut sent: Vec<VecDeque<Instant>> = vec![VecDeque::new(); bots.len()];
            let mut seen: Vec<(HashSet<String>, VecDeque<String>)> =
                vec![(HashSet::new(), VecDeque::new()); bots.len()];
            let mut seq = 0u64;
            let mut deadline: Option<Instant> = None;
            loop {
                let now = Instant::now();
                let wait = pending
                    .iter()
                    .map(|j| j.due.saturating_duration_since(now))
                    .min()
                    .unwrap_or(Duration::from_secs(3600));
                let wait = match deadline {
                    Some(d) => wait.min(d.saturating_duration_since(now)),
                    None => wait,
                };
                if deadline.is_none() {
                    match rx.recv_timeout(wait) {
                        Ok((bot, msg)) => {
                            if bot < bots.len() {
                                let (set, order) = &mut seen[bot];
                                if set.insert(msg.key.clone()) {
                                    order.push_back(msg.key.clone());
                                    if order.len() > 512
                                        && let Some(old) = order.pop_front()
                                    {
                                        set.remove(&old);
                                    }
                                    seq += 1;
                                    pending.push(Job {
                                        bot,
                                        msg,
                                        attempt: 0,
                                        due: Instant::now(),
                                        seq,
                                    });
                                }
                            }
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => {
                            deadline = Some(Instant::now() + drain);
                        }
                    }
                } else {
                    std::thread::sleep(wait.min(Duration::from_millis(50)));
                }
                if let Some(d) = deadline
                    && (Instant::now() >= d || pending.is_empty())
                {
                    let _ = done_tx.send(());
                    return;
                }
                // Post what is due, oldest first, within each bot's rate.
                pending.sort_by_key(|j| (j.due, j.seq));
                let now = Instant::now();
                let mut i = 0;
                while i < pending.len() {
                    if pending[i].due > now {
                        i += 1;
                        continue;
                    }
                    let b = pending[i].bot;
                    let window = &mut sent[b];
                    while window
                        .front()
                        .is_some_and(|t| now.duration_since(*t) >= limits.window)
                    {
                        window.pop_front();
                    }
                    if window.len() >= limits.per_window {
                        if let Some(first) = window.front() {
                            pending[i].due = *first + limits.window;
                        }
                        i += 1;
                        continue;
                    }
                    window.push_back(Instant::now());
                    let job = pending.remove(i);
                    let bot = &bots[job.bot];
                    match post(&agent, bot, &job.msg) {
                        Outcome::Ok => {
                            let _ = rep_tx.send(Report::Sent {
                                bot: job.bot,
                                key: job.msg.key.clone(),
                            });
                        }
                        Outcome::Retry(e) if job.attempt < limits.retries => {
                            let wait = limits.backoff * 2u32.saturating_pow(job.attempt);
                            pending.push(Job {
                                attempt: job.attempt + 1,
                                due: Instant::now() + wait,
                                ..job
                            });
                            let _ = e;
                        }
                        Outcome::Retry(e) | Outcome::Fail(e) => {
                            let error = format!(
                                "{}: {} not sent ({} attempts): {e}",
                                bot.label(),
                                job.msg.event,
                                job.attempt + 1
                            );
                            if let Some(f) = &failures {
                                let line = format!(
                                    "{} {error}: {}",
                                    chrono::Utc::now()
                                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                                    job.msg.text.lines().next().unwrap_or("")
                                );
                                let _ = super::failures::append(f, &line);
                            }
                            let _ = rep_tx.send(Report::Failed {
                                bot: job.bot,
                                key: job.msg.key.clone(),
                                error,
                            });
                        }
                    }
                }
                // Bounded: a network down for long keeps the newest.
                if pending.len() > 4 * limits.queue {
                    pending.sort_by_key(|j| j.seq);
                    let extra = pending.len() - 4 * limits.queue;
                    for j in pending.drain(..extra) {
                        let _ = rep_tx.send(Report::Failed {
                            bot: j.bot,
                            key: j.msg.key.clone(),
                            error: format!(
                                "{}: too many messages waiting; dropped",
                                bots[j.bot].label()
                            ),
                        });
                    }
                }
            }
        });
        Delivery {
            tx: Some(tx),
            reports,
            done,
            drain,
            dropped: 0,
        }
    }

    /// Queues a message for a bot; never waits. A full queue drops it.
    pub fn send(&mut self, bot: usize, msg: Arc<Message>) {
        let Some(tx) = &self.tx else { return };
        match tx.try_send((bot, msg)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => self.dropped += 1,
        }
    }

    /// What the worker reported since the last call, never waiting; a
    /// full queue's drops come as one failure.
    pub fn reports(&mut self) -> Vec<Report> {
        let mut out: Vec<Report> = self.reports.try_iter().collect();
        if self.dropped > 0 {
            out.push(Report::Failed {
                bot: usize::MAX,
                key: String::new(),
                error: format!(
                    "the message queue is full: {} messages dropped",
                    self.dropped
                ),
            });
            self.dropped = 0;
        }
        out
    }
}

impl Drop for Delivery {
    /// A quitting runner gives what is queued (the show-end summary) a
    /// moment to go out, never more than `drain`.
    fn drop(&mut self) {
        self.tx = None;
        let _ = self
            .done
            .recv_timeout(self.drain + Duration::from_millis(200));
    }
}
