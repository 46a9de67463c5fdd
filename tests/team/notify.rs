//! Group-chat bots (issue 14) against a local HTTP receiver on 127.0.0.1:
//! each platform's body and signature, checked with the platform's
//! published algorithm computed here independently; retry on 500; the rate
//! limit; de-duplication; failures reported and kept for the review; and,
//! through the real runner in a terminal, no message from a rehearsal
//! without `--notify` (and 【彩排】 with it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use stagecall::notify::config::{Bot, Kind};
use stagecall::notify::deliver::{Delivery, Limits, Report};
use stagecall::notify::format::Message;

use crate::util::PlanBuilder;
use crate::util::plan::Raw;

/// One request as received.
#[derive(Debug, Clone)]
struct Got {
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Got {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("the body is JSON")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A tiny HTTP/1.1 receiver: answers each request with the next status
/// of `statuses` (then 200) and a platform-style `{"errcode":0}` body.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Got>>>,
}

impl Receiver {
    fn start(statuses: Vec<u16>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}/hook?key=K", listener.local_addr().unwrap());
        let got = Arc::new(Mutex::new(Vec::new()));
        let g = got.clone();
        std::thread::spawn(move || {
            let mut statuses = statuses.into_iter();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
                let mut headers = Vec::new();
                let mut len = 0usize;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.trim_end().split_once(':') {
                        if k.eq_ignore_ascii_case("content-length") {
                            len = v.trim().parse().unwrap_or(0);
                        }
                        headers.push((k.trim().to_string(), v.trim().to_string()));
                    }
                }
                let mut body = vec![0u8; len];
                let _ = reader.read_exact(&mut body);
                g.lock().unwrap().push(Got {
                    target,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let status = statuses.next().unwrap_or(200);
                let answer = r#"{"errcode":0,"errmsg":"ok"}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        Receiver { url, got }
    }

    fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until `n` requests arrived (or 10 s), and returns them all.
    fn wait(&self, n: usize) -> Vec<Got> {
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            let g = self.got();
            if g.len() >= n {
                return g;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.got()
    }
}

fn bot(kind: Kind, url: &str, secret: Option<&str>) -> Bot {
    Bot {
        kind,
        url: url.to_string(),
        secret: secret.map(str::to_string),
        on: None,
        roles: None,
    }
}

fn msg(key: &str, text: &str) -> Arc<Message> {
    Arc::new(Message {
        event: "cue",
        key: key.to_string(),
        text: text.to_string(),
        markdown: None,
        json: Some(
            serde_json::json!({"event": {"type": "cue", "cue": "open"}, "status": {"phase": "on_air"}, "rehearsal": false}),
        ),
    })
}

fn fast() -> Limits {
    Limits {
        backoff: Duration::from_millis(50),
        ..Limits::default()
    }
}

/// Collects reports until `n` arrived (or 10 s).
fn reports(d: &mut Delivery, n: usize) -> Vec<Report> {
    let until = Instant::now() + Duration::from_secs(10);
    let mut out = Vec::new();
    while out.len() < n && Instant::now() < until {
        out.extend(d.reports());
        std::thread::sleep(Duration::from_millis(20));
    }
    out
}

type HmacSha256 = Hmac<Sha256>;

fn hmac_b64(key: &[u8], message: &[u8]) -> String {
    let mut m = HmacSha256::new_from_slice(key).unwrap();
    m.update(message);
    base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes())
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn query(target: &str, key: &str) -> Option<String> {
    target
        .split_once('?')?
        .1
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(str::to_string))
}

#[test]
fn wecom_text_body() {
    let r = Receiver::start(vec![]);
    let mut d = Delivery::spawn(vec![bot(Kind::Wecom, &r.url, None)], fast(), None);
    d.send(0, msg("a", "【上播】20:00 开场"));
    let got = r.wait(1);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].json(),
        serde_json::json!({"msgtype": "text", "text": {"content": "【上播】20:00 开场"}})
    );
    assert_eq!(got[0].target, "/hook?key=K", "the key stays in the URL");
    assert!(matches!(reports(&mut d, 1)[0], Report::Sent { .. }));
}

#[test]
fn wecom_markdown_when_given() {
    let r = Receiver::start(vec![]);
    let mut d = Delivery::spawn(vec![bot(Kind::Wecom, &r.url, None)], fast(), None);
    let mut m = (*msg("md", "plain")).clone();
    m.markdown = Some("**【上播】**".into());
    d.send(0, Arc::new(m));
    let got = r.wait(1);
    assert_eq!(
        got[0].json(),
        serde_json::json!({"msgtype": "markdown", "markdown": {"content": "**【上播】**"}})
    );
}

/// 飞书: timestamp (seconds) and sign = base64(HMAC-SHA256(key =
/// "{timestamp}\n{secret}", message = "")).
#[test]
fn feishu_body_and_signature() {
    let r = Receiver::start(vec![]);
    let secret = "demo-secret-飞书";
    let mut d = Delivery::spawn(vec![bot(Kind::Feishu, &r.url, Some(secret))], fast(), None);
    let before = chrono::Utc::now().timestamp();
    d.send(0, msg("f", "【福利】已发福袋"));
    let got = r.wait(1);
    let after = chrono::Utc::now().timestamp();
    let v = got[0].json();
    assert_eq!(v["msg_type"], "text");
    assert_eq!(v["content"]["text"], "【福利】已发福袋");
    let ts: i64 = v["timestamp"]
        .as_str()
        .expect("timestamp is a string")
        .parse()
        .unwrap();
    assert!((before..=after).contains(&ts), "timestamp in seconds, now");
    let expected = hmac_b64(format!("{ts}\n{secret}").as_bytes(), b"");
    assert_eq!(v["sign"], expected.as_str());
    // Without a secret: no timestamp, no sign.
    let r2 = Receiver::start(vec![]);
    let mut d2 = Delivery::spawn(vec![bot(Kind::Feishu, &r2.url, None)], fast(), None);
    d2.send(0, msg("f2", "x"));
    let v = r2.wait(1)[0].json();
    assert!(v.get("sign").is_none() && v.get("timestamp").is_none());
}

/// 钉钉: timestamp (ms) and sign = urlencode(base64(HMAC-SHA256(key =
/// secret, message = "{timestamp}\n{secret}"))) as query parameters.
#[test]
fn dingtalk_body_and_signature() {
    let r = Receiver::start(vec![]);
    let secret = "SEC0123456789abcdef+/=";
    let mut d = Delivery::spawn(
        vec![bot(Kind::Dingtalk, &r.url, Some(secret))],
        fast(),
        None,
    );
    let before = chrono::Utc::now().timestamp_millis();
    d.send(0, msg("d", "【售罄】MY-YL-001"));
    let got = r.wait(1);
    let after = chrono::Utc::now().timestamp_millis();
    assert_eq!(
        got[0].json(),
        serde_json::json!({"msgtype": "text", "text": {"content": "【售罄】MY-YL-001"}})
    );
    let t = &got[0].target;
    assert!(t.starts_with("/hook?key=K&timestamp="), "{t}");
    let ts: i64 = query(t, "timestamp").unwrap().parse().unwrap();
    assert!(
        (before..=after).contains(&ts),
        "timestamp in milliseconds, now"
    );
    let sign = query(t, "sign").unwrap();
    assert!(
        !sign.contains('+') && !sign.contains('/') && !sign.contains('='),
        "URL-encoded: {sign}"
    );
    let expected = hmac_b64(secret.as_bytes(), format!("{ts}\n{secret}").as_bytes());
    assert_eq!(percent_decode(&sign), expected);
}

#[test]
fn webhook_gets_status_and_event_and_a_signature() {
    let r = Receiver::start(vec![]);
    let mut d = Delivery::spawn(vec![bot(Kind::Webhook, &r.url, Some("w"))], fast(), None);
    d.send(0, msg("w", "【上播】"));
    let got = r.wait(1);
    let v = got[0].json();
    assert_eq!(v["event"]["cue"], "open");
    assert_eq!(v["status"]["phase"], "on_air");
    assert_eq!(v["text"], "【上播】");
    let mut m = HmacSha256::new_from_slice(b"w").unwrap();
    m.update(got[0].body.as_bytes());
    let hex: String = m
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        got[0].header("X-Stagecall-Signature"),
        Some(format!("sha256={hex}").as_str())
    );
}

#[test]
fn retries_on_500_then_succeeds() {
    let r = Receiver::start(vec![500, 503]);
    let mut d = Delivery::spawn(vec![bot(Kind::Wecom, &r.url, None)], fast(), None);
    d.send(0, msg("retry", "x"));
    let rep = reports(&mut d, 1);
    assert!(matches!(rep[0], Report::Sent { .. }), "{rep:?}");
    let got = r.got();
    assert_eq!(
        got.len(),
        3,
        "two 5xx answers, then the third attempt lands"
    );
    assert!(got.iter().all(|g| g.body == got[0].body));
}

#[test]
fn a_refusal_is_reported_and_kept_for_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".stagecall/show.notify.log");
    let r = Receiver::start(vec![400]);
    let mut d = Delivery::spawn(
        vec![bot(Kind::Wecom, &r.url, None)],
        fast(),
        Some(file.clone()),
    );
    d.send(0, msg("bad", "【上播】20:00 开场"));
    let rep = reports(&mut d, 1);
    let Report::Failed { error, .. } = &rep[0] else {
        panic!("{rep:?}")
    };
    assert!(error.contains("HTTP 400"), "{error}");
    assert!(
        !error.contains("key=K"),
        "no credentials in messages: {error}"
    );
    assert_eq!(r.got().len(), 1, "a 4xx is not retried");
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(
        kept.contains("HTTP 400") && kept.contains("【上播】20:00 开场"),
        "{kept}"
    );
}

#[test]
fn gives_up_after_the_retries() {
    let r = Receiver::start(vec![500; 10]);
    let mut d = Delivery::spawn(vec![bot(Kind::Wecom, &r.url, None)], fast(), None);
    d.send(0, msg("down", "x"));
    let rep = reports(&mut d, 1);
    assert!(
        matches!(&rep[0], Report::Failed { error, .. } if error.contains("5 attempts")),
        "{rep:?}"
    );
    assert_eq!(r.got().len(), 5, "the first try and four retries");
}

/// The default limit: 18 a minute per bot, under the platforms' 20. The
/// rest wait for the window (they are not lost; the test does not wait a
/// minute for them).
#[test]
fn rate_limit_per_bot() {
    let r = Receiver::start(vec![]);
    let r2 = Receiver::start(vec![]);
    let mut d = Delivery::spawn(
        vec![
            bot(Kind::Wecom, &r.url, None),
            bot(Kind::Wecom, &r2.url, None),
        ],
        Limits::default(),
        None,
    );
    for i in 0..25 {
        d.send(0, msg(&format!("m{i}"), &format!("message {i}")));
    }
    d.send(1, msg("other", "another bot has its own budget"));
    r.wait(25);
    std::thread::sleep(Duration::from_millis(500));
    let got = r.got();
    assert_eq!(got.len(), 18, "no more than 18 in a minute");
    let order: Vec<String> = got
        .iter()
        .map(|g| g.json()["text"]["content"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(order[0], "message 0");
    assert_eq!(order[17], "message 17", "oldest first");
    assert_eq!(r2.wait(1).len(), 1);
}

#[test]
fn duplicates_are_sent_once() {
    let r = Receiver::start(vec![]);
    let mut d = Delivery::spawn(vec![bot(Kind::Wecom, &r.url, None)], fast(), None);
    d.send(0, msg("same", "x"));
    d.send(0, msg("same", "x"));
    d.send(0, msg("next", "y"));
    r.wait(2);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(r.got().len(), 2);
}

#[test]
fn sending_never_waits_on_a_dead_network() {
    // Nothing listens on this port (bound, then dropped).
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let mut d = Delivery::spawn(vec![bot(Kind::Wecom, &url, None)], Limits::default(), None);
    let t = Instant::now();
    for i in 0..1000 {
        d.send(0, msg(&format!("k{i}"), "x"));
    }
    let took = t.elapsed();
    assert!(
        took < Duration::from_millis(200),
        "queueing 1000 took {took:?}"
    );
    // The queue holds 256: the rest are dropped, and said so.
    let rep = reports(&mut d, 1);
    assert!(
        rep.iter()
            .any(|r| matches!(r, Report::Failed { error, .. } if error.contains("queue is full"))),
        "{rep:?}"
    );
}

// ───────────── through the real runner ─────────────

/// 开场 (ten minutes, a product, a script and a task each for control and
/// ads), then 讲解.
fn plan() -> String {
    PlanBuilder::new("群通知测试")
        .group("g", "引流款")
        .item("T-01", "枕套")
        .set("live_price", 9.9)
        .set("link", 1_i64)
        .cue("开场")
        .id("open")
        .set("duration", "10m")
        .set("items", ["T-01"])
        .set("script", "家人们晚上好！\n今晚福利多多")
        .set(
            "checklist",
            Raw(r#"[{ task = "灯光检查", who = "control" }, { task = "开投放", who = "ads" }]"#),
        )
        .cue("讲解")
        .build()
}

fn runner(dir: &std::path::Path, url: &str, extra: &[&str]) -> crate::util::pty::Pty {
    std::fs::write(dir.join("show.toml"), plan()).unwrap();
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!("[[notify]]\nkind = \"webhook\"\nurl = \"{url}\"\n\n[[notify]]\nkind = \"wecom\"\nurl = \"{url}\"\non = [\"cue\"]\nroles = [\"control\"]\n"),
    )
    .unwrap();
    let mut args = vec!["run", "show.toml", "--at", "19:59:57", "--fresh"];
    args.extend_from_slice(extra);
    crate::util::pty::Pty::spawn_env(
        dir,
        &args,
        120,
        40,
        &[
            ("STAGECALL_CONFIG", cfg.to_str().unwrap()),
            ("STAGECALL_TZ", "Asia/Shanghai"),
        ],
    )
}

#[test]
fn a_rehearsal_is_quiet_without_notify() {
    let dir = tempfile::tempdir().unwrap();
    let r = Receiver::start(vec![]);
    let mut pty = runner(dir.path(), &r.url, &[]);
    pty.wait_text("开场");
    // The show clock passes 20:00 (show start, cue on air) …
    std::thread::sleep(Duration::from_secs(5));
    assert!(pty.screen().contains("开场"));
    pty.sigkill();
    // … and the group heard nothing.
    assert!(r.got().is_empty(), "{:?}", r.got());
}

#[test]
fn a_rehearsal_with_notify_speaks_with_the_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let r = Receiver::start(vec![]);
    let mut pty = runner(dir.path(), &r.url, &["--notify"]);
    pty.wait_text("开场");
    // Show start and the first cue, to the webhook; the cue to 企业微信.
    let got = r.wait(3);
    pty.sigkill();
    assert!(got.len() >= 3, "{got:?}");
    let hooks: Vec<serde_json::Value> = got
        .iter()
        .map(Got::json)
        .filter(|v| v.get("status").is_some())
        .collect();
    let start = hooks
        .iter()
        .find(|v| v["event"]["type"] == "show_start")
        .expect("show start");
    assert_eq!(start["rehearsal"], true);
    assert!(
        start["text"]
            .as_str()
            .unwrap()
            .starts_with("【彩排】【开播】群通知测试"),
        "{start}"
    );
    let cue = hooks
        .iter()
        .find(|v| v["event"]["type"] == "cue")
        .expect("cue");
    assert_eq!(cue["event"]["cue"], "open");
    assert_eq!(cue["status"]["on_air"]["id"], "open");
    let text = cue["text"].as_str().unwrap();
    assert!(text.starts_with("【彩排】【上播】20:00 开场"), "{text}");
    assert!(text.contains("1号链接 枕套 ¥9.9"), "{text}");
    assert!(
        text.contains("话术：家人们晚上好！"),
        "the host's first script line: {text}"
    );
    assert!(
        text.contains("开投放"),
        "every task for the webhook: {text}"
    );
    // 企业微信 (roles = control): markdown with the control role's tasks only.
    let wecom = got
        .iter()
        .map(Got::json)
        .find(|v| v.get("msgtype").is_some())
        .expect("wecom");
    let md = wecom["markdown"]["content"].as_str().unwrap();
    assert!(md.starts_with("【彩排】**【上播】20:00 开场**"), "{md}");
    assert!(md.contains("灯光检查") && !md.contains("开投放"), "{md}");
}

/// Not a bot, but the same terminal: a workbook is never written to one.
#[test]
fn xlsx_refuses_a_terminal() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut pty = crate::util::pty::Pty::spawn(
        &root,
        &["sheet", "plans/minimal.toml", "--format", "xlsx"],
        100,
        10,
    );
    assert_eq!(pty.wait_exit(), 2);
    let screen = pty.wait_text("standard output is a terminal");
    assert!(screen.contains("-o FILE.xlsx"), "{screen}");
    assert!(
        !screen.contains("PK"),
        "no zip bytes on the screen: {screen}"
    );
}
