//! The two secrets of a show's browser views: a view token (read the
//! screens) and a control token (also press the buttons). Every request
//! carries one, as `?token=` or `Authorization: Bearer`; they are compared
//! in constant time.
//!
//! `STAGECALL_VIEW_TOKEN` and `STAGECALL_CONTROL_TOKEN` set them (kiosks,
//! tests). Otherwise they are made once per show from the OS's randomness
//! and kept beside its log (`<log>.tokens`, owner-only), so a restart keeps
//! the links the crew already opened.

use std::io::Write;
use std::path::{Path, PathBuf};

use subtle::ConstantTimeEq;

pub const ENV_VIEW: &str = "STAGECALL_VIEW_TOKEN";
pub const ENV_CONTROL: &str = "STAGECALL_CONTROL_TOKEN";

/// What a request may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    None,
    View,
    Control,
}

#[derive(Clone)]
pub struct Tokens {
    pub view: String,
    pub control: String,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens(…)")
    }
}

impl Tokens {
    /// What `given` grants. Both tokens are always compared, so the time
    /// taken says nothing about either.
    pub fn access(&self, given: &str) -> Access {
        let g = given.as_bytes();
        let control: bool = self.control.as_bytes().ct_eq(g).into();
        let view: bool = self.view.as_bytes().ct_eq(g).into();
        if control {
            Access::Control
        } else if view {
            Access::View
        } else {
            Access::None
        }
    }

    /// The show's tokens: from the environment, else the file beside the
    /// log, else made now and saved there.
    pub fn load(log: &Path) -> std::io::Result<Tokens> {
        let env = |k: &str| {
            std::env::var(k)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let path = tokens_path(log);
        let saved = read(&path);
        let view = env(ENV_VIEW).or_else(|| saved.as_ref().map(|t| t.view.clone()));
        let control = env(ENV_CONTROL).or_else(|| saved.as_ref().map(|t| t.control.clone()));
        // A token made now is kept, even when the other one came from the
        // environment, so a link handed out survives a restart.
        let made = view.is_none() || control.is_none();
        let tokens = Tokens {
            view: view.map_or_else(random, Ok)?,
            control: control.map_or_else(random, Ok)?,
        };
        if tokens.view == tokens.control {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{ENV_VIEW} and {ENV_CONTROL} must differ"),
            ));
        }
        if made {
            save(&path, &tokens)?;
        }
        Ok(tokens)
    }
}

pub fn tokens_path(log: &Path) -> PathBuf {
    let mut p = log.as_os_str().to_owned();
    p.push(".tokens");
    PathBuf::from(p)
}

/// 128 random bits, URL-safe.
fn random() -> std::io::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn read(path: &Path) -> Option<Tokens> {
    let text = std::fs::read_to_string(path).ok()?;
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .map(|v| v.trim().to_string())
            .filter(|v| v.len() >= 16)
    };
    Some(Tokens {
        view: get("view=")?,
        control: get("control=")?,
    })
}

fn save(path: &Path, t: &Tokens) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    writeln!(f, "view={}\ncontrol={}", t.view, t.control)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_token_grants_its_own_access_and_nothing_else_does() {
        let t = Tokens {
            view: "v".repeat(32),
            control: "c".repeat(32),
        };
        assert_eq!(t.access(&"v".repeat(32)), Access::View);
        assert_eq!(t.access(&"c".repeat(32)), Access::Control);
        assert_eq!(t.access(""), Access::None);
        assert_eq!(t.access(&"v".repeat(31)), Access::None);
        assert_eq!(t.access(&"c".repeat(33)), Access::None);
    }

    #[test]
    fn tokens_are_made_once_kept_owner_only_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("show.log");
        let a = Tokens::load(&log).expect("made");
        assert_ne!(a.view, a.control);
        assert_eq!(a.view.len(), 32);
        let b = Tokens::load(&log).expect("read");
        assert_eq!((a.view, a.control), (b.view, b.control));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(tokens_path(&log))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "owner-only: {mode:o}");
        }
    }
}
