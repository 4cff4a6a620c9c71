//! `briefdesk settings [KEY VALUE]`: list the desk's settings, or set one in desk.json.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::open_to_write;
use crate::model::settings;
use crate::store::Store;

pub(super) fn settings(flag: Option<&Path>, key: Option<&str>, value: Option<&str>) -> Result<()> {
    super::issue_edit::need_desk(flag)?;
    match (key, value) {
        (Some(key), Some(value)) => set(flag, key, value),
        (None, None) => list(flag),
        _ => bail!(
            "give both a setting and its value (`briefdesk settings review.require_other_approver true`), or neither to list them; nothing was changed"
        ),
    }
}

/// Every known setting, its value and its default; reading takes no lock.
fn list(flag: Option<&Path>) -> Result<()> {
    let dir = Store::resolve_dir(flag)?;
    let (store, _desk, _notices) = Store::open_read_only(&dir)?;
    for (known, now) in settings::current(store.settings_map()) {
        let shown = match now {
            Ok(Some(v)) => format!("{v} (default {})", known.default),
            Ok(None) => format!("{} (the default)", known.default),
            Err(e) => format!(
                "{e}: set it again with `briefdesk settings {} VALUE`",
                known.key
            ),
        };
        report!("{} = {shown}: {}", known.key, known.about);
    }
    Ok(())
}

/// One setting, checked before the desk is opened, written under the lock.
fn set(flag: Option<&Path>, key: &str, value: &str) -> Result<()> {
    settings::value_for(key, value).map_err(|e| anyhow!("{e}; nothing was changed"))?;
    let (mut store, _desk, _lock) = open_to_write(flag)?;
    store.set_setting(key, value)?;
    let now = settings::current(store.settings_map());
    let shown = now
        .iter()
        .find(|(k, _)| k.key == key)
        .and_then(|(_, v)| v.clone().ok().flatten())
        .unwrap_or_else(|| value.to_string());
    tell!("{key} = {shown}");
    Ok(())
}
