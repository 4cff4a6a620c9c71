//! briefdesk JSON: an issue ([`IssueDoc`], `"briefdesk": "issue"`) or a list of drafts
//! ([`ItemsDoc`], `"briefdesk": "items"`).
//!
//! The `briefdesk` key tells our files from any other JSON; a `schema` above [`SCHEMA`] is
//! refused ("upgrade"). Every string is sanitized again after decoding, since JSON escapes
//! (`\u001b`) get past the sanitizing of the raw text. An imported issue stands alone: links
//! from bullets to drafts are dropped (item ids belong to the desk that wrote the file), and
//! section and bullet ids are renumbered when they are not unique. Drafts that were `used`
//! come back to the pool (no issue here uses them); `held` and `spiked` stay.

use std::collections::HashSet;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::format::mojibake::{Repairs, repair_mojibake};
use crate::model::doc::{IssueDoc, ItemsDoc, SCHEMA};
use crate::model::text::sanitize;
use crate::model::{Bullet, BulletId, Issue, Item, ItemState, Section, SectionId, Source};

use crate::format::imported::{ImportError, Imported};

/// `path` is where in the document the error is (`sections[1].bullets[0]`), empty at the top.
fn json_error(e: &serde_json::Error, path: &str) -> ImportError {
    // serde_json appends " at line L column C" to its message; we say where ourselves.
    let msg = e.to_string();
    let message = match msg.rfind(" at line ") {
        Some(p) => msg[..p].to_string(),
        None => msg,
    };
    let message = if path.is_empty() || path == "." {
        message
    } else {
        format!("{path}: {message}")
    };
    ImportError::Json {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Deserialize straight from the text, so an error keeps its line and column, and says the
/// path to the value that is wrong.
fn typed<T: DeserializeOwned>(text: &str) -> Result<T, ImportError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(e.inner(), &path)
    })
}

/// An issue's sections alone. [`IssueDoc`] flattens the issue, and serde reads a flattened
/// value from a buffer that has lost every position (a missing field would be reported at the
/// document's last line); reading the sections first, directly, finds nested mistakes where
/// they are.
#[derive(Deserialize)]
struct SectionsOnly {
    #[serde(default)]
    #[allow(dead_code)] // read only for its errors
    sections: Vec<Section>,
}

/// An issue document (or a list of them) read in two steps: the sections with positions,
/// then the whole document.
fn issue_docs<T: DeserializeOwned, S: DeserializeOwned>(text: &str) -> Result<T, ImportError> {
    typed::<S>(text)?;
    typed::<T>(text)
}

/// The `briefdesk` kind and a schema this build reads. `at` names a document inside a list
/// (`[2]`), empty for a whole file.
fn header(value: &Value, at: &str) -> Result<String, ImportError> {
    let before = if at.is_empty() {
        String::new()
    } else {
        format!("{at} ")
    };
    let kind = match value.get("briefdesk") {
        Some(Value::String(k)) => k.clone(),
        Some(other) => {
            return Err(ImportError::Foreign {
                found: format!(" ({before}it holds {})", sanitize(&other.to_string())),
            });
        }
        None => {
            return Err(ImportError::Foreign {
                found: if at.is_empty() {
                    String::new()
                } else {
                    format!(" (at {at})")
                },
            });
        }
    };
    let schema = match value.get("schema") {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => n.as_u64().unwrap_or(0),
        Some(other) => {
            return Err(ImportError::BadSchema {
                at: before,
                found: format!("is {}", sanitize(&other.to_string())),
            });
        }
        None => {
            return Err(ImportError::BadSchema {
                at: before,
                found: "is missing".into(),
            });
        }
    };
    if schema > u64::from(SCHEMA) {
        return Err(ImportError::NewerSchema {
            found: schema,
            supported: SCHEMA,
        });
    }
    Ok(kind)
}

/// A briefdesk JSON document: an issue, a list of drafts, or a list of issues (what
/// `briefdesk list issues --json` prints: issue documents with their review fields, which are
/// not imported).
pub fn parse(text: &str) -> Result<Imported, ImportError> {
    parse_repairing(text, &mut Repairs::default())
}

/// [`parse`], counting the mis-decoded characters put back in its strings.
pub fn parse_repairing(text: &str, repaired: &mut Repairs) -> Result<Imported, ImportError> {
    let imported = parse_unchecked(text, repaired)?;
    check_sources(&imported)?;
    Ok(imported)
}

/// Issue #17: every source URL through the one check, naming the item or bullet.
fn check_sources(imported: &Imported) -> Result<(), ImportError> {
    let bad = |what: String, sources: &[Source]| {
        sources
            .iter()
            .filter_map(|s| s.url.as_deref())
            .find_map(|u| crate::model::source::check_url(u).err())
            .map(|e| ImportError::Other(format!("{what}: {e}; fix the source or remove it")))
    };
    let issue_bad = |is: &Issue| {
        is.outline()
            .into_iter()
            .find_map(|(_, b)| bad(format!("bullet {}", b.id.0), &b.sources))
    };
    let found = match imported {
        Imported::Issue(is) => issue_bad(is),
        Imported::Issues(list) => list.iter().find_map(issue_bad),
        Imported::Items(items) => items
            .iter()
            .find_map(|i| bad(format!("item {}", i.id), &i.sources)),
    };
    found.map_or(Ok(()), Err)
}

fn parse_unchecked(text: &str, repaired: &mut Repairs) -> Result<Imported, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_error(&e, ""))?;
    // Sub-points past the depth limit, anywhere (one issue or a list of them), refused
    // with the line and column of the bullet that goes too deep.
    super::depth::check(text)?;
    if let Value::Array(docs) = &value {
        if docs.is_empty() {
            return Err(ImportError::Nothing {
                what: "the list holds no issues",
                hint: "list issues with `briefdesk list issues --json` on a desk that has some",
            });
        }
        for (i, doc) in docs.iter().enumerate() {
            let at = format!("[{i}]");
            let kind = header(doc, &at)?;
            if kind != "issue" {
                return Err(ImportError::Foreign {
                    found: format!(
                        " ({at} says \"{}\"; a list holds only \"issue\" documents)",
                        sanitize(&kind)
                    ),
                });
            }
        }
        let docs: Vec<IssueDoc> = issue_docs::<_, Vec<SectionsOnly>>(text)?;
        return Ok(Imported::Issues(
            docs.into_iter()
                .map(|d| clean_issue(d.issue, repaired))
                .collect(),
        ));
    }
    let kind = header(&value, "")?;
    match kind.as_str() {
        "issue" => {
            let doc: IssueDoc = issue_docs::<_, SectionsOnly>(text)?;
            Ok(Imported::Issue(clean_issue(doc.issue, repaired)))
        }
        "items" => {
            let doc: ItemsDoc = typed(text)?;
            Ok(Imported::Items(
                doc.items
                    .into_iter()
                    .map(|i| clean_item(i, repaired))
                    .collect(),
            ))
        }
        other => Err(ImportError::Foreign {
            found: format!(
                " (it says \"{}\", not \"issue\" or \"items\")",
                sanitize(other)
            ),
        }),
    }
}

/// Mis-decoded characters put back, then the sanitizer: JSON escapes (`\u001b`, `\u00e2`)
/// get past both when they run on the raw text.
fn clean(s: &mut String, repaired: &mut Repairs) {
    let fixed = repair_mojibake(s, repaired);
    let c = sanitize(&fixed);
    if c != *s {
        *s = c;
    }
}

fn clean_item(mut item: Item, r: &mut Repairs) -> Item {
    clean(&mut item.headline, r);
    item.body.lines_mut().iter_mut().for_each(|s| clean(s, r));
    item.tags.iter_mut().for_each(|s| clean(s, r));
    clean_sources(&mut item.sources, r);
    if let Some(st) = &mut item.stamp {
        clean(&mut st.written, r);
    }
    if item.state == ItemState::Used {
        item.state = ItemState::Pool;
    }
    item
}

fn clean_sources(sources: &mut [Source], r: &mut Repairs) {
    for src in sources {
        src.outlet.iter_mut().for_each(|s| clean(s, r));
        src.url.iter_mut().for_each(|s| clean(s, r));
    }
}

fn clean_issue(mut issue: Issue, r: &mut Repairs) -> Issue {
    clean(&mut issue.meta.title, r);
    clean(&mut issue.meta.tagline, r);
    issue.meta.group.iter_mut().for_each(|s| clean(s, r));
    fn walk(b: &mut Bullet, f: &mut dyn FnMut(&mut Bullet)) {
        f(b);
        for s in &mut b.sub_points {
            walk(s, f);
        }
    }
    let mut section_ids = HashSet::new();
    let mut bullet_ids = HashSet::new();
    let mut unique = true;
    for s in &mut issue.sections {
        clean(&mut s.name, r);
        unique &= section_ids.insert(s.id);
        for b in &mut s.bullets {
            walk(b, &mut |b| {
                clean(&mut b.text, r);
                clean_sources(&mut b.sources, r);
                b.item = None;
                unique &= bullet_ids.insert(b.id);
            });
        }
    }
    if !unique {
        let mut next = 1;
        for (i, s) in issue.sections.iter_mut().enumerate() {
            s.id = SectionId(i as u64 + 1);
            for b in &mut s.bullets {
                walk(b, &mut |b| {
                    b.id = BulletId(next);
                    next += 1;
                });
            }
        }
    }
    issue
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_field_is_read_and_a_script_url_is_refused() {
        let doc = r#"{"briefdesk":"items","schema":1,"items":[{"id":4,"headline":"H","sources":[{"outlet":"Reuters","url":"https://r.com/a","published":"2025-03-03T08:15:00+01:00"}]}]}"#;
        let Imported::Items(items) = parse(doc).unwrap() else {
            panic!("items");
        };
        let s = &items[0].sources[0];
        assert_eq!(s.outlet.as_deref(), Some("Reuters"));
        assert_eq!(
            s.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2025-03-03T08:15:00+01:00")
        );
        let bad = r#"{"briefdesk":"issue","schema":1,"id":1,"title":"T","tlp":"TLP:AMBER","sections":[{"id":1,"name":"S","bullets":[{"id":7,"text":"x","tlp":"TLP:RED","sources":[{"url":"javascript:alert(1)"}]}]}]}"#;
        let e = parse(bad).unwrap_err().to_string();
        assert!(
            e.starts_with("bullet 7: ") && e.contains("javascript:") && !e.contains('\n'),
            "{e}"
        );
        let unknown = bad.replace("TLP:AMBER", "TLP:WHITE");
        let e = parse(&unknown).unwrap_err().to_string();
        assert!(e.contains("\"TLP:WHITE\" is not a TLP marking"), "{e}");
        let good = bad.replace("javascript:alert(1)", "https://r.com");
        let Imported::Issue(is) = parse(&good).unwrap() else {
            panic!("an issue");
        };
        assert_eq!(is.meta.tlp, Some(crate::model::Tlp::Amber));
        assert_eq!(is.sections[0].bullets[0].tlp, Some(crate::model::Tlp::Red));
    }

    #[test]
    fn refuses_foreign_newer_and_broken() {
        let e = parse(r#"{"name": "x"}"#).unwrap_err().to_string();
        assert!(e.starts_with("not a briefdesk file"), "{e}");
        let e = parse(r#"{"briefdesk": "items", "schema": 99, "items": []}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("newer briefdesk") && e.contains("upgrade"),
            "{e}"
        );
        let e = parse("{\n  \"briefdesk\": \"items\",\n  \"items\": [,]\n}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3, column 13"), "{e}");
    }

    #[test]
    fn strings_are_sanitized_after_decoding() {
        let Imported::Items(items) = parse(
            r#"{"briefdesk":"items","schema":1,"items":[{"id":3,"headline":"a\u001b]0;x\u0007b","state":"used"}]}"#,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(items[0].headline, "ab");
        assert_eq!(items[0].state, ItemState::Pool);
    }
}
