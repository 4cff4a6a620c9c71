//! The full-screen desk. (Contract stub: the TUI helper builds it.)

use crate::model::Desk;
use crate::store::Store;

/// How the desk is opened.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Review mode, or a desk someone else holds: nothing reaches the disk.
    pub read_only: bool,
    /// Where the user keymap file (`keymap.toml`) is looked for.
    pub config_dir: Option<std::path::PathBuf>,
}

/// Run the desk until the user quits. Restores the terminal on every exit path.
pub fn run(_store: Store, _desk: Desk, _opts: Options) -> anyhow::Result<()> {
    anyhow::bail!("the full-screen desk is not built yet")
}
