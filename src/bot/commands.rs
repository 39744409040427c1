//! The bot's commands, who may use them, and `/help`.

use teloxide::types::BotCommand;

use super::Sender;
use crate::domain::roles::{can, Action};
use crate::i18n::{t, Lang};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Strangers too.
    Anyone,
    /// An active member whose role may do this.
    Role(Action),
    /// An operator of the Savdo service.
    Operator,
}

pub struct CommandSpec {
    pub name: &'static str,
    pub access: Access,
    pub help_key: &'static str,
}

/// Every command, in the order `/help` and the Telegram menu show them.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "start", access: Access::Anyone, help_key: "cmd-start" },
    CommandSpec { name: "help", access: Access::Anyone, help_key: "cmd-help" },
    CommandSpec { name: "sales", access: Access::Role(Action::ViewSales), help_key: "cmd-sales" },
    CommandSpec { name: "sell", access: Access::Role(Action::Sell), help_key: "cmd-sell" },
    CommandSpec { name: "return", access: Access::Role(Action::Sell), help_key: "cmd-return" },
    CommandSpec { name: "invoice", access: Access::Role(Action::Sell), help_key: "cmd-invoice" },
    CommandSpec { name: "sim", access: Access::Role(Action::Sell), help_key: "cmd-sim" },
    CommandSpec { name: "customer", access: Access::Role(Action::Customers), help_key: "cmd-customer" },
    CommandSpec { name: "debts", access: Access::Role(Action::Customers), help_key: "cmd-debts" },
    CommandSpec { name: "calls", access: Access::Role(Action::Customers), help_key: "cmd-calls" },
    CommandSpec { name: "kassa", access: Access::Role(Action::Kassa), help_key: "cmd-kassa" },
    CommandSpec { name: "expense", access: Access::Role(Action::FileExpenses), help_key: "cmd-expense" },
    CommandSpec { name: "expenses", access: Access::Role(Action::FileExpenses), help_key: "cmd-expenses" },
    CommandSpec { name: "scans", access: Access::Role(Action::ScanDocuments), help_key: "cmd-scans" },
    CommandSpec { name: "report", access: Access::Role(Action::ViewReports), help_key: "cmd-report" },
    CommandSpec { name: "tax", access: Access::Role(Action::FileTaxes), help_key: "cmd-tax" },
    CommandSpec { name: "payroll", access: Access::Role(Action::Payroll), help_key: "cmd-payroll" },
    CommandSpec { name: "employee", access: Access::Role(Action::Payroll), help_key: "cmd-employee" },
    CommandSpec { name: "taxrate", access: Access::Role(Action::ViewReports), help_key: "cmd-taxrate" },
    CommandSpec { name: "export", access: Access::Role(Action::Export), help_key: "cmd-export" },
    CommandSpec { name: "find", access: Access::Role(Action::FindProducts), help_key: "cmd-find" },
    CommandSpec { name: "stock", access: Access::Role(Action::ViewStock), help_key: "cmd-stock" },
    CommandSpec { name: "forecast", access: Access::Role(Action::ViewStock), help_key: "cmd-forecast" },
    CommandSpec { name: "reorder", access: Access::Role(Action::ViewStock), help_key: "cmd-reorder" },
    CommandSpec { name: "purchase", access: Access::Role(Action::ManageStock), help_key: "cmd-purchase" },
    CommandSpec { name: "transfer", access: Access::Role(Action::ManageStock), help_key: "cmd-transfer" },
    CommandSpec { name: "count", access: Access::Role(Action::ManageStock), help_key: "cmd-count" },
    CommandSpec { name: "simcards", access: Access::Role(Action::ViewStock), help_key: "cmd-simcards" },
    CommandSpec { name: "agents", access: Access::Role(Action::ViewAgents), help_key: "cmd-agents" },
    CommandSpec { name: "suppliers", access: Access::Role(Action::PaySuppliers), help_key: "cmd-suppliers" },
    CommandSpec { name: "pay", access: Access::Role(Action::PaySuppliers), help_key: "cmd-pay" },
    CommandSpec { name: "orders", access: Access::Role(Action::PurchaseOrders), help_key: "cmd-orders" },
    CommandSpec { name: "product", access: Access::Role(Action::EditProducts), help_key: "cmd-product" },
    CommandSpec { name: "sync", access: Access::Role(Action::EditProducts), help_key: "cmd-sync" },
    CommandSpec { name: "invite", access: Access::Role(Action::Invite), help_key: "cmd-invite" },
    CommandSpec { name: "users", access: Access::Role(Action::ManageUsers), help_key: "cmd-users" },
    CommandSpec { name: "branches", access: Access::Role(Action::ManageBranches), help_key: "cmd-branches" },
    CommandSpec { name: "apikey", access: Access::Role(Action::ManageApiKeys), help_key: "cmd-apikey" },
    CommandSpec { name: "apiuser", access: Access::Role(Action::ManageApiKeys), help_key: "cmd-apiuser" },
    CommandSpec { name: "regos", access: Access::Role(Action::ManageSettings), help_key: "cmd-regos" },
    CommandSpec { name: "digest", access: Access::Role(Action::ManageBranches), help_key: "cmd-digest" },
    CommandSpec { name: "company", access: Access::Role(Action::ManageSettings), help_key: "cmd-company" },
    CommandSpec { name: "account", access: Access::Role(Action::ViewReports), help_key: "cmd-account" },
    CommandSpec { name: "category", access: Access::Role(Action::ViewReports), help_key: "cmd-category" },
    CommandSpec { name: "audit", access: Access::Role(Action::ViewAudit), help_key: "cmd-audit" },
    CommandSpec { name: "assistant", access: Access::Role(Action::ManageSettings), help_key: "cmd-assistant" },
    CommandSpec { name: "companies", access: Access::Operator, help_key: "cmd-companies" },
    CommandSpec { name: "settings", access: Access::Anyone, help_key: "cmd-settings" },
    CommandSpec { name: "lang", access: Access::Anyone, help_key: "cmd-lang" },
    CommandSpec { name: "cancel", access: Access::Anyone, help_key: "cmd-cancel" },
];

pub fn spec(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Splits `/name@bot args` into the lower-cased name and the trimmed arguments.
/// A command addressed to another bot (`/start@other_bot`) is not ours: `None`.
pub fn parse<'a>(text: &'a str, bot_username: &str) -> Option<(String, &'a str)> {
    let rest = text.strip_prefix('/')?;
    let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let (name, addressee) = head.split_once('@').unwrap_or((head, ""));
    if !addressee.is_empty() && !addressee.eq_ignore_ascii_case(bot_username) {
        return None;
    }
    if name.is_empty() {
        return None;
    }
    Some((name.to_lowercase(), args.trim()))
}

/// Why `sender` may not use a command, as a message key; `None` when allowed.
pub fn refusal(access: Access, sender: &Sender) -> Option<&'static str> {
    use crate::domain::actor::Standing;
    let action = match access {
        Access::Anyone => return None,
        Access::Operator => return sender.operator.is_none().then_some("refuse-not-operator"),
        Access::Role(action) => action,
    };
    match &sender.member {
        None => Some("refuse-no-company"),
        Some(m) if m.blocked => Some("refuse-blocked"),
        Some(m) if m.standing == Standing::Blocked => Some("refuse-company-blocked"),
        Some(m) if !can(m.role, action) => Some("refuse-role"),
        Some(m) if m.standing == Standing::ReadOnly && !crate::domain::roles::only_reads(action) => {
            Some("refuse-company-read-only")
        }
        Some(_) => None,
    }
}

/// The `/help` text: only the commands this sender may use.
pub fn help_text(sender: &Sender) -> String {
    let lang = sender.lang;
    let header = match &sender.member {
        Some(m) if !m.blocked => {
            crate::tr!(lang, "help-header", role = t(lang, m.role.label_key()), company = m.company_name.clone())
        }
        _ => t(lang, "help-header-guest"),
    };
    let lines: Vec<String> = COMMANDS
        .iter()
        .filter(|c| refusal(c.access, sender).is_none())
        .map(|c| format!("/{} — {}", c.name, t(lang, c.help_key)))
        .collect();
    format!("{header}\n\n{}", lines.join("\n"))
}

/// The Telegram command menu in one language (set with `setMyCommands` at start).
pub fn menu(lang: Lang) -> Vec<BotCommand> {
    COMMANDS
        .iter()
        .filter(|c| c.access != Access::Operator)
        .map(|c| BotCommand::new(c.name, t(lang, c.help_key)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands() {
        assert_eq!(parse("/start abc", "savdo_bot"), Some(("start".into(), "abc")));
        assert_eq!(parse("/Find@Savdo_Bot  cola 1.5 ", "savdo_bot"), Some(("find".into(), "cola 1.5")));
        assert_eq!(parse("/start@other_bot", "savdo_bot"), None);
        assert_eq!(parse("hello", "savdo_bot"), None);
        assert_eq!(parse("/", "savdo_bot"), None);
    }
}
