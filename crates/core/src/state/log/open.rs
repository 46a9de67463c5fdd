//! Opening the files stagecall reads and writes safely: regular files
//! only (never a FIFO or a device), the log never through a symbolic link,
//! and its directory owner-only.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates the log's directory, owner-only (plans' state can name prices
/// and budgets; a shared machine's other users need not read it).
pub(super) fn create_state_dir(path: &Path) -> io::Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Opens a file to read (a plan) only if it is a regular file, without
/// blocking on a FIFO. Unlike the log, a plan may be a symbolic link (a
/// plan kept elsewhere and linked in is ordinary); what it points to must
/// still be a regular file.
pub fn open_regular_follow(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    let file = o.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, device or socket)",
        ));
    }
    Ok(file)
}

/// Opens a log (or any file stagecall reads) only if it is a regular file,
/// never through a symbolic link, and without blocking on a FIFO: a FIFO,
/// a device or a socket would hang the runner or feed it without end.
pub fn open_regular(path: &Path, write: bool) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    if write {
        o.append(true).create(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = o.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} is a symbolic link; stagecall does not follow links for its files (use the real path)",
                    path.display()
                ),
            );
        }
        e
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is not a regular file (a directory, FIFO, device or socket)",
                path.display()
            ),
        ));
    }
    // O_NONBLOCK has no effect on a regular file's reads and writes.
    Ok(file)
}
