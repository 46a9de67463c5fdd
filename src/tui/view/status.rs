//! The status bar, three lines at the top: the session title, badges (mode,
//! read-only, role, log warnings) and the clock; the cue on air and the
//! countdown to the next one; elapsed, remaining, over/under and the
//! projected end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::fmt::{count_up, countdown, fit, hm, line_fit, over_under};
use super::{Scene, theme};
use crate::render::text::width;
use crate::tui::app::Mode;
use crate::tui::i18n::{Label, Lang};
use stagecall_core::live::Phase;

pub struct Status<'a>(pub &'a Scene<'a>);

impl Widget for Status<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let w = area.width as usize;
        let mut lines = vec![title_line(cx, w), now_line(cx, w), time_line(cx, w)];
        if area.height > 3 {
            lines.push(numbers_line(cx, w));
        }
        Paragraph::new(lines).render(area, buf);
    }
}

/// A rehearsal's speed for its badge: "", "×60", "×1.5", "×0.25". A speed
/// outside what `--speed` allows (a log edited by hand) is short too,
/// "×1e-300", never a few hundred digits that push the badge off screen.
pub fn speed_label(speed: f64) -> String {
    if (speed - 1.0).abs() < f64::EPSILON {
        return String::new();
    }
    if !speed.is_finite() {
        return " ×?".into();
    }
    if (0.01..=10_000.0).contains(&speed) {
        let s = format!("{speed:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!(" ×{s}")
    } else {
        format!(" ×{speed:.0e}")
    }
}

/// The REHEARSAL badge, in a rehearsal: a rehearsal must never look like
/// the show, so it stays when nothing else fits.
fn rehearsal_badge(cx: &Scene) -> Option<Span<'static>> {
    let Mode::Rehearsal { speed } = cx.app.mode else {
        return None;
    };
    Some(Span::styled(
        format!(" {}{} ", cx.t(Label::Rehearsal), speed_label(speed)),
        theme::badge_rehearsal(),
    ))
}

fn badges(cx: &Scene) -> Vec<Span<'static>> {
    let app = cx.app;
    let mut out = Vec::new();
    match rehearsal_badge(cx) {
        Some(badge) => out.push(badge),
        None => out.push(Span::styled(
            format!(" {} ", cx.t(Label::Live)),
            theme::badge_live(),
        )),
    }
    if !app.writable {
        out.push(Span::raw(" "));
        out.push(Span::styled(
            format!(" {} ", cx.t(Label::ReadOnly)),
            theme::warn(),
        ));
        // Following a rehearsal whose writer quit: its clock stands still.
        if matches!(app.mode, Mode::Rehearsal { .. }) && app.state.clock.is_some_and(|c| !c.running)
        {
            out.push(Span::raw(" "));
            out.push(Span::styled(
                format!(" {} ", cx.t(Label::Paused)),
                theme::warn(),
            ));
        }
    }
    if let Some(role) = &app.role {
        let who = app
            .plan
            .crew_member(role)
            .map(|p| format!(" {p}"))
            .unwrap_or_default();
        out.push(Span::raw(" "));
        out.push(Span::styled(
            format!(
                " {} {}{} ",
                cx.t(Label::Role),
                fit(super::checklist::role_name(role, cx.lang), 12),
                fit(&who, 12)
            ),
            theme::badge(),
        ));
    }
    if let Some(err) = &app.feed_error {
        out.push(Span::raw(" "));
        out.push(Span::styled(
            format!(" {} ✗ {} ", cx.t(Label::FeedProblem), fit(err, 40)),
            theme::warn(),
        ));
    }
    if let Some(err) = &app.notify_error {
        // The group chat did not hear something: short here, whole in
        // the review.
        out.push(Span::raw(" "));
        out.push(Span::styled(
            format!(" {} ✗ {} ", cx.t(Label::GroupChat), fit(err, 40)),
            theme::warn(),
        ));
    }
    if let Some(t) = &app.team {
        // Link, queue, lag: the three things a crew asks of the network.
        let mut text = format!(
            " {} {}",
            cx.t(Label::Team),
            if t.connected { "●" } else { "○" }
        );
        text.push_str(&format!(
            " {}",
            cx.t(if t.connected {
                Label::Online
            } else {
                Label::Offline
            })
        ));
        if t.queued > 0 {
            text.push_str(&format!(" · {} {}", cx.t(Label::Queued), t.queued));
        }
        if let (false, Some(err)) = (t.connected, &t.error) {
            // The reason's summary; the alert line under the bar has it all.
            text.push_str(&format!(" · {}", fit(team_summary(err), 40)));
        }
        if let Some(lag) = team_lag(app) {
            text.push_str(&format!(
                " · {} {:.1}s",
                cx.t(Label::Lag),
                lag.num_milliseconds() as f64 / 1000.0
            ));
        }
        text.push(' ');
        out.push(Span::raw(" "));
        out.push(Span::styled(
            text,
            if t.connected && t.queued == 0 {
                theme::badge()
            } else {
                theme::warn()
            },
        ));
    }
    if !app.log_warnings.is_empty() {
        out.push(Span::raw(" "));
        out.push(Span::styled(
            format!(" {} {} ", cx.t(Label::LogWarnings), app.log_warnings.len()),
            theme::warn(),
        ));
    }
    out
}

/// The part of a team problem before its first `": "` (the link words its
/// problems `summary: detail`).
pub fn team_summary(err: &str) -> &str {
    err.split_once(": ").map_or(err, |(summary, _)| summary)
}

/// How long after the last remote event its lag stays on screen, in real
/// seconds.
const LAG_SHOWN_FOR_SECS: f64 = 10.0;

/// The replication lag, while it says something about the link: for
/// [`LAG_SHOWN_FOR_SECS`] after the remote event that measured it. A backlog
/// arrives in one burst when the link comes back, so that long with nothing
/// new from the stream means the runner is caught up, and an old figure
/// ("lag 22.9s" from a reconnect) would only alarm. The arrival is kept in
/// show time; a rehearsal's speed turns it back into real seconds.
fn team_lag(app: &crate::tui::app::App) -> Option<chrono::Duration> {
    let (lag, at) = app.team.as_ref()?.lag?;
    let speed = match app.mode {
        Mode::Rehearsal { speed } if speed > 0.0 => speed,
        _ => 1.0,
    };
    let real = (app.now - at).num_milliseconds() as f64 / 1000.0 / speed;
    (0.0..LAG_SHOWN_FOR_SECS).contains(&real).then_some(lag)
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// Title on the left; badges and the clock on the right.
fn title_line(cx: &Scene, w: usize) -> Line<'static> {
    let clock = Span::styled(super::fmt::clock(cx.app.now), theme::bold());
    let mut right = badges(cx);
    right.push(Span::raw(" "));
    right.push(clock.clone());
    if spans_width(&right) + 12 > w {
        right = match rehearsal_badge(cx) {
            Some(badge) if width(&badge.content) + 1 + width(&clock.content) <= w => {
                vec![badge, Span::raw(" "), clock]
            }
            Some(badge) => vec![badge],
            None => vec![clock],
        };
    }
    let rw = spans_width(&right);
    let lw = w.saturating_sub(rw + 1);
    let title = fit(&cx.app.plan.session.title, lw);
    let mut spans = vec![Span::styled(title, theme::bold())];
    // The platform and hosts, when there is room.
    let s = &cx.app.plan.session;
    let mut extra = s
        .platform
        .map(|p| if cx.lang == Lang::Zh { p.zh() } else { p.key() }.to_string())
        .into_iter()
        .collect::<Vec<_>>();
    extra.extend(s.hosts.iter().map(|h| fit(h, 12)));
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" · {}", extra.join(" "))
    };
    if !extra.is_empty() && spans_width(&spans) + width(&extra) + rw + 2 <= w {
        spans.push(Span::styled(extra, theme::label()));
    }
    let gap = w.saturating_sub(spans_width(&spans) + rw);
    spans.push(Span::raw(" ".repeat(gap)));
    spans.extend(right);
    line_fit(spans, w)
}

/// Splits `avail` cells between two texts, shorter one first.
fn share(a: usize, b: usize, avail: usize) -> (usize, usize) {
    if a + b <= avail {
        return (a, b);
    }
    let half = avail / 2;
    if a <= half {
        (a, avail - a)
    } else if b <= avail - half {
        (avail - b, b)
    } else {
        (half, avail - half)
    }
}

/// The next hard hit as a label: "20:00 整点红包", or "21:00 the end".
pub fn hard_hit(cx: &Scene) -> String {
    let m = &cx.m;
    let what = m
        .next_hard
        .and_then(|i| cx.app.plan.cues.get(i))
        .map_or_else(
            || cx.t(Label::SessionEnd).to_string(),
            |c| fit(&c.title, 16),
        );
    format!("{} {what}", hm(m.next_hard_at))
}

/// What is on air, and what comes next in how long.
fn now_line(cx: &Scene, w: usize) -> Line<'static> {
    let (app, m) = (cx.app, &cx.m);
    let cue_title = |i: Option<usize>| {
        i.and_then(|i| app.plan.cues.get(i))
            .map_or("", |c| c.title.as_str())
    };
    let until = |t| {
        Span::styled(
            countdown(t - app.now, cx.lang),
            theme::next().add_modifier(Modifier::BOLD),
        )
    };
    let label = |s: String| Span::styled(s, theme::label());
    let next_cue = m.next.and_then(|i| m.cues.get(i));
    let fixed = |hard: bool| {
        if hard {
            vec![label(format!(" ({})", cx.t(Label::Hard)))]
        } else {
            vec![]
        }
    };
    // head, cur (plan text), mid, next (plan text), post
    let (head, cur, mid, next, post) = match m.phase {
        Phase::Pre => {
            let first = next_cue.and_then(|c| c.start).unwrap_or(app.sched.start);
            (
                Span::styled(format!(" {}", cx.t(Label::PreShow)), theme::bold()),
                "",
                vec![until(first), label(format!(" · {} ", cx.t(Label::Next)))],
                cue_title(m.next),
                vec![label(format!(" {}", hm(first)))],
            )
        }
        Phase::OnAir => match next_cue {
            Some(nc) => {
                let post = match nc.start {
                    // Due now and waiting for GO (go mode): it counts up.
                    Some(t) if t <= app.now => vec![Span::styled(
                        format!(
                            " · {} +{}",
                            cx.t(Label::GoNow),
                            count_up(m.overtime(), cx.lang)
                        ),
                        theme::overdue().add_modifier(Modifier::BOLD),
                    )],
                    Some(t) => {
                        let mut v = fixed(nc.hard);
                        v.push(label(format!(" {} ", cx.t(Label::In))));
                        v.push(until(t));
                        v
                    }
                    // Cut: it airs only if GO starts it.
                    None => vec![Span::styled(
                        format!(" · {}", cx.t(Label::Cut)),
                        theme::warn(),
                    )],
                };
                (
                    Span::styled(format!(" {} ", cx.t(Label::OnAir)), theme::on_air()),
                    cue_title(m.on_air),
                    vec![label(format!(" · {} ", cx.t(Label::Next)))],
                    cue_title(m.next),
                    post,
                )
            }
            None => (
                Span::styled(format!(" {} ", cx.t(Label::OnAir)), theme::on_air()),
                cue_title(m.on_air),
                vec![
                    label(format!(
                        " · {} · {} ",
                        cx.t(Label::LastCue),
                        cx.t(Label::EndsIn)
                    )),
                    until(m.projected_end),
                ],
                "",
                vec![],
            ),
        },
        Phase::Post => (
            Span::styled(format!(" {}", cx.t(Label::PostShow)), theme::past()),
            "",
            vec![label(format!(
                "· {}–{}",
                hm(app.sched.start),
                hm(m.ended_at.unwrap_or(m.projected_end))
            ))],
            "",
            vec![],
        ),
    };
    let fixed = width(&head.content) + 1 + spans_width(&mid) + spans_width(&post);
    let (cw, nw) = share(width(cur), width(next), w.saturating_sub(fixed));
    let mut spans = vec![head, Span::raw(" ")];
    if !cur.is_empty() {
        spans.push(Span::styled(fit(cur, cw), theme::bold()));
    }
    spans.extend(mid);
    spans.push(Span::styled(fit(next, nw), theme::next()));
    spans.extend(post);
    line_fit(spans, w)
}

/// Whether the status bar has a line of live numbers: once any reading
/// is in (a show without them keeps its rows for the sheet).
pub fn has_numbers(cx: &Scene) -> bool {
    cx.n.at.is_some()
}

/// Online and its trend, GMV against the target and its pace, orders, and
/// the age of the last reading (all dimmed when stale).
fn numbers_line(cx: &Scene, w: usize) -> Line<'static> {
    use super::fmt::{amount, count};
    let n = &cx.n;
    let lang = cx.lang;
    let stale = n.stale;
    let fig = |s: String, style: ratatui::style::Style| {
        Span::styled(s, if stale { theme::past() } else { style })
    };
    let label = |s: String| Span::styled(s, theme::label());
    let sep = || Span::styled(" · ", theme::label());
    let mut spans = vec![Span::raw(" ")];
    if n.at.is_none() {
        // Nothing read yet: no figure to show, not even a GMV of 0.
        spans.push(label(cx.t(Label::NoNumbersYet).to_string()));
        if let Some(t) = n.gmv_target {
            spans.push(sep());
            spans.push(label(format!(
                "{} {}",
                cx.t(Label::GmvTarget),
                amount(t, lang)
            )));
        }
        return line_fit(spans, w);
    }
    {
        spans.push(label(format!("{} ", cx.t(Label::OnlineWord))));
        spans.push(fig(
            n.online.map_or_else(|| "–".into(), count),
            theme::bold(),
        ));
        if let (Some(now), Some(before)) = (n.online, n.online_before) {
            let d = i128::from(now) - i128::from(before);
            let (arrow, style) = match d {
                d if d > 0 => ("↑", theme::ok()),
                d if d < 0 => ("↓", theme::late()),
                _ => ("→", theme::label()),
            };
            spans.push(fig(format!(" {arrow}{}", d.unsigned_abs()), style));
            spans.push(label(format!("/{}", cx.t(Label::FiveMin))));
        }
        spans.push(sep());
    }
    spans.push(label("GMV ".into()));
    spans.push(fig(amount(n.gmv, lang), theme::bold()));
    if let Some(t) = n.gmv_target {
        let pct = if t.0 > 0 {
            n.gmv.0 as f64 * 100.0 / t.0 as f64
        } else {
            0.0
        };
        spans.push(label(format!(" / {} ", amount(t, lang))));
        spans.push(fig(format!("{pct:.0}%"), theme::bold()));
        if let Some(p) = n.pace.filter(|_| cx.m.phase != Phase::Pre) {
            let ahead = n.gmv >= p;
            spans.push(label(format!(" ({} ", cx.t(Label::Pace))));
            spans.push(fig(
                amount(p, lang),
                if ahead { theme::ok() } else { theme::late() },
            ));
            spans.push(label(")".into()));
        }
    }
    if n.at.is_some() {
        spans.push(sep());
        spans.push(label(format!("{} ", cx.t(Label::OrdersWord))));
        spans.push(fig(count(n.orders), theme::bold()));
    }
    if let Some(at) = n.at {
        spans.push(sep());
        // Whole minutes: a reading's age matters by the minute.
        let age = (cx.app.now - at).num_minutes().max(0);
        let text = if age == 0 {
            cx.t(Label::JustNow).to_string()
        } else {
            let d = super::fmt::dur(chrono::Duration::minutes(age), lang);
            format!("{d} {}", cx.t(Label::Ago))
        };
        spans.push(Span::styled(
            text,
            if stale { theme::warn() } else { theme::label() },
        ));
    }
    line_fit(spans, w)
}

/// Elapsed, remaining, over/under against the next hard hit, projected end.
fn time_line(cx: &Scene, w: usize) -> Line<'static> {
    let m = &cx.m;
    let app = cx.app;
    let sep = || Span::styled(" · ", theme::label());
    let until = m.ended_at.map_or(app.now, |e| e.min(app.now));
    let elapsed = (until - app.sched.start).max(chrono::Duration::zero());
    let remaining = (m.projected_end - app.now).max(chrono::Duration::zero());
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(format!("{} ", cx.t(Label::Elapsed)), theme::label()),
        Span::styled(count_up(elapsed, cx.lang), theme::bold()),
        sep(),
        Span::styled(format!("{} ", cx.t(Label::Remaining)), theme::label()),
        Span::styled(countdown(remaining, cx.lang), theme::bold()),
    ];
    if m.phase == Phase::OnAir {
        let style = match m.over.num_seconds() {
            s if s > 0 => theme::late(),
            _ => theme::ok(),
        };
        spans.push(sep());
        spans.push(Span::styled(
            over_under(m.over, &hard_hit(cx), cx.lang),
            style,
        ));
        if m.over.num_seconds() > 0 && !m.cut_before_hard.is_empty() {
            let cut: Vec<String> = m
                .cut_before_hard
                .iter()
                .filter_map(|&i| app.plan.cues.get(i))
                .map(|c| fit(&c.title, 12))
                .collect();
            spans.push(Span::styled(
                format!(" ({} {})", cx.t(Label::Cut), cut.join(", ")),
                theme::warn(),
            ));
        }
    }
    spans.push(sep());
    spans.push(Span::styled(
        format!("{} ", cx.t(Label::ProjectedEnd)),
        theme::label(),
    ));
    spans.push(Span::styled(hm(m.projected_end), theme::bold()));
    if hm(m.projected_end) != hm(app.sched.end) {
        spans.push(Span::styled(
            format!(" ({} {})", cx.t(Label::Planned), hm(app.sched.end)),
            theme::label(),
        ));
    }
    if let Some(seg) = m
        .on_air
        .and_then(|i| app.plan.cues.get(i))
        .and_then(|c| c.segment.as_deref())
    {
        let label = format!(" · {} ", cx.t(Label::Segment));
        let room = w.saturating_sub(spans_width(&spans) + width(&label));
        if room >= 8 {
            spans.push(Span::styled(label, theme::label()));
            spans.push(Span::raw(fit(seg, room.min(24))));
        }
    }
    line_fit(spans, w)
}
