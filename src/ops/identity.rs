//! Who acts, and when. The account name is the store's (`store::identity`: from the real
//! uid, never `$USER`); the clock is here, so the desk can be handed a fixed one in tests
//! (its `ReviewIo::now`) and the command line reads the same one.

use chrono::{DateTime, Local, NaiveDate, Utc};

pub use crate::store::identity::login_name;

/// The time now: what review events and export records are stamped with.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The analyst's calendar day at `at` (local time): what "today" means for a new issue's
/// date.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Local).date_naive()
}
