//! Inline button payloads. Telegram allows 64 bytes, so they are short `kind:arg:arg` strings.

use crate::domain::roles::Role;
use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cb {
    Lang(Lang),
    InviteRole(Role),
    InviteBranch(Role, i64),
    UsersList,
    UserOpen(i64),
    UserRoleMenu(i64),
    UserRole(i64, Role),
    UserBranchMenu(i64),
    UserBranch(i64, i64),
    UserBlock(i64, bool),
    BranchAdd,
    ProductUnit(String),
    ProductSave,
    ProductCancel,
}

impl Cb {
    pub fn encode(&self) -> String {
        match self {
            Cb::Lang(l) => format!("lang:{}", l.code()),
            Cb::InviteRole(r) => format!("inv:{}", r.as_str()),
            Cb::InviteBranch(r, b) => format!("invb:{}:{b}", r.as_str()),
            Cb::UsersList => "ul".into(),
            Cb::UserOpen(u) => format!("u:{u}"),
            Cb::UserRoleMenu(u) => format!("ur:{u}"),
            Cb::UserRole(u, r) => format!("ur:{u}:{}", r.as_str()),
            Cb::UserBranchMenu(u) => format!("ub:{u}"),
            Cb::UserBranch(u, b) => format!("ub:{u}:{b}"),
            Cb::UserBlock(u, blocked) => format!("ubl:{u}:{}", u8::from(*blocked)),
            Cb::BranchAdd => "ba".into(),
            Cb::ProductUnit(unit) => format!("pu:{unit}"),
            Cb::ProductSave => "psave".into(),
            Cb::ProductCancel => "pcancel".into(),
        }
    }

    pub fn decode(data: &str) -> Option<Cb> {
        let parts: Vec<&str> = data.split(':').collect();
        let id = |i: usize| parts.get(i).and_then(|s| s.parse::<i64>().ok());
        let role = |i: usize| parts.get(i).and_then(|s| Role::parse(s));
        Some(match (parts[0], parts.len()) {
            ("lang", 2) => Cb::Lang(Lang::parse(parts[1])?),
            ("inv", 2) => Cb::InviteRole(role(1)?),
            ("invb", 3) => Cb::InviteBranch(role(1)?, id(2)?),
            ("ul", 1) => Cb::UsersList,
            ("u", 2) => Cb::UserOpen(id(1)?),
            ("ur", 2) => Cb::UserRoleMenu(id(1)?),
            ("ur", 3) => Cb::UserRole(id(1)?, role(2)?),
            ("ub", 2) => Cb::UserBranchMenu(id(1)?),
            ("ub", 3) => Cb::UserBranch(id(1)?, id(2)?),
            ("ubl", 3) => Cb::UserBlock(id(1)?, parts[2] == "1"),
            ("ba", 1) => Cb::BranchAdd,
            ("pu", 2) => Cb::ProductUnit(parts[1].to_string()),
            ("psave", 1) => Cb::ProductSave,
            ("pcancel", 1) => Cb::ProductCancel,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_within_telegram_limit() {
        let all = [
            Cb::Lang(Lang::Ru),
            Cb::InviteRole(Role::Warehouse),
            Cb::InviteBranch(Role::Cashier, i64::MAX),
            Cb::UsersList,
            Cb::UserOpen(7),
            Cb::UserRoleMenu(7),
            Cb::UserRole(i64::MAX, Role::Employee),
            Cb::UserBranchMenu(7),
            Cb::UserBranch(i64::MAX, i64::MAX),
            Cb::UserBlock(7, true),
            Cb::UserBlock(7, false),
            Cb::BranchAdd,
            Cb::ProductUnit("pack".into()),
            Cb::ProductSave,
            Cb::ProductCancel,
        ];
        for cb in all {
            let data = cb.encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Cb::decode(&data), Some(cb));
        }
        assert_eq!(Cb::decode("nonsense:1"), None);
        assert_eq!(Cb::decode("u:abc"), None);
    }
}
