//! Who acts: a member in chat, an API key acting for the member who made it, a timed job or the
//! command line. A door derives the actor once (`Member::actor` for a person); the core checks every rule against it (see
//! [`crate::domain::roles`]) and names it in the activity log.

use crate::db::Db;
use crate::domain::calendar::{self, CompanyTz};
use crate::domain::roles::{self, Action, Role, Scope};
use crate::domain::{Refusal, Result};

/// The door an actor came through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    Chat,
    /// An API key (its id); the key acts with the rights of the member who made it.
    ApiKey(i64),
    /// An API user (JSON Web Tokens) by id.
    ApiUser(i64),
    /// A timed job or an import run by the system, by name.
    Job(&'static str),
    /// `savdo …` on the server's command line (the operator of the installation).
    Cli,
    /// An operator of the Savdo service (`SAVDO_OPERATORS`), by user id.
    Operator(i64),
}

/// A company's standing with the service: what its members may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Standing {
    #[default]
    Active,
    /// An operator blocked it: nothing is done for it, nothing is deleted.
    Blocked,
    /// Its balance ran out past the grace period: it may look, not change.
    ReadOnly,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::Blocked => "blocked",
            Standing::ReadOnly => "read_only",
        }
    }

    pub fn parse(text: &str) -> Standing {
        match text {
            "blocked" => Standing::Blocked,
            "read_only" => Standing::ReadOnly,
            _ => Standing::Active,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Actor {
    pub company_id: i64,
    /// The person, when one acts (a chat user, or the member an API key acts for).
    pub user_id: Option<i64>,
    pub role: Role,
    /// The branch a branch-bound role works in.
    pub branch_id: Option<i64>,
    pub blocked: bool,
    pub via: Via,
    /// The company's calendar when the door already has it (a member carries it), so the
    /// hot paths need no query for "today".
    pub time_zone: Option<CompanyTz>,
    /// The company's standing with the service, as its member was loaded.
    pub standing: Standing,
}

impl Actor {
    /// A job or the command line: the system acts for the whole company.
    pub fn system(company_id: i64, via: Via) -> Actor {
        Actor {
            company_id,
            user_id: None,
            role: Role::Admin,
            branch_id: None,
            blocked: false,
            via,
            time_zone: None,
            standing: Standing::Active,
        }
    }

    /// A person acting in chat with a role (a founder, someone joining by invite).
    pub fn person(company_id: i64, user_id: i64, role: Role, branch_id: Option<i64>) -> Actor {
        Actor {
            company_id,
            user_id: Some(user_id),
            role,
            branch_id,
            blocked: false,
            via: Via::Chat,
            time_zone: None,
            standing: Standing::Active,
        }
    }

    /// An operator of the service acting on a company (as its administrator would).
    pub fn operator(company_id: i64, user_id: i64) -> Actor {
        Actor { via: Via::Operator(user_id), user_id: Some(user_id), ..Actor::system(company_id, Via::Cli) }
    }

    /// Refuses what this actor's role may not do; a blocked member may do nothing; a blocked
    /// company nothing either, a read-only one only what changes nothing.
    pub fn require(&self, action: Action) -> Result<()> {
        if self.blocked {
            return Err(Refusal::Blocked.into());
        }
        match self.standing {
            Standing::Blocked => return Err(Refusal::CompanyBlocked.into()),
            Standing::ReadOnly if !roles::only_reads(action) => return Err(Refusal::CompanyReadOnly.into()),
            _ => {}
        }
        if !roles::can(self.role, action) {
            return Err(Refusal::NotAllowed.into());
        }
        Ok(())
    }

    /// [`Actor::require`], then the branch rule: see [`roles::may_work_in`].
    pub fn require_in(&self, action: Action, branch_id: i64) -> Result<()> {
        self.require(action)?;
        if !roles::may_work_in(self.role, self.branch_id, branch_id) {
            return Err(Refusal::NotAllowed.into());
        }
        Ok(())
    }

    /// Whose sales this actor may see when asking about `branch` (`None`: all it may see).
    pub fn sales_scope(&self, branch: Option<i64>) -> Result<Scope> {
        self.require(Action::ViewSales)?;
        roles::sales_scope(self.company_id, self.role, self.branch_id, self.user_id, branch)
            .ok_or(Refusal::NotAllowed.into())
    }

    /// The company's calendar: the one the actor carries, else read once from the database.
    pub async fn calendar(&self, db: &Db) -> Result<CompanyTz> {
        match self.time_zone {
            Some(tz) => Ok(tz),
            None => calendar::of_company(db, self.company_id).await,
        }
    }
}
