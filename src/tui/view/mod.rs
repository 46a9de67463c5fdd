//! Drawing the runner: widgets over the [`App`] model, nothing else.

use ratatui::Frame;
use ratatui::widgets::Paragraph;

use super::app::App;

/// Draws one frame of the runner.
pub fn draw(frame: &mut Frame, app: &App) {
    frame.render_widget(Paragraph::new(app.plan.session.title.clone()), frame.area());
}
