//! Who is acting, and on which host: the one place a name is decided.
//!
//! The name comes from the process's real uid and the account database, never from the
//! environment: `USER=rtrev briefdesk review` run by someone else must not sign as rtrev.

use nix::unistd::{Uid, User};

/// The real uid of this process.
pub fn my_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// The account name of `uid`, from the account database (`getpwuid_r`).
pub fn account_name(uid: u32) -> Option<String> {
    User::from_uid(Uid::from_raw(uid))
        .ok()
        .flatten()
        .map(|u| u.name)
}

/// The uid of the account called `name`, from the account database (`getpwnam_r`).
pub fn account_uid(name: &str) -> Option<u32> {
    User::from_name(name).ok().flatten().map(|u| u.uid.as_raw())
}

/// The name comments, decisions and the lock are signed with: the account name of the
/// real uid, kept to letters, digits, `.`, `_` and `-` since it names a file; `uid-N` for an
/// account the database does not know.
pub fn login_name() -> String {
    name_of(my_uid())
}

/// The name `uid` signs with (see `login_name`): what a review log owned by `uid` must be
/// called.
pub fn name_of(uid: u32) -> String {
    match account_name(uid) {
        Some(name) => author_name(&name),
        None => format!("uid-{uid}"),
    }
}

/// `raw` made safe as a file name; never empty.
pub fn author_name(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "unknown".into() } else { s }
}

/// This host's name (`uname`'s node name), `localhost` when it has none.
pub fn host_name() -> String {
    let uname = rustix::system::uname();
    let name = uname.nodename().to_string_lossy().into_owned();
    if name.is_empty() {
        "localhost".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_name_is_the_account_of_the_real_uid() {
        let uid = my_uid();
        let name = login_name();
        // Whatever $USER says, the name maps back to this uid in the account database.
        match account_uid(&name) {
            Some(back) => assert_eq!(back, uid, "{name}"),
            None => assert_eq!(name, format!("uid-{uid}")),
        }
    }

    #[test]
    fn author_names_are_safe_file_names() {
        assert_eq!(author_name("alice"), "alice");
        assert_eq!(author_name("../etc/passwd"), "_etc_passwd");
        assert_eq!(author_name(""), "unknown");
        assert_eq!(author_name("jörg"), "j_rg");
    }
}
