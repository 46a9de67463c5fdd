//! The products board (pane 2): items grouped by their group's role
//! (引流 traffic, 爆款 hero…), with live and list price, stock, sold and
//! left (from the live numbers), per-buyer
//! limit, when each next appears on the sheet, and 售罄 marks. The selected
//! item (`app.panes.products.selected`, an index into `plan.items`) is what `x` marks sold
//! out or restocks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::fmt::{cell, fit, hm, right, scroll, spans_fit};
use super::{Scene, pane_block, theme};
use crate::tui::app::Pane;
use crate::tui::i18n::Label;

pub struct Board<'a>(pub &'a Scene<'a>);

impl Widget for Board<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cx = self.0;
        let block = pane_block(cx, Pane::Products);
        let inner = block.inner(area);
        block.render(area, buf);
        let (w, h) = (inner.width as usize, inner.height as usize);
        let sku_w = cx
            .app
            .plan
            .items
            .iter()
            .map(|i| crate::render::text::width(&i.sku))
            .max()
            .unwrap_or(3)
            .clamp(3, 16);
        let cols = Cols::new(w, sku_w);
        let plan = &cx.app.plan;
        let mut body: Vec<Line> = Vec::new();
        let mut focus = 0;
        for g in &plan.groups {
            let role = g
                .role
                .map(|r| {
                    if cx.lang == crate::tui::i18n::Lang::Zh {
                        format!("{} · ", r.zh())
                    } else {
                        format!("{} {} · ", r.zh(), r.key())
                    }
                })
                .unwrap_or_default();
            let audience = if cx.lang == crate::tui::i18n::Lang::Zh {
                g.audience.zh()
            } else {
                g.audience.key()
            };
            let head = format!("{role}{} · {audience}", fit(&g.name, 30));
            body.push(Line::from(spans_fit(
                vec![Span::styled(head, theme::heading())],
                w,
                false,
            )));
            for &i in &g.items {
                if i == cx.app.panes.products.selected {
                    focus = body.len();
                }
                body.push(item_line(cx, i, &cols));
            }
        }
        let rows = h.saturating_sub(1);
        let start = scroll(body.len(), rows, focus);
        let mut lines = vec![header(cx, &cols)];
        lines.extend(body.into_iter().skip(start).take(rows));
        Paragraph::new(lines).render(inner, buf);
    }
}

struct Cols {
    w: usize,
    sku: usize,
    name: usize,
    next: usize,
}

impl Cols {
    fn new(w: usize, sku: usize) -> Self {
        // space, sku, space, name, live 9, list 9, stock 7, sold 7, left 7,
        // limit 6, space, next 5, space, state
        let fixed = 1 + sku + 1 + 9 + 9 + 7 + 7 + 7 + 6 + 1 + 5 + 1 + 10;
        Cols {
            w,
            sku,
            name: w.saturating_sub(fixed).max(10),
            next: 5,
        }
    }
}

fn header(cx: &Scene, c: &Cols) -> Line<'static> {
    let spans = vec![
        Span::raw(" "),
        Span::raw(cell("SKU", c.sku + 1)),
        Span::raw(cell(cx.t(Label::Name), c.name)),
        Span::raw(right(cx.t(Label::Price), 9)),
        Span::raw(right(cx.t(Label::ListPrice), 9)),
        Span::raw(right(cx.t(Label::Stock), 7)),
        Span::raw(right(cx.t(Label::SoldWord), 7)),
        Span::raw(right(cx.t(Label::LeftWord), 7)),
        Span::raw(right(cx.t(Label::Limit), 6)),
        Span::raw(" "),
        Span::raw(cell(cx.t(Label::NextAir), c.next)),
    ];
    Line::from(spans_fit(spans, c.w, false)).style(theme::label())
}

/// When the item is next on air, on the live clock.
fn next_on_sheet(cx: &Scene, item: usize) -> String {
    let plan = &cx.app.plan;
    plan.cues
        .iter()
        .zip(&cx.m.cues)
        .enumerate()
        .filter(|(_, (c, _))| c.items.contains(&item))
        .find(|(ci, (_, cl))| {
            cx.m.on_air == Some(*ci) || cl.state == stagecall_core::live::CueState::Upcoming
        })
        .map(|(ci, (_, cl))| {
            if cx.m.on_air == Some(ci) {
                cx.t(Label::OnAirShort).to_string()
            } else {
                cl.start.map(hm).unwrap_or_default()
            }
        })
        .unwrap_or_default()
}

fn item_line(cx: &Scene, i: usize, c: &Cols) -> Line<'static> {
    let Some(item) = cx.app.plan.items.get(i) else {
        return Line::default();
    };
    let money =
        |m: Option<stagecall_core::plan::Money>| m.map(|m| m.to_string()).unwrap_or_default();
    let sold = cx.app.state.is_sold_out(&item.sku);
    // Sold and left once a reading says anything about this SKU.
    let figures =
        cx.n.stock
            .iter()
            .find(|s| s.item == i)
            .filter(|s| s.sold > 0 || cx.n.at.is_some());
    let next = next_on_sheet(cx, i);
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(cell(&item.sku, c.sku), theme::label()),
        Span::raw(" "),
        Span::raw(cell(&item.name, c.name)),
        Span::styled(right(&money(item.live_price), 9), theme::price()),
        Span::raw(right(&money(item.list_price), 9)),
        Span::raw(right(
            &item.stock.map(|s| s.to_string()).unwrap_or_default(),
            7,
        )),
        Span::raw(right(
            &figures.map_or_else(String::new, |f| f.sold.to_string()),
            7,
        )),
        Span::styled(
            right(
                &figures
                    .and_then(|f| f.remaining)
                    .map_or_else(String::new, |r| r.to_string()),
                7,
            ),
            match figures {
                Some(f) if f.remaining == Some(0) => theme::late(),
                Some(f) if f.low => theme::warn(),
                _ => theme::bold(),
            },
        ),
        Span::raw(right(
            &item.limit.map(|l| l.to_string()).unwrap_or_default(),
            6,
        )),
        Span::raw(" "),
        Span::styled(cell(&next, c.next), theme::next()),
        Span::raw(" "),
    ];
    if sold {
        spans.push(Span::styled(
            format!(" {} ", cx.t(Label::SoldOut)),
            theme::sold_out().add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    let line = Line::from(spans_fit(spans, c.w, true));
    if i == cx.app.panes.products.selected {
        line.style(theme::selected())
    } else {
        line
    }
}
