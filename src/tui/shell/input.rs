//! Where the loop's inputs come from: key presses decoded for the app,
//! the terminal's events on a thread of their own, and the debounced file
//! watcher for the plan and the log.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration as StdDuration;

use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};

use super::Input;
use crate::tui::app::Key;

/// Decodes a key press. Releases and repeats of releases (which Windows
/// reports) are ignored. While a prompt takes text (`text`), every
/// character is text and Enter submits.
pub fn map_key(k: KeyEvent, text: bool) -> Option<Key> {
    if k.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if text {
        return Some(match k.code {
            KeyCode::Char('c') if ctrl => Key::Esc,
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Submit,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Esc => Key::Esc,
            _ => return None,
        });
    }
    Some(match k.code {
        KeyCode::Char('c') if ctrl => Key::Quit,
        KeyCode::Char('q') => Key::Quit,
        KeyCode::Esc => Key::Esc,
        KeyCode::Char(' ') => Key::Toggle,
        KeyCode::Up | KeyCode::Char('k') => Key::Up,
        KeyCode::Down | KeyCode::Char('j') => Key::Down,
        KeyCode::Enter | KeyCode::Char('g') => Key::Go,
        KeyCode::Char('s') => Key::Skip,
        KeyCode::Char('+') | KeyCode::Char('=') => Key::DelayPlus,
        KeyCode::Char('-') => Key::DelayMinus,
        KeyCode::Tab => Key::NextPane,
        KeyCode::BackTab => Key::PrevPane,
        KeyCode::Char(c @ '1'..='6') => Key::Pane(c as usize - '0' as usize),
        KeyCode::Char('?') => Key::Help,
        KeyCode::Char('x') => Key::SoldOut,
        KeyCode::Char('r') => Key::Release,
        KeyCode::Char('u') => Key::Undo,
        KeyCode::Char('n') => Key::Note,
        KeyCode::Char('m') => Key::Message,
        KeyCode::Char('v') => Key::Views,
        KeyCode::Char('$') => Key::Numbers,
        KeyCode::Char('w') => Key::TakeOver,
        KeyCode::Char(c) => Key::Char(c),
        _ => return None,
    })
}

/// Forwards terminal events to the loop's channel, from a thread of its own.
pub fn spawn_terminal_events(tx: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(TermEvent::Key(k)) => Input::Key(k),
                Ok(TermEvent::Paste(p)) => Input::Paste(p),
                Ok(TermEvent::Resize(..)) => Input::Resize,
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(input).is_err() {
                return;
            }
        }
    });
}

/// Watches the plan's directory (editors and `git pull` save by rename, so
/// the file itself is not enough) and the log's directory, debounced.
/// Events about other files, including our own log when we are the writer,
/// are dropped here.
pub fn watch(plan: &Path, log: &Path, tx: Sender<Input>) -> notify::Result<impl Drop> {
    use notify::RecursiveMode;
    use notify_debouncer_full::{DebounceEventResult, new_debouncer};

    let plan_name = plan.file_name().map(|n| n.to_os_string());
    // The watcher reports absolute paths: compare against the log's
    // directory as the file system names it.
    let log_dir_abs = std::fs::canonicalize(dir_of(log)).unwrap_or_else(|_| dir_of(log));
    let log_path = log_dir_abs.join(log.file_name().unwrap_or_default());
    let log_name = log.file_name().map(|n| n.to_os_string());
    let mut debouncer = new_debouncer(
        StdDuration::from_millis(150),
        None,
        move |res: DebounceEventResult| {
            let Ok(events) = res else { return };
            let mut plan_changed = false;
            let mut log_changed = false;
            for e in &events {
                for p in &e.event.paths {
                    let name = p.file_name().map(|n| n.to_os_string());
                    if p.parent() == log_path.parent() && name == log_name {
                        log_changed = true;
                    } else if name == plan_name {
                        plan_changed = true;
                    }
                }
            }
            if plan_changed {
                let _ = tx.send(Input::PlanChanged);
            }
            if log_changed {
                let _ = tx.send(Input::LogChanged);
            }
        },
    )?;
    let plan_dir = dir_of(plan);
    debouncer.watch(&plan_dir, RecursiveMode::NonRecursive)?;
    let log_dir = dir_of(log);
    if log_dir != plan_dir {
        debouncer.watch(&log_dir, RecursiveMode::NonRecursive)?;
    }
    Ok(debouncer)
}

fn dir_of(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
