//! OPML 2.0, the format every feed reader exchanges its list in: `feeds import FILE.opml`
//! reads the `<outline xmlUrl=…>` elements (nested folders become tags, as does a
//! `category` attribute); `feeds export` writes one outline per feed with its tags.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::list::Feed;

/// A feed as an OPML file lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outline {
    pub name: Option<String>,
    pub url: String,
    pub tags: Vec<String>,
}

/// Every feed outline of an OPML document, in order; one line for a malformed file.
pub fn read(text: &str) -> Result<Vec<Outline>, String> {
    let mut reader = Reader::from_str(text);
    // Folder outlines (no xmlUrl) open a tag for what they hold.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            let (line, column) = line_col(text, reader.error_position() as usize);
            format!("malformed OPML at line {line}, column {column}: {e}")
        })?;
        match event {
            Event::Start(e) if e.name().as_ref() == "opml" => saw_opml = true,
            Event::Empty(e) if e.name().as_ref() == "opml" => saw_opml = true,
            Event::Start(e) if e.name().as_ref() == "outline" => match outline(&e, &folders)? {
                Some(o) => {
                    out.push(o);
                    folders.push(None);
                }
                None => folders.push(attr(&e, "text")?.or(attr(&e, "title")?)),
            },
            Event::Empty(e) if e.name().as_ref() == "outline" => {
                if let Some(o) = outline(&e, &folders)? {
                    out.push(o);
                }
            }
            Event::End(e) if e.name().as_ref() == "outline" => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err("not an OPML file: no <opml> element".into());
    }
    Ok(out)
}

fn outline(e: &BytesStart, folders: &[Option<String>]) -> Result<Option<Outline>, String> {
    let Some(url) = attr(e, "xmlUrl")? else {
        return Ok(None);
    };
    let mut tags: Vec<String> = folders.iter().flatten().map(|f| f.to_lowercase()).collect();
    if let Some(c) = attr(e, "category")? {
        tags.extend(
            c.split([',', '/'])
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty()),
        );
    }
    tags.dedup();
    Ok(Some(Outline {
        name: attr(e, "title")?.or(attr(e, "text")?),
        url,
        tags,
    }))
}

fn attr(e: &BytesStart, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| Some(crate::model::text::sanitize(&v).trim().to_string()))
            .map_err(|err| format!("malformed OPML attribute: {err}")),
        Ok(None) => Ok(None),
        Err(err) => Err(format!("malformed OPML attribute: {err}")),
    }
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    crate::model::text::position(&text.as_bytes()[..at.min(text.len())])
}

/// The feed list as OPML 2.0, tags in each outline's `category`.
pub fn write(feeds: &[Feed]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>briefdesk feeds</title>\n  </head>\n  <body>\n",
    );
    for f in feeds {
        s.push_str(&format!(
            "    <outline type=\"rss\" text=\"{n}\" title=\"{n}\" xmlUrl=\"{u}\"",
            n = escape(&f.name),
            u = escape(&f.url)
        ));
        if !f.tags.is_empty() {
            s.push_str(&format!(" category=\"{}\"", escape(&f.tags.join(","))));
        }
        s.push_str("/>\n");
    }
    s.push_str("  </body>\n</opml>\n");
    s
}

fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_categories_become_tags_and_export_reads_back() {
        let text = r#"<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="Gov"><outline text="CISA &amp; co" xmlUrl="https://cisa.example/f.xml"/>
<outline title="NCSC" xmlUrl="https://ncsc.example/rss" category="uk,cert"/></outline>
<outline text="Vendor" xmlUrl="https://v.example/atom"/></body></opml>"#;
        let o = read(text).unwrap();
        assert_eq!(o.len(), 3);
        assert_eq!(o[0].name.as_deref(), Some("CISA & co"));
        assert_eq!(o[0].tags, vec!["gov".to_string()]);
        assert_eq!(
            o[1].tags,
            vec!["gov".to_string(), "uk".into(), "cert".into()]
        );
        assert!(o[2].tags.is_empty());

        let feeds: Vec<Feed> = o
            .iter()
            .map(|o| Feed {
                name: o.name.clone().unwrap_or_default(),
                url: o.url.clone(),
                tags: o.tags.clone(),
                ..Feed::default()
            })
            .collect();
        let again = read(&write(&feeds)).unwrap();
        assert_eq!(again, o, "export then import gives the same feeds and tags");
    }

    #[test]
    fn a_broken_or_foreign_file_is_one_line() {
        let e = read("<opml><body><outline xmlUrl=\"x\"></body>").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
        assert!(read("<rss/>").unwrap_err().contains("not an OPML"));
    }
}
