//! The bullet an assign makes from a draft: one rule for a single assign and a bulk one.

use crate::model::issue::{Bullet, BulletId};
use crate::model::item::{BulletFrom, Item};

pub(super) fn bullet_from_item(id: BulletId, it: &Item, from: BulletFrom) -> Bullet {
    let mut b = Bullet::new(id, it.bullet_from(from));
    b.item = Some(it.id);
    b.sources = it.sources.to_vec();
    b
}
