//! The statuses an issue moves through, and which moves the workflow allows.

use serde::{Deserialize, Serialize};

/// Where an issue is on its way to the readers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Draft,
    InReview,
    Approved,
    ChangesRequested,
    Exported,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Approved => "Approved",
            Status::ChangesRequested => "Changes requested",
            Status::Exported => "Exported",
        }
    }

    /// Can an analyst move an issue from `self` to `to`? Export is always allowed (it warns
    /// when the issue is not approved); the rest follow Draft -> In review -> Approved or
    /// Changes requested -> Exported. An Exported issue can be sent back to review, have
    /// changes requested, or be approved again: no dead end after an export.
    pub fn check(self, to: Status) -> Result<(), String> {
        use Status::*;
        let ok = match to {
            Draft => false,
            InReview => matches!(self, Draft | ChangesRequested | Approved | Exported),
            Approved => matches!(self, Draft | InReview | ChangesRequested | Exported),
            ChangesRequested => matches!(self, Draft | InReview | Approved | Exported),
            Exported => true,
        };
        if ok {
            Ok(())
        } else if self == to {
            Err(format!("the issue is already {}", to.label()))
        } else {
            Err(format!(
                "an issue that is {} cannot become {}",
                self.label(),
                to.label()
            ))
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
