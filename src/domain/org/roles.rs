//! Roles and what each may do. This is the one place rights are decided: which actions a role
//! may take ([`can`]), in which branch ([`may_work_in`]), whose sales it sees ([`sales_scope`]),
//! who decides an expense ([`may_decide_expense`], [`expense_approver_roles`]) and which roles
//! it may invite. The core asks these for every door; no door decides a right itself.

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
    /// Reports, taxes, payroll and the ledger; no till.
    Accountant,
}

impl Role {
    pub const ALL: [Role; 7] =
        [Role::Admin, Role::Manager, Role::Cashier, Role::Warehouse, Role::Agent, Role::Employee, Role::Accountant];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Cashier => "cashier",
            Role::Warehouse => "warehouse",
            Role::Agent => "agent",
            Role::Employee => "employee",
            Role::Accountant => "accountant",
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
            Role::Accountant => "role-accountant",
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
    /// The activity log (`/audit`, `GET /api/v1/audit`).
    ViewAudit,
    /// Pay what the company owes suppliers.
    PaySuppliers,
    /// Company settings: the digest time, the expense approval limit, sub-accounts, categories.
    ManageSettings,
    /// Customers: add, find and edit them, see who owes what, take debt payments, remind.
    Customers,
    /// Sell on credit past a customer's credit limit.
    OverrideCreditLimit,
    /// Purchase orders: draft, send, receive against, cancel.
    PurchaseOrders,
    /// Read photographed invoices and receipts into drafts (saving one needs the right to
    /// receive goods or to file an expense).
    ScanDocuments,
    /// Export sales, purchases, inventory and statements as files.
    Export,
    /// Build the month's tax reports and send them to the tax cabinet.
    FileTaxes,
    /// Employees and the monthly payroll run.
    Payroll,
    /// The company's live events (`GET /api/v1/events`): sales, payments, expenses, stock.
    ViewEvents,
    /// Ask a customer to pay online (a Payme or Click link for their debt).
    RequestPayment,
    /// Projects (the seed E-Catalog's): see, add, edit and delete them.
    Projects,
    /// Share one's own location as a field agent.
    ShareLocation,
    /// Where the field agents are (`/agents`, `GET /api/v1/agent-location/`).
    ViewAgents,
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
        ViewReports | FileTaxes | Payroll => matches!(role, Admin | Accountant),
        ViewEvents => matches!(role, Admin | Manager | Accountant),
        RequestPayment => matches!(role, Admin | Manager | Cashier),
        ViewAudit | ManageSettings => role == Admin,
        PaySuppliers => matches!(role, Admin | Manager),
        Customers => matches!(role, Admin | Manager | Cashier),
        OverrideCreditLimit => role == Admin,
        PurchaseOrders => matches!(role, Admin | Manager | Warehouse),
        Export => matches!(role, Admin | Manager | Accountant),
        ScanDocuments => matches!(role, Admin | Manager | Cashier | Warehouse),
        Projects => matches!(role, Admin | Manager | Agent | Accountant),
        ShareLocation => matches!(role, Admin | Manager | Agent),
        ViewAgents => matches!(role, Admin | Manager),
    }
}

/// What a read-only company (its balance ran out) may still do: look, never change.
pub fn only_reads(action: Action) -> bool {
    use Action::*;
    matches!(action, FindProducts | ViewSales | ViewStock | ViewReports | ViewAudit | Export | ViewEvents | ViewAgents)
}

/// Branch-bound roles (managers, cashiers, warehouse staff) act in their own branch; others
/// (admins) in any.
pub fn may_work_in(role: Role, own_branch: Option<i64>, branch_id: i64) -> bool {
    !role.needs_branch() || own_branch == Some(branch_id)
}

/// Whose sales: a company, optionally one branch, optionally one cashier's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub company_id: i64,
    pub branch_id: Option<i64>,
    pub cashier_id: Option<i64>,
}

/// What a member may look at when asking about `requested` (a branch, or `None` for all they
/// may see): admins the company or any branch, managers their own branch, cashiers their own
/// receipts. `None` when the request is outside that.
pub fn sales_scope(
    company_id: i64,
    role: Role,
    own_branch: Option<i64>,
    user_id: Option<i64>,
    requested: Option<i64>,
) -> Option<Scope> {
    match role {
        Role::Admin => Some(Scope { company_id, branch_id: requested, cashier_id: None }),
        Role::Manager => match (own_branch, requested) {
            (Some(own), Some(b)) if b != own => None,
            (Some(own), _) => Some(Scope { company_id, branch_id: Some(own), cashier_id: None }),
            (None, _) => None,
        },
        Role::Cashier => match (requested, user_id) {
            (Some(b), _) if Some(b) != own_branch => None,
            (_, Some(me)) => Some(Scope { company_id, branch_id: None, cashier_id: Some(me) }),
            (_, None) => None,
        },
        _ => None,
    }
}

/// Who may decide an expense: an admin always; a manager of the expense's branch when it is
/// within the limit and not their own.
pub fn may_decide_expense(
    role: Role,
    own_branch: Option<i64>,
    user_id: Option<i64>,
    expense_branch: i64,
    requester_id: i64,
    needs_admin: bool,
) -> bool {
    match role {
        Role::Admin => true,
        Role::Manager => !needs_admin && own_branch == Some(expense_branch) && user_id != Some(requester_id),
        _ => false,
    }
}

/// Roles that decide expenses at all (whose `/expenses` lists what waits for them).
pub fn is_expense_approver(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Manager)
}

/// Who is asked first to decide an expense (admins when no one of these exists).
pub fn expense_approver_roles(needs_admin: bool) -> &'static [Role] {
    if needs_admin {
        &[Role::Admin]
    } else {
        &[Role::Manager]
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
    fn branch_roles_stay_in_their_branch() {
        assert!(may_work_in(Role::Admin, Some(1), 2));
        assert!(may_work_in(Role::Cashier, Some(1), 1));
        assert!(!may_work_in(Role::Cashier, Some(1), 2));
        assert!(!may_work_in(Role::Manager, None, 2));
    }

    #[test]
    fn sales_scope_per_role() {
        let scope = |role, requested| sales_scope(7, role, Some(1), Some(42), requested);
        assert_eq!(scope(Role::Admin, Some(2)).unwrap().branch_id, Some(2));
        assert_eq!(scope(Role::Manager, None).unwrap().branch_id, Some(1));
        assert_eq!(scope(Role::Manager, Some(2)), None);
        assert_eq!(scope(Role::Cashier, None).unwrap().cashier_id, Some(42));
        assert_eq!(scope(Role::Cashier, Some(2)), None);
        assert_eq!(scope(Role::Warehouse, None), None);
    }

    #[test]
    fn managers_decide_their_branch_expenses_within_the_limit() {
        assert!(may_decide_expense(Role::Manager, Some(1), Some(5), 1, 6, false));
        assert!(!may_decide_expense(Role::Manager, Some(1), Some(5), 1, 6, true));
        assert!(!may_decide_expense(Role::Manager, Some(1), Some(5), 2, 6, false));
        assert!(!may_decide_expense(Role::Manager, Some(1), Some(5), 1, 5, false), "not one's own");
        assert!(may_decide_expense(Role::Admin, None, Some(5), 1, 5, true));
        assert!(!may_decide_expense(Role::Cashier, Some(1), Some(5), 1, 6, false));
    }

    #[test]
    fn managers_cannot_invite_admins_or_managers() {
        let roles = invitable_roles(Role::Manager);
        assert!(!roles.contains(&Role::Admin) && !roles.contains(&Role::Manager));
        assert!(invitable_roles(Role::Cashier).is_empty());
    }
}
