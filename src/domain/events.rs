//! What a change caused that people should hear about. The core returns these from the change
//! that caused them; `crate::notify` decides who hears each and delivers it, whichever door
//! (chat, API, import, job) made the change.

use super::money::{Money, Qty};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A product fell below its minimum in a branch.
    LowStock(LowStock),
    /// An expense waits for a decision.
    ExpenseAwaiting { company_id: i64, expense_id: i64 },
    /// An expense was approved or rejected (by `decided_by`): its author hears.
    ExpenseDecided { company_id: i64, expense_id: i64, decided_by: i64 },
    /// Someone joined the company through an invite: the inviter hears.
    MemberJoined { company_id: i64, user_id: i64, invited_by: i64 },
    /// A shift closed with counted cash different from the books.
    ShiftDifference { company_id: i64, branch_id: i64, cashier_id: i64, expected: Money, counted: Money },
}

/// A product that has just fallen below its reorder point (or minimum) in a branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowStock {
    pub company_id: i64,
    pub branch_id: i64,
    pub product_id: i64,
    pub qty: Qty,
    /// The stock at which it alerts: the reorder point from the forecast where there is one
    /// (never below the product's minimum), else the minimum.
    pub threshold: Qty,
    pub by_forecast: bool,
}
