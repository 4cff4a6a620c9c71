//! The one filter for text going out to a terminal.

use std::borrow::Cow;

use super::sanitize::is_bidi_control;

/// Text made safe to put on a terminal cell by cell: any control character left (from a
/// hand-edited desk file, say) is shown as a visible symbol instead of acting.
pub fn for_display(input: &str) -> Cow<'_, str> {
    // Printable ASCII, most text, is as it is: one quick look at the bytes (`list drafts`
    // prints a million lines through here).
    if input.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Cow::Borrowed(input);
    }
    if !input.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(input);
    }
    Cow::Owned(
        input
            .chars()
            .map(|c| match c {
                '\t' | '\n' => ' ',
                '\u{1b}' => '␛',
                c if c.is_control() || is_bidi_control(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_makes_controls_visible() {
        assert_eq!(for_display("a\u{1b}[2Jb"), "a␛[2Jb");
        assert_eq!(for_display("plain"), "plain");
    }
}
