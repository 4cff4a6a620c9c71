//! What the HTML writer and reader share: the inline styles (the `<body>` style marks a page
//! as the desk's own) and the escaping.

pub(super) const BODY: &str = "margin:0;padding:24px;background:#ffffff;color:#1a1a1a;\
font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5";
pub(super) const WRAP: &str = "max-width:720px;margin:0 auto";
pub(super) const H1: &str = "font-size:26px;line-height:1.25;margin:0 0 8px 0;color:#111111";
pub(super) const TAGLINE: &str = "font-size:15px;color:#555555;margin:0 0 24px 0";
pub(super) const H2: &str = "font-size:21px;margin:28px 0 8px 0;color:#111111;\
border-bottom:1px solid #dddddd;padding-bottom:4px";
pub(super) const H3: &str = "font-size:18px;margin:24px 0 8px 0;color:#222222";
pub(super) const UL: &str = "margin:0 0 8px 0;padding-left:24px";
pub(super) const LI: &str = "margin:0 0 6px 0";

// Issue #17: the TLP label, right-aligned, in FIRST's colour on black.
pub(super) const TLP_P: &str = "text-align:right;margin:0 0 12px 0";
pub(super) const TLP_SPAN: &str = "background:#000000;padding:2px 8px;\
font-family:Arial,Helvetica,sans-serif;font-size:13px;font-weight:bold;letter-spacing:1px;color:";

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
