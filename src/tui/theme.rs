//! Styles. With `NO_COLOR` set there is no colour at all: bold, reverse, underline only.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// `NO_COLOR` present and not empty turns colour off (no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn no_color() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, style: Style, c: Color) -> Style {
        if self.color { style.fg(c) } else { style }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn title_bar(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn read_only(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
        } else {
            self.fg(Style::new(), Color::DarkGray)
        }
    }

    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn matched(&self) -> Style {
        self.fg(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Color::Yellow,
        )
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn section(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::LightBlue)
    }

    pub fn assessment(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::ITALIC)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn spiked(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::CROSSED_OUT)
        } else {
            Style::new()
        }
    }

    pub fn held(&self) -> Style {
        self.fg(Style::new(), Color::Yellow)
    }

    pub fn used(&self) -> Style {
        self.fg(Style::new(), Color::Green)
    }

    pub fn error(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    /// Words an edit took out (`D`).
    pub fn removed(&self) -> Style {
        self.fg(Style::new(), Color::Red)
    }

    /// Words an edit put in (`D`).
    pub fn added(&self) -> Style {
        self.fg(Style::new(), Color::Green)
    }

    pub fn ok(&self) -> Style {
        self.fg(Style::new(), Color::Green)
    }

    pub fn key(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }
}
