//! What the bots say, and how each platform wants it posted, following
//! each platform's published custom-bot API:
//!
//! - 企业微信: `{"msgtype":"text","text":{"content":…}}`, or
//!   `{"msgtype":"markdown","markdown":{"content":…}}` for a cue;
//! - 飞书: `{"msg_type":"text","content":{"text":…}}`; with a secret also
//!   `timestamp` (seconds) and `sign` = base64(HMAC-SHA256 keyed with
//!   `"{timestamp}\n{secret}"` over an empty message);
//! - 钉钉: `{"msgtype":"text","text":{"content":…}}`; with a secret the
//!   URL gets `timestamp` (ms) and `sign` = URL-encoded
//!   base64(HMAC-SHA256 keyed with `secret` over `"{timestamp}\n{secret}"`);
//! - webhook: `{"event": {…}, "status": <LIVE_CLOCK status>, "text": …,
//!   "rehearsal": bool}`; with a secret, the header
//!   `X-Stagecall-Signature: sha256=<hex HMAC-SHA256 of the body>`.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::config::{Bot, Kind};

/// One message, as the runner made it; the worker signs and posts it.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The event name (`on = [...]`).
    pub event: &'static str,
    /// Two messages with the same key are one: sent once.
    pub key: String,
    /// Plain text (with the 【彩排】 prefix in a rehearsal).
    pub text: String,
    /// Markdown for platforms that render it (企业微信), when useful.
    pub markdown: Option<String>,
    /// The webhook's JSON: the event and the status object.
    pub json: Option<serde_json::Value>,
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length: this cannot fail.
    match HmacSha256::new_from_slice(key) {
        Ok(mut m) => {
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// 飞书: base64(HMAC-SHA256(key = "{timestamp}\n{secret}", message = "")).
pub fn feishu_sign(secret: &str, timestamp_secs: i64) -> String {
    b64(&hmac(format!("{timestamp_secs}\n{secret}").as_bytes(), b""))
}

/// 钉钉: URL-encoded base64(HMAC-SHA256(key = secret, message =
/// "{timestamp}\n{secret}")).
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    let raw = b64(&hmac(
        secret.as_bytes(),
        format!("{timestamp_ms}\n{secret}").as_bytes(),
    ));
    url_encode(&raw)
}

/// The webhook's signature header value.
pub fn webhook_sign(secret: &str, body: &[u8]) -> String {
    let mac = hmac(secret.as_bytes(), body);
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Percent-encoding of everything but unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A request ready to post.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub url: String,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

/// The request a bot posts for a message, signed at `now_ms` (Unix
/// milliseconds: signatures are made when sent, so a retry is fresh).
pub fn request(bot: &Bot, msg: &Message, now_ms: i64) -> Request {
    let mut url = bot.url.clone();
    let mut headers = vec![(
        "Content-Type".to_string(),
        "application/json; charset=utf-8".to_string(),
    )];
    let body = match bot.kind {
        Kind::Wecom => match &msg.markdown {
            Some(md) => serde_json::json!({"msgtype": "markdown", "markdown": {"content": md}}),
            None => serde_json::json!({"msgtype": "text", "text": {"content": msg.text}}),
        },
        Kind::Feishu => {
            let mut v = serde_json::json!({"msg_type": "text", "content": {"text": msg.text}});
            if let Some(secret) = &bot.secret {
                let ts = now_ms.div_euclid(1000);
                v["timestamp"] = serde_json::Value::String(ts.to_string());
                v["sign"] = serde_json::Value::String(feishu_sign(secret, ts));
            }
            v
        }
        Kind::Dingtalk => {
            if let Some(secret) = &bot.secret {
                let sep = if url.contains('?') { '&' } else { '?' };
                url = format!(
                    "{url}{sep}timestamp={now_ms}&sign={}",
                    dingtalk_sign(secret, now_ms)
                );
            }
            serde_json::json!({"msgtype": "text", "text": {"content": msg.text}})
        }
        Kind::Webhook => {
            let mut v = msg.json.clone().unwrap_or_else(|| serde_json::json!({}));
            v["text"] = serde_json::Value::String(msg.text.clone());
            v
        }
    };
    let body = body.to_string();
    if let (Kind::Webhook, Some(secret)) = (bot.kind, &bot.secret) {
        headers.push((
            "X-Stagecall-Signature".to_string(),
            webhook_sign(secret, body.as_bytes()),
        ));
    }
    Request { url, body, headers }
}

/// Whether a 2xx answer is a success by the platform's own code
/// (`errcode` for 企业微信 and 钉钉, `code` for 飞书; 0 is success), and
/// the platform's message when not.
pub fn answer_ok(kind: Kind, body: &str) -> Result<(), String> {
    if kind == Kind::Webhook {
        return Ok(());
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        // Not JSON: take the status code's word for it.
        return Ok(());
    };
    let code = v
        .get("errcode")
        .or_else(|| v.get("code"))
        .or_else(|| v.get("StatusCode"))
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0);
    if code == 0 {
        return Ok(());
    }
    let msg = v
        .get("errmsg")
        .or_else(|| v.get("msg"))
        .or_else(|| v.get("StatusMessage"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    Err(format!("the platform answered code {code}: {msg}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding() {
        assert_eq!(url_encode("a+b/c=="), "a%2Bb%2Fc%3D%3D");
    }

    #[test]
    fn platform_answers() {
        assert!(answer_ok(Kind::Wecom, r#"{"errcode":0,"errmsg":"ok"}"#).is_ok());
        assert!(answer_ok(Kind::Feishu, r#"{"code":19021,"msg":"sign match fail"}"#).is_err());
        assert!(answer_ok(Kind::Dingtalk, "ok").is_ok());
    }
}
