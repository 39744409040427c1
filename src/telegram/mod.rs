//! The Bot API as Savdo uses it, shared by the chat door (`bot`) and notifications (`notify`):
//! the outbox port ([`outbox::Outbox`]: what is sent, through teloxide's `Throttle` in
//! production), the inline button payloads ([`callback::Cb`]) with the keyboard built of them,
//! and the webhook's [`inbox::Inbox`] (updates stored, then handled in order per chat).

pub mod callback;
pub mod inbox;
pub mod outbox;

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

pub use self::callback::Cb;
pub use self::outbox::{Bot, OutFile, Outbox};

/// The button of an action the assistant offers: it runs the ordinary flow (the low-stock
/// alert's purchase draft, the customer's card).
pub fn act_button(lang: crate::i18n::Lang, act: &crate::domain::assistant::Act) -> (String, Cb) {
    use crate::domain::assistant::Act;
    match act {
        Act::DraftOrder { branch_id, product_id, name } => {
            (crate::tr!(lang, "ask-act-order", name = name.clone()), Cb::AlertDraft(*branch_id, *product_id))
        }
        Act::OpenCustomer { customer_id, name } => {
            (crate::tr!(lang, "ask-act-customer", name = name.clone()), Cb::CustomerOpen(*customer_id))
        }
    }
}

/// A keyboard from rows of (label, payload).
pub fn keyboard(rows: Vec<Vec<(String, Cb)>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.into_iter().map(|row| {
        row.into_iter().map(|(label, cb)| InlineKeyboardButton::callback(label, cb.encode())).collect::<Vec<_>>()
    }))
}
