//! Roles and what each may do. This table is the one place rights are decided; the bot and
//! the HTTP API both ask [`can`].

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Manager,
    Cashier,
    Warehouse,
    Agent,
    Employee,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::Manager, Role::Cashier, Role::Warehouse, Role::Agent, Role::Employee];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Cashier => "cashier",
            Role::Warehouse => "warehouse",
            Role::Agent => "agent",
            Role::Employee => "employee",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Managers, cashiers and warehouse staff work in one branch.
    pub fn needs_branch(self) -> bool {
        matches!(self, Role::Manager | Role::Cashier | Role::Warehouse)
    }

    /// The message key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Manager => "role-manager",
            Role::Cashier => "role-cashier",
            Role::Warehouse => "role-warehouse",
            Role::Agent => "role-agent",
            Role::Employee => "role-employee",
        }
    }
}

/// Something a member may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create invite links (managers only for their own branch and for staff roles).
    Invite,
    /// List users, change their role or branch, block and unblock them.
    ManageUsers,
    /// List and add branches.
    ManageBranches,
    /// Add and edit products.
    EditProducts,
    /// Look products up with prices and stock.
    FindProducts,
    /// Sell at the till (`/sell`) and take returns.
    Sell,
    /// Sales lookups: the company or branch for managers and admins, a cashier's own sales.
    ViewSales,
    /// Stock per branch with minimums and value at cost.
    ViewStock,
    /// Receive goods, move them between branches, count them.
    ManageStock,
    /// Create and revoke API keys.
    ManageApiKeys,
    /// Import sales from a file.
    ImportSales,
    /// File expenses (everyone in a company).
    FileExpenses,
    /// The till's cash: shifts, cash in and out.
    Kassa,
    /// Financial statements.
    ViewReports,
}

impl Action {
    pub const ALL: [Action; 5] =
        [Action::Invite, Action::ManageUsers, Action::ManageBranches, Action::EditProducts, Action::FindProducts];
}

pub fn can(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        Invite => matches!(role, Admin | Manager),
        ManageUsers | ManageBranches => role == Admin,
        EditProducts | ViewStock | ManageStock => matches!(role, Admin | Manager | Warehouse),
        FindProducts => true,
        Sell | ViewSales => matches!(role, Admin | Manager | Cashier),
        ManageApiKeys => role == Admin,
        ImportSales => matches!(role, Admin | Manager),
        FileExpenses => true,
        Kassa => matches!(role, Admin | Manager | Cashier),
        ViewReports => role == Admin,
    }
}

/// The roles `inviter` may hand out in an invite link.
pub fn invitable_roles(inviter: Role) -> &'static [Role] {
    match inviter {
        Role::Admin => &Role::ALL,
        Role::Manager => &[Role::Cashier, Role::Warehouse, Role::Agent, Role::Employee],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn only_admins_manage_people_and_branches() {
        for role in Role::ALL {
            assert_eq!(can(role, Action::ManageUsers), role == Role::Admin);
            assert_eq!(can(role, Action::ManageBranches), role == Role::Admin);
        }
        assert!(!can(Role::Cashier, Action::Invite));
        assert!(can(Role::Warehouse, Action::EditProducts));
        assert!(!can(Role::Agent, Action::EditProducts));
    }

    #[test]
    fn managers_cannot_invite_admins_or_managers() {
        let roles = invitable_roles(Role::Manager);
        assert!(!roles.contains(&Role::Admin) && !roles.contains(&Role::Manager));
        assert!(invitable_roles(Role::Cashier).is_empty());
    }
}
