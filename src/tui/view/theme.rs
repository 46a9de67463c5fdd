//! The runner's few styles, in one place so every widget agrees on what
//! "on air", "past", "overdue" and "alert" look like.

use ratatui::style::{Color, Modifier, Style};

pub fn on_air() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn past() -> Style {
    Style::new().fg(Color::DarkGray).add_modifier(Modifier::DIM)
}

pub fn next() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn slot() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn label() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn heading() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn price() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

pub fn sold_out() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn welfare() -> Style {
    Style::new().fg(Color::Magenta)
}

pub fn overdue() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn done() -> Style {
    Style::new().fg(Color::Green)
}

pub fn late() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

/// The loudest thing on screen: the draw callout and plan errors.
pub fn alarm() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

pub fn warn() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn badge_rehearsal() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Magenta)
        .add_modifier(Modifier::BOLD)
}

pub fn badge_live() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

pub fn badge() -> Style {
    Style::new().fg(Color::Black).bg(Color::Gray)
}

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn border_focus() -> Style {
    Style::new().fg(Color::Cyan)
}
