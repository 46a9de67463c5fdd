//! A record in the crew's words, for the undo notice, the API's answers
//! and the not-saved list.

use stagecall_core::state::EventKind;

use super::App;
use crate::tui::i18n::Label;

/// A record in words, for the undo notice.
pub fn describe(app: &App, kind: &EventKind) -> String {
    let cue_title = |id: &str| {
        app.plan
            .cues
            .iter()
            .find(|c| c.id == id)
            .map_or(id.to_string(), |c| c.title.clone())
    };
    match kind {
        EventKind::Tick { task, .. } => format!("{} {task}", app.t(Label::TickWord)),
        EventKind::Untick { task, .. } => format!("{} {task}", app.t(Label::UntickWord)),
        EventKind::Skip { task, .. } => format!("{} {task}", app.t(Label::Skipped)),
        EventKind::Go { cue } => format!("{} {}", app.t(Label::GoAt), cue_title(cue)),
        EventKind::End => app.t(Label::PostShow).to_string(),
        EventKind::Delay { seconds } if *seconds >= 0 => app.t(Label::HoldMore).to_string(),
        EventKind::Delay { .. } => app.t(Label::HoldLess).to_string(),
        EventKind::Release { welfare, .. } => {
            let name = app
                .plan
                .welfare
                .iter()
                .find(|w| &w.id == welfare)
                .map_or(welfare.as_str(), |w| w.name.as_str());
            format!("{} {name}", app.t(Label::Released))
        }
        EventKind::SoldOut { sku } => format!("{} {sku}", app.t(Label::SoldOutNow)),
        EventKind::Restock { sku } => format!("{} {sku}", app.t(Label::Restocked)),
        EventKind::Note { text } => format!("{} {text}", app.t(Label::AskNote)),
        EventKind::Metrics { .. } => app.t(Label::NumbersWord).to_string(),
        EventKind::Message { text } if text.is_empty() => app.t(Label::MessageCleared).to_string(),
        EventKind::Message { text } => format!("{} {text}", app.t(Label::AskMessage)),
        EventKind::Undo { .. } | EventKind::Clock { .. } => String::new(),
    }
}
