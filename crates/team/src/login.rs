//! Logging in: the user, password or token from the URL or the
//! environment, a creds or nkey file, and connection problems named
//! without a secret or a credentials path.

use std::time::Duration;

use crate::{Config, ENV_PASSWORD, ENV_USER};

/// Splits `user[:pass]@` out of a server URL; async-nats wants them as
/// options, and messages must show the URL without them.
pub(crate) fn split_userinfo(url: &str) -> (String, Option<(String, Option<String>)>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    let (user, pass) = match userinfo.split_once(':') {
        Some((user, pass)) => (user, Some(pass.to_string())),
        None => (userinfo, None),
    };
    (format!("{scheme}://{host}"), Some((user.to_string(), pass)))
}

/// How the link logs in with a user name, password or token (a creds or
/// nkey file comes on top, from [`Config`]).
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Login {
    Anonymous,
    User {
        user: String,
        password: String,
    },
    /// A password without a user: NATS token authentication.
    Token(String),
}

impl Login {
    /// The URL's `user:pass@` wins, part by part; the environment fills in
    /// the rest. Empty values count as unset.
    fn resolve(
        url: Option<(String, Option<String>)>,
        env_user: Option<String>,
        env_password: Option<String>,
    ) -> Login {
        let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
        let (url_user, url_password) = url.map_or((None, None), |(u, p)| (Some(u), p));
        let user = nonempty(url_user).or(nonempty(env_user));
        let password = nonempty(url_password).or(nonempty(env_password));
        match (user, password) {
            (Some(user), password) => Login::User {
                user,
                password: password.unwrap_or_default(),
            },
            (None, Some(token)) => Login::Token(token),
            (None, None) => Login::Anonymous,
        }
    }

    pub(crate) fn from_env(url: Option<(String, Option<String>)>) -> Login {
        let var = |k| std::env::var(k).ok();
        Login::resolve(url, var(ENV_USER), var(ENV_PASSWORD))
    }
}

/// What the link logged in with, named without its secret, for messages.
pub(crate) fn login_means(cfg: &Config, login: &Login) -> String {
    if cfg.creds.is_some() {
        return "the --creds file".into();
    }
    if cfg.nkey.is_some() {
        return "the --nkey seed".into();
    }
    match login {
        Login::User { user, .. } => format!("user {user:?} and its password"),
        Login::Token(_) => format!("the token in {ENV_PASSWORD}"),
        Login::Anonymous => NO_LOGIN.into(),
    }
}

/// [`login_means`] when there is nothing to log in with.
const NO_LOGIN: &str = "no credentials";

/// A failed connection attempt (async-nats reports only its kind), named.
pub(crate) fn connect_problem(kind: &str, url: &str, means: &str) -> String {
    match kind {
        "authorization violation" if means == NO_LOGIN => format!(
            "authentication failed: the server at {url} wants credentials: set {ENV_USER} and {ENV_PASSWORD}, or give --creds (nats: {kind})"
        ),
        "authorization violation" => {
            format!("authentication failed: the server at {url} refused {means} (nats: {kind})")
        }
        "failed signing nonce" => format!(
            "authentication failed: could not sign the server's challenge with {means} (nats: {kind})"
        ),
        "IO error" | "timed out" | "DNS error" => {
            format!("server unreachable: {url} (nats: {kind})")
        }
        "TLS error" => format!("TLS failed: {url} (nats: {kind})"),
        _ => format!("connection failed: {url} (nats: {kind})"),
    }
}

/// The connection options: name, retries, and how to log in. An unreadable
/// or malformed creds or nkey file is an error, named without its path
/// (the user gave it; the screen is seen by others) or contents.
pub(crate) fn options(cfg: &Config, login: &Login) -> Result<async_nats::ConnectOptions, String> {
    let mut opts = async_nats::ConnectOptions::new()
        .name(format!("stagecall {}", cfg.origin))
        .retry_on_initial_connect()
        .max_reconnects(None)
        .connection_timeout(Duration::from_secs(3));
    match login {
        Login::Anonymous => {}
        Login::User { user, password } => {
            opts = opts.user_and_password(user.clone(), password.clone());
        }
        Login::Token(token) => opts = opts.token(token.clone()),
    }
    if let Some(path) = &cfg.creds {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("credentials unreadable: the --creds file: {e}"))?;
        opts = opts
            .credentials(&text)
            .map_err(|e| format!("bad credentials: the --creds file: {e}"))?;
    }
    if let Some(path) = &cfg.nkey {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("nkey unreadable: the --nkey file: {e}"))?;
        let seed = text.trim();
        // async-nats would only fail to sign on every attempt, unnamed.
        nkeys::KeyPair::from_seed(seed).map_err(|e| {
            format!("bad nkey seed: the --nkey file should hold a user seed (SU…): {e}")
        })?;
        opts = opts.nkey(seed.to_string());
    }
    Ok(opts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn userinfo_is_split_from_the_url() {
        assert_eq!(
            super::split_userinfo("nats://a:b@h:4222"),
            ("nats://h:4222".into(), Some(("a".into(), Some("b".into()))))
        );
        assert_eq!(
            super::split_userinfo("nats://a@h:4222"),
            ("nats://h:4222".into(), Some(("a".into(), None)))
        );
        assert_eq!(
            super::split_userinfo("tls://h:4222"),
            ("tls://h:4222".into(), None)
        );
    }

    #[test]
    fn the_login_comes_from_the_url_else_the_environment() {
        use super::Login;
        let s = |v: &str| Some(v.to_string());
        let user = |u: &str, p: &str| Login::User {
            user: u.into(),
            password: p.into(),
        };
        // The environment alone: a user and password, or a token.
        assert!(Login::resolve(None, s("crew"), s("pw")) == user("crew", "pw"));
        assert!(Login::resolve(None, None, s("tok")) == Login::Token("tok".into()));
        assert!(Login::resolve(None, s(""), s("")) == Login::Anonymous);
        assert!(Login::resolve(None, None, None) == Login::Anonymous);
        // A user in the URL and the password from the environment.
        assert!(Login::resolve(Some(("crew".into(), None)), None, s("pw")) == user("crew", "pw"));
        // What the URL says wins.
        assert!(Login::resolve(Some(("a".into(), s("b"))), s("crew"), s("pw")) == user("a", "b"));
    }

    #[test]
    fn problems_name_the_reason_and_keep_secrets() {
        let cfg = |creds: bool, nkey: bool| crate::Config {
            url: String::new(),
            stream: String::new(),
            origin: "o".into(),
            creds: creds.then(|| "/home/me/.nkeys/secret-team.creds".into()),
            nkey: nkey.then(|| "/home/me/.nkeys/secret-team.nk".into()),
        };
        let pw = super::Login::User {
            user: "crew".into(),
            password: "hunter2".into(),
        };
        let means = super::login_means(&cfg(false, false), &pw);
        assert!(!means.contains("hunter2"), "{means}");
        let auth = super::connect_problem("authorization violation", "nats://h:4222", &means);
        assert!(auth.starts_with("authentication failed: "), "{auth}");
        assert!(auth.contains("\"crew\""), "{auth}");
        let none = super::login_means(&cfg(false, false), &super::Login::Anonymous);
        let auth = super::connect_problem("authorization violation", "nats://h:4222", &none);
        assert!(
            auth.contains("wants credentials: set STAGECALL_TEAM_USER"),
            "{auth}"
        );
        let down = super::connect_problem("IO error", "nats://h:4222", &means);
        assert!(down.starts_with("server unreachable: "), "{down}");
        // Files that cannot be read or parsed: the reason, never the path.
        for (c, n, summary) in [
            (true, false, "credentials unreadable: "),
            (false, true, "nkey unreadable: "),
        ] {
            let Err(e) = super::options(&cfg(c, n), &pw) else {
                panic!("a missing file is an error");
            };
            assert!(e.starts_with(summary), "{e}");
            assert!(e.contains("No such file"), "{e}");
            assert!(!e.contains("secret-team"), "{e}");
        }
        let dir = std::env::temp_dir().join(format!("stagecall-team-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let seed = dir.join("bad.nk");
        std::fs::write(&seed, "SUNOTAVALIDSEED\n").expect("seed");
        let c = crate::Config {
            nkey: Some(seed),
            ..cfg(false, false)
        };
        let Err(e) = super::options(&c, &pw) else {
            panic!("a bad seed is an error");
        };
        let _ = std::fs::remove_dir_all(&dir);
        assert!(e.starts_with("bad nkey seed: "), "{e}");
        assert!(e.contains("length"), "{e}");
        assert!(!e.contains("SUNOTAVALIDSEED"), "{e}");
    }
}
