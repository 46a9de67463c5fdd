//! The user config file: group-chat bots, never in the plan (webhook URLs
//! and secrets are credentials; plans live in git). It is
//! `$STAGECALL_CONFIG`, or `config.toml` in the platform's config
//! directory (`~/.config/stagecall/config.toml` on Linux), found with the
//! `directories` crate. docs/config.md describes it:
//!
//! ```toml
//! over_threshold = "5m"          # optional: announce over/under past this
//!
//! [[notify]]
//! kind = "wecom"                 # wecom | feishu | dingtalk | webhook
//! url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
//! secret = "…"                   # optional: feishu and dingtalk sign with it
//! on = ["cue", "release", "show"] # optional: which events (default all)
//! roles = ["control"]            # optional: only these roles' tasks
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use stagecall_core::diag::{Diagnostic, Rule};
use stagecall_core::live::changes::EVENTS;
use toml::Spanned;

/// A bot's platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Wecom,
    Feishu,
    Dingtalk,
    Webhook,
}

impl Kind {
    pub const ALL: &[(Kind, &'static str, &'static str)] = &[
        (Kind::Wecom, "wecom", "企业微信"),
        (Kind::Feishu, "feishu", "飞书"),
        (Kind::Dingtalk, "dingtalk", "钉钉"),
        (Kind::Webhook, "webhook", "webhook"),
    ];

    pub fn key(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _, _)| *k == self)
            .map_or("webhook", |(_, key, _)| key)
    }

    pub fn zh(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _, _)| *k == self)
            .map_or("webhook", |(_, _, zh)| zh)
    }

    fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        Kind::ALL
            .iter()
            .find(|(_, key, zh)| *key == s || *zh == s)
            .map(|(k, _, _)| *k)
            .or(match s.to_ascii_lowercase().as_str() {
                "wechat_work" | "wework" | "qywx" => Some(Kind::Wecom),
                "lark" => Some(Kind::Feishu),
                "ding" => Some(Kind::Dingtalk),
                _ => None,
            })
    }
}

/// One group-chat bot.
#[derive(Debug, Clone)]
pub struct Bot {
    pub kind: Kind,
    pub url: String,
    pub secret: Option<String>,
    /// The events it is told; `None`: all.
    pub on: Option<Vec<String>>,
    /// Only these roles' tasks in cue messages; `None`: every task.
    pub roles: Option<Vec<String>>,
}

impl Bot {
    pub fn wants(&self, event: &str) -> bool {
        self.on
            .as_ref()
            .is_none_or(|on| on.iter().any(|e| e == event))
    }

    /// Where it posts, without credentials (the key in the query, the
    /// token in the path): for messages and the review.
    pub fn label(&self) -> String {
        format!("{} {}", self.kind.zh(), redact(&self.url))
    }
}

/// `https://qyapi.weixin.qq.com/…`: scheme and host only.
pub fn redact(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    if scheme.is_empty() {
        format!("{host}/…")
    } else {
        format!("{scheme}://{host}/…")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bots: Vec<Bot>,
    pub over_threshold: chrono::Duration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    notify: Vec<Spanned<RawBot>>,
    over_threshold: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBot {
    kind: Spanned<String>,
    url: Spanned<String>,
    secret: Option<Spanned<String>>,
    on: Option<Vec<Spanned<String>>>,
    roles: Option<Vec<String>>,
}

/// Where the config file is: `$STAGECALL_CONFIG`, else the platform's
/// config directory. `None` when neither can be told (no home).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STAGECALL_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "stagecall").map(|d| d.config_dir().join("config.toml"))
}

fn closest<'a>(word: &str, options: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    options
        .map(|o| (strsim_like(word, o), o))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

/// Levenshtein distance, for "did you mean".
fn strsim_like(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Parses and checks a config file's text: the config, or every problem
/// found (errors and warnings, with spans into `text`).
pub fn parse(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let mut diag = Diagnostic::new(Rule::ConfigSyntax, e.message().trim().to_string());
            if let Some(span) = e.span() {
                diag = diag.at(span);
            }
            if e.message().contains("unknown field") {
                diag = diag.help("a config file has `over_threshold` and [[notify]] tables with kind, url, secret, on and roles; see docs/config.md");
            }
            return (None, vec![diag]);
        }
    };
    let over_threshold = match &raw.over_threshold {
        None => stagecall_core::live::changes::OVER_THRESHOLD,
        Some(s) => match stagecall_core::plan::time::parse_duration(s.get_ref()) {
            Ok(v) => v,
            Err(e) => {
                d.push(
                    Diagnostic::new(Rule::ConfigValue, format!("over_threshold: {e}"))
                        .at(s.span())
                        .help("write a duration, like \"5m\""),
                );
                stagecall_core::live::changes::OVER_THRESHOLD
            }
        },
    };
    let mut bots = Vec::new();
    for b in &raw.notify {
        let b = b.get_ref();
        let kind = match Kind::parse(b.kind.get_ref()) {
            Some(k) => Some(k),
            None => {
                let mut diag = Diagnostic::new(
                    Rule::ConfigValue,
                    format!("`{}` is not a bot kind", b.kind.get_ref()),
                )
                .at(b.kind.span())
                .label("not a bot kind");
                let keys = Kind::ALL.iter().map(|(_, k, _)| *k);
                diag = match closest(b.kind.get_ref(), keys) {
                    Some(s) => diag.help(format!(
                        "did you mean `{s}`? kinds: wecom (企业微信), feishu (飞书), dingtalk (钉钉), webhook"
                    )),
                    None => diag.help(
                        "kinds: wecom (企业微信), feishu (飞书), dingtalk (钉钉), webhook",
                    ),
                };
                d.push(diag);
                None
            }
        };
        let url = b.url.get_ref().trim();
        let host_ok = url.split_once("://").is_some_and(|(s, rest)| {
            (s == "https" || s == "http")
                && !rest.split(['/', '?', '#']).next().unwrap_or("").is_empty()
        });
        if !host_ok {
            d.push(
                Diagnostic::new(Rule::ConfigValue, "the url is not an http(s) address")
                    .at(b.url.span())
                    .help("paste the bot's webhook address, starting with https://"),
            );
        }
        if let (Some(k), Some(secret)) = (kind, &b.secret) {
            if k == Kind::Wecom {
                d.push(
                    Diagnostic::new(
                        Rule::ConfigUnusedSecret,
                        "企业微信 bots do not sign: the secret is not used",
                    )
                    .at(secret.span())
                    .help("the key in the url is the credential; remove `secret`"),
                );
            }
            if secret.get_ref().trim().is_empty() {
                d.push(
                    Diagnostic::new(Rule::ConfigValue, "the secret is empty")
                        .at(secret.span())
                        .help("paste the 加签 secret from the bot's settings, or remove `secret`"),
                );
            }
        }
        let mut on = None;
        if let Some(list) = &b.on {
            let mut names = Vec::new();
            for e in list {
                if EVENTS.contains(&e.get_ref().as_str()) {
                    names.push(e.get_ref().clone());
                } else {
                    let help = match closest(e.get_ref(), EVENTS.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`? events: {}", EVENTS.join(", ")),
                        None => format!("events: {}", EVENTS.join(", ")),
                    };
                    d.push(
                        Diagnostic::new(
                            Rule::ConfigValue,
                            format!("`{}` is not an event", e.get_ref()),
                        )
                        .at(e.span())
                        .label("not an event")
                        .help(help),
                    );
                }
            }
            on = Some(names);
        }
        if let Some(kind) = kind
            && host_ok
        {
            bots.push(Bot {
                kind,
                url: url.to_string(),
                secret: b
                    .secret
                    .as_ref()
                    .map(|s| s.get_ref().trim().to_string())
                    .filter(|s| !s.is_empty()),
                on,
                roles: b.roles.clone(),
            });
        }
    }
    let errors = d.iter().any(Diagnostic::is_error);
    (
        (!errors).then_some(Config {
            bots,
            over_threshold,
        }),
        d,
    )
}

/// Reads the config file. `Ok(None)`: there is none (no bots).
pub fn load(file: &Path) -> Result<Option<(String, Config)>, String> {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", file.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let (cfg, diags) = parse(&text);
    match cfg {
        Some(c) => Ok(Some((text, c))),
        None => {
            let src = stagecall_core::source::Source::new(file.display().to_string(), text);
            let first = diags.iter().find(|d| d.is_error());
            let at = first
                .and_then(|d| d.span.as_ref())
                .map(|s| {
                    let (l, c) = src.line_col(s.start);
                    format!(":{l}:{c}")
                })
                .unwrap_or_default();
            Err(format!(
                "{}{at}: {} (run `stagecall config check`)",
                file.display(),
                first.map_or("errors", |d| d.message.as_str())
            ))
        }
    }
}
