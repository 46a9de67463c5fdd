//! Drawing the runner: widgets over the [`App`] model, nothing else.
//!
//! [`draw`] lays out one frame: the status bar (`status`), any alerts
//! (`alerts`: a plan error, the welfare draw callouts), the pane's main
//! area, and the key hints (`footer`). The run-sheet pane is the sheet
//! (`sheet`) beside the on-air detail (`detail`), or the pre-show
//! countdown (`preshow`) and post-show `summary`; the other panes
//! (`products`, `welfare`, `traffic`, `warmup`, `help`) replace
//! the main area; `v` lays the browser views' addresses (`views`) over
//! it. Below [`MIN_WIDTH`]x[`MIN_HEIGHT`] only `small` shows.
//! Every widget works from one [`Scene`], derived once per frame.

pub(crate) mod alerts;
pub(crate) mod checklist;
mod detail;
pub(crate) mod fmt;
mod footer;
mod help;
mod preshow;
mod products;
mod sheet;
mod small;
mod status;
mod summary;
mod theme;
mod traffic;
mod views;
mod warmup;
mod welfare;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::app::{App, CheckItem, Pane};
use super::i18n::{Label, Lang};
use stagecall_core::live::{Live, Phase};

/// Narrower than this, only "terminal too small" shows.
pub const MIN_WIDTH: u16 = 40;
/// Shorter than this, only "terminal too small" shows.
pub const MIN_HEIGHT: u16 = 10;

/// What every widget needs, derived once per frame.
pub struct Scene<'a> {
    pub app: &'a App,
    pub m: Live,
    pub lang: Lang,
    /// The checklist of the moment (`App::checklist`).
    pub list: Vec<CheckItem>,
    /// The live numbers and their alerts.
    pub n: stagecall_core::live::numbers::Numbers,
}

impl<'a> Scene<'a> {
    pub fn new(app: &'a App) -> Self {
        let m = app.live();
        let list = app.checklist_at(&m);
        let n = stagecall_core::live::numbers::numbers(&app.plan, &app.sched, &app.state, &m);
        Scene {
            app,
            m,
            lang: app.lang,
            list,
            n,
        }
    }

    pub fn t(&self, l: Label) -> &'static str {
        l.get(self.lang)
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        self.app.now.with_timezone(&Utc)
    }

    /// Whether a crew role may see a task (the `--role` filter).
    pub fn role_allows(&self, who: Option<&str>) -> bool {
        self.app.role_allows(who)
    }
}

/// Draws one frame of the runner.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(small::TooSmall { lang: app.lang }, area);
        return;
    }
    let cx = Scene::new(app);
    let alerts = alerts::lines(&cx, area.width as usize);
    let status_h = if status::has_numbers(&cx) && area.height >= 16 {
        4
    } else {
        3
    };
    let max_alerts = if area.height < 20 { 1 } else { 3 };
    let alert_h = alerts.len().min(max_alerts) as u16;
    let [top, alert, main, foot] = Layout::vertical([
        Constraint::Length(status_h),
        Constraint::Length(alert_h),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(status::Status(&cx), top);
    frame.render_widget(alerts::Alerts(alerts), alert);
    match app.panes.current {
        Pane::Sheet => main_screen(frame, &cx, main),
        Pane::Products => frame.render_widget(products::Board(&cx), main),
        Pane::Welfare => frame.render_widget(welfare::Board(&cx), main),
        Pane::Traffic => frame.render_widget(traffic::Traffic(&cx), main),
        Pane::Warmup => frame.render_widget(warmup::Warmup(&cx), main),
        Pane::Help => frame.render_widget(help::Help(&cx), main),
    }
    frame.render_widget(footer::Footer(&cx), foot);
    if app.views_open {
        frame.render_widget(views::Views(&cx), main);
    }
}

/// The run sheet beside what matters now: the warm-up before the show, the
/// cue on air during it, the summary after.
fn main_screen(frame: &mut Frame, cx: &Scene, area: Rect) {
    let (left, right) = if area.width >= 60 {
        let [l, r] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(area);
        (Some(l), r)
    } else if area.height >= 20 {
        let [l, r] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(area);
        (Some(l), r)
    } else {
        (None, area)
    };
    if let Some(l) = left {
        frame.render_widget(sheet::Sheet(cx), l);
    }
    match cx.m.phase {
        Phase::Pre => frame.render_widget(preshow::PreShow(cx), right),
        Phase::OnAir => frame.render_widget(detail::Detail(cx), right),
        Phase::Post => frame.render_widget(summary::Summary(cx), right),
    }
}

/// A pane's name with its number key, for titles and the tab strip.
pub fn pane_name(pane: Pane, lang: Lang) -> &'static str {
    match pane {
        Pane::Sheet => Label::RunSheet.get(lang),
        Pane::Products => Label::Products.get(lang),
        Pane::Welfare => Label::Welfare.get(lang),
        Pane::Traffic => Label::Traffic.get(lang),
        Pane::Warmup => Label::Warmup.get(lang),
        Pane::Help => Label::Help.get(lang),
    }
}

/// A bordered block titled with the pane's number and name.
fn pane_block(cx: &Scene, pane: Pane) -> ratatui::widgets::Block<'static> {
    let n = Pane::ALL
        .iter()
        .position(|p| *p == pane)
        .map_or(0, |i| i + 1);
    ratatui::widgets::Block::bordered()
        .border_style(theme::border_focus())
        .title(format!(" {n} {} ", pane_name(pane, cx.lang)))
}
