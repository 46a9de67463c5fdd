//! The on-air detail: the cue on air with its checklist (who, when,
//! overdue, the selection), its products (live and list price, stock or
//! 售罄, per-buyer limit, selling points), its welfare (rule, quantity,
//! trigger, releases and draw countdown) and its script (话术). Space is
//! shared by priority: checklist first, then products and welfare, then the
//! script.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use stagecall_core::plan::{Item, Welfare};

use super::checklist;
use super::fmt::{countdown, dur, fit, hm, line_fit, scroll, wrap};
use super::welfare::{Draw, draws, kind_name};
use super::{Scene, theme};
use crate::tui::i18n::Label;

pub struct Detail<'a>(pub &'a Scene<'a>);

impl Widget for Detail<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        // Very short: no borders, so the tasks still show.
        let block = if area.height >= 8 {
            Block::bordered()
                .border_style(theme::border())
                .title(format!(" {} ", cx.t(Label::Now)))
        } else {
            Block::new()
        };
        let inner = block.inner(area);
        block.render(area, buf);
        let (w, h) = (inner.width as usize, inner.height as usize);
        let Some(ci) = cx.m.on_air else { return };
        let Some(cue) = cx.app.plan.cues.get(ci) else {
            return;
        };

        let mut header = header(cx, ci, w);
        header.truncate(match h {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        });
        // Only the visible window of the checklist is drawn (a long show's
        // record can bring many tasks).
        let sel = cx.app.selected_index(&cx.list);
        let check_len = cx.list.len();
        let check_head = section(
            format!(
                "{} {}",
                cx.t(Label::Checklist),
                checklist::progress(&cx.list)
            ),
            w,
        );
        let mut goods: Vec<Line> = Vec::new();
        if !cue.items.is_empty() {
            goods.push(section(cx.t(Label::Products).to_string(), w));
            for item in cue.items.iter().filter_map(|&i| cx.app.plan.items.get(i)) {
                goods.extend(item_lines(cx, item, w));
            }
        }
        if !cue.welfare.is_empty() {
            goods.push(section(cx.t(Label::Welfare).to_string(), w));
            for &wi in &cue.welfare {
                if let Some(wf) = cx.app.plan.welfare.get(wi) {
                    goods.extend(welfare_lines(cx, wi, wf, w));
                }
            }
        }
        let mut script: Vec<Line> = Vec::new();
        if let Some(text) = cue.script.as_deref().filter(|s| !s.trim().is_empty()) {
            script.push(section(cx.t(Label::Script).to_string(), w));
            for para in text.trim_end().lines() {
                let para = crate::render::text::sanitize(para);
                script.extend(
                    wrap(&para, w.saturating_sub(1))
                        .into_iter()
                        .map(|l| Line::raw(format!(" {l}"))),
                );
            }
        }

        // Share the height: header, then checklist, goods, script.
        let body = h.saturating_sub(header.len());
        let check_need = 1 + check_len.max(1);
        let needs = [check_need, goods.len(), script.len()];
        let mins = [check_need.min(5), goods.len().min(4), script.len().min(3)];
        let got = share(body, needs, mins);

        let mut lines = header;
        if got[0] > 0 {
            lines.push(check_head);
            let rows = got[0] - 1;
            if check_len == 0 {
                lines.push(Line::styled(
                    format!(" {}", cx.t(Label::NoTasks)),
                    theme::label(),
                ));
            } else {
                let start = scroll(check_len, rows, sel.unwrap_or(0));
                lines.extend(
                    cx.list
                        .iter()
                        .skip(start)
                        .take(rows)
                        .map(|i| checklist::line(cx, i, w, true)),
                );
            }
        }
        lines.extend(goods.into_iter().take(got[1]));
        lines.extend(script.into_iter().take(got[2]));
        Paragraph::new(lines).render(inner, buf);
    }
}

/// Gives each part its minimum in order, then the rest in order, up to need.
fn share(total: usize, need: [usize; 3], min: [usize; 3]) -> [usize; 3] {
    let mut got = [0; 3];
    let mut left = total;
    for (g, m) in got.iter_mut().zip(min) {
        *g = m.min(left);
        left -= *g;
    }
    for (g, n) in got.iter_mut().zip(need) {
        let more = n.saturating_sub(*g).min(left);
        *g += more;
        left -= more;
    }
    got
}

fn section(title: String, w: usize) -> Line<'static> {
    line_fit(vec![Span::styled(title, theme::heading())], w)
}

fn header(cx: &Scene, ci: usize, w: usize) -> Vec<Line<'static>> {
    let (app, sched) = (cx.app, &cx.app.sched);
    let Some((cue, iv)) = app.plan.cues.get(ci).zip(sched.cues.get(ci)) else {
        return Vec::new();
    };
    let title = line_fit(vec![Span::styled(fit(&cue.title, w), theme::bold())], w);
    // Live times: when it started and when it is due to end (planned
    // times beside, only when different).
    let cl = cx.m.cues.get(ci);
    let start = cl.and_then(|c| c.start).unwrap_or(iv.start);
    // When it leaves the air (a fixed cue may cut it short, or it may
    // stay on until one): what the countdown counts to.
    let due = cl.and_then(|c| c.end.or(c.due_end)).unwrap_or(iv.end);
    let mut info = vec![Span::styled(
        format!("{}–{} {}", hm(start), hm(due), dur(due - start, cx.lang)),
        theme::label(),
    )];
    if hm(start) != hm(iv.start) || hm(due) != hm(iv.end) {
        info.push(Span::styled(
            format!(
                " ({} {}–{})",
                cx.t(Label::Planned),
                hm(iv.start),
                hm(iv.end)
            ),
            theme::label(),
        ));
    }
    let until = cl.and_then(|c| c.end).unwrap_or(cx.m.projected_end);
    info.push(Span::styled(
        format!(" · {} ", cx.t(Label::Remaining)),
        theme::label(),
    ));
    info.push(Span::styled(
        countdown(until - app.now, cx.lang),
        theme::bold(),
    ));
    if let (Some(go), Some(stagecall_core::live::StartedBy::Go)) =
        (app.state.go.get(&cue.id), cl.and_then(|c| c.started_by))
    {
        info.push(Span::styled(
            format!(
                " · {} {}",
                cx.t(Label::GoAt),
                go.with_timezone(&app.plan.session.timezone)
                    .format("%H:%M:%S")
            ),
            theme::label(),
        ));
    }
    if let Some(seg) = &cue.segment {
        info.push(Span::styled(format!(" · {}", fit(seg, 20)), theme::label()));
    }
    vec![title, line_fit(info, w)]
}

/// A product: SKU and name; prices, stock or 售罄, limit; selling points.
fn item_lines(cx: &Scene, item: &Item, w: usize) -> Vec<Line<'static>> {
    let mut head = vec![Span::raw(" ")];
    // The cart link number the host calls out (链接号).
    if let Some(n) = item.link {
        head.push(Span::styled(
            format!("{n}{} ", cx.t(Label::LinkNo)),
            theme::price(),
        ));
    }
    head.extend([
        Span::styled(fit(&item.sku, 16), theme::label()),
        Span::raw(" "),
        Span::styled(fit(&item.name, w), theme::bold()),
    ]);
    let mut out = vec![line_fit(head, w)];
    let mut spans = vec![Span::raw("  ")];
    if let Some(p) = item.live_price {
        spans.push(Span::styled(
            format!(" {} ", cx.t(Label::Price)),
            theme::label(),
        ));
        spans.push(Span::styled(p.to_string(), theme::price()));
    }
    // A flash sale or coupon of the cue on air that prices this product.
    let plan = &cx.app.plan;
    let deal =
        cx.m.on_air
            .and_then(|c| plan.cues.get(c))
            .into_iter()
            .flat_map(|c| c.welfare.iter())
            .filter_map(|&w| plan.welfare.get(w))
            .find(|w| {
                w.price.is_some()
                    && w.sku
                        .and_then(|i| plan.items.get(i))
                        .is_some_and(|it| it.sku == item.sku)
            });
    if let Some(p) = deal.and_then(|w| w.price) {
        spans.push(Span::styled(
            format!(" · {} ", cx.t(Label::DealPrice)),
            theme::label(),
        ));
        spans.push(Span::styled(p.to_string(), theme::price()));
    }
    if let Some(p) = item.list_price {
        spans.push(Span::styled(
            format!(" · {} {p}", cx.t(Label::ListPrice)),
            theme::label(),
        ));
    }
    if cx.app.state.is_sold_out(&item.sku) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", cx.t(Label::SoldOut)),
            theme::sold_out().add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    } else if let Some(s) = item.stock {
        spans.push(Span::styled(
            format!(" · {} {s}", cx.t(Label::Stock)),
            theme::label(),
        ));
    }
    if let Some(l) = item.limit {
        spans.push(Span::styled(
            format!(" · {} {l}", cx.t(Label::Limit)),
            theme::label(),
        ));
    }
    out.push(line_fit(spans, w));
    if !item.pitch.is_empty() {
        let pitch = item
            .pitch
            .iter()
            .map(|p| fit(p, w))
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(line_fit(
            vec![
                Span::styled(format!("   {} ", cx.t(Label::Pitch)), theme::label()),
                Span::raw(pitch),
            ],
            w,
        ));
    }
    out
}

/// A welfare action: kind, name, quantity, releases and countdown; then its
/// rule and trigger.
fn welfare_lines(cx: &Scene, wi: usize, wf: &Welfare, w: usize) -> Vec<Line<'static>> {
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(kind_name(cx, wf.kind), theme::welfare()),
        Span::raw(" "),
        Span::raw(fit(&wf.name, 28)),
    ];
    if let Some(q) = wf.quantity {
        spans.push(Span::styled(
            format!(" {} {q}", cx.t(Label::Quantity)),
            theme::label(),
        ));
    }
    let (n, _) = cx.app.state.released(&wf.id);
    if n > 0 {
        spans.push(Span::styled(
            format!(" {} {n}", cx.t(Label::Released)),
            theme::done(),
        ));
    }
    if let Some((_, d)) = draws(cx).into_iter().find(|(i, _)| *i == wi) {
        match d {
            Draw::Running(left) => spans.push(Span::styled(
                format!(
                    " {} {}",
                    super::alerts::draw_in(cx, wi),
                    countdown(left, cx.lang)
                ),
                theme::warn(),
            )),
            Draw::Now(_) => spans.push(Span::styled(
                format!(" {} ", super::alerts::draw_now(cx, wi)),
                theme::alarm(),
            )),
        }
    }
    let mut out = vec![line_fit(spans, w)];
    if let Some(rule) = &wf.rule {
        out.push(line_fit(
            vec![
                Span::styled(format!("   {} ", cx.t(Label::Rule)), theme::label()),
                Span::raw(fit(rule, w)),
            ],
            w,
        ));
    }
    if let Some(t) = &wf.trigger {
        out.push(line_fit(
            vec![
                Span::styled(format!("   {} ", cx.t(Label::Trigger)), theme::label()),
                Span::raw(fit(t, w)),
            ],
            w,
        ));
    }
    out
}
