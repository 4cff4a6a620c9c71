//! The panes and the bars. Each draws from a view of just what it shows, made by
//! `app::draw` (the bars read the state as a whole); none of them changes anything.

pub mod drafts;
pub mod outline;
pub mod preview;
pub mod status;
