//! The `browser` test binary: what a browser shows. The views and control
//! API a runner serves (`web`, with headless Chromium for the live page),
//! and the printable HTML run sheet (`sheet_html`, printed to PDF in
//! Chromium).

#[path = "../util/mod.rs"]
mod util;

mod sheet_html;
mod web;
