//! Inline button payloads. Telegram allows 64 bytes, so they are short `kind:arg:arg` strings.

use serde::{Deserialize, Serialize};

use crate::domain::calendar::Month;
use crate::domain::roles::Role;
use crate::domain::tax::reports::Report;
use crate::i18n::Lang;

/// What a `/kassa` button does (also kept in the dialogue while the amount is typed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KassaAction {
    Open,
    Close,
    CashIn,
    CashOut,
}

/// Telegram's limit on a button's callback data, in bytes.
pub const MAX_BYTES: usize = 64;

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
    ProductWholesale,
    /// Sales lookup: period code, branch (0 = all).
    Sales(String, i64),
    SalesBranches(String),
    SalesChart(String, i64),
    /// The till: a product picked from matches, and the receipt's buttons.
    SellPick(i64),
    SellPay,
    SellPayWith(crate::domain::sales::Payment),
    SellEdit,
    SellRemove(usize),
    SellBack,
    SellType,
    SellCancel,
    ReturnAll(i64),
    /// A low-stock alert: make a purchase draft, or snooze for a day (branch, product).
    AlertDraft(i64, i64),
    AlertSnooze(i64, i64),
    PurchasePick(i64),
    PurchaseConfirm,
    PurchaseCancel,
    CountPick(i64),
    CountPost,
    CountCancel,
    TransferTo(i64),
    TransferPick(i64),
    /// A product picked from several matches of `/forecast`, of `/reorder`.
    ForecastPick(i64),
    ReorderPick(i64),
    TransferConfirm,
    TransferCancel,
    ApiKeyNew,
    ApiKeyRevoke(i64),
    ExpenseCategory(i64),
    ExpenseSkipPhoto,
    ExpensePaidFrom(bool),
    ExpenseApprove(i64),
    ExpenseReject(i64),
    ExpenseWithdraw(i64),
    Kassa(KassaAction),
    /// Customers: open one, add one, its type while adding, edit, take a payment, remind, statement.
    CustomerOpen(i64),
    CustomerNew,
    CustomerKind(bool),
    CustomerEdit(i64),
    CustomerPay(i64),
    CustomerRemind(i64),
    CustomerStatement(i64),
    CustomerStatementFile(i64),
    /// How a debt payment is made.
    DebtPayWith(crate::domain::sales::Payment),
    /// The till on credit: the customer picked, a new one, an admin selling past the limit.
    SellCustomer(i64),
    SellNewCustomer,
    SellPickCustomer,
    SellOverride,
    /// Suppliers: open one (history), pay one, from cash (true) or the bank.
    SupplierOpen(i64),
    SupplierPay(i64),
    SupplierStatementFile(i64),
    SupplierPayFrom(bool),
    /// A purchase order's card and its buttons.
    OrderOpen(i64),
    OrderSend(i64),
    OrderPdf(i64),
    OrderCancel(i64),
    OrderReceiveAll(i64),
    OrderReceivePart(i64),
    OrderSupplier(i64),
    /// The invoice of a sale.
    Invoice(i64),
    /// A question the assistant suggests (an index of `assistant::suggested`).
    Ask(u8),
    /// 👍 (true) or 👎 on an answer (the assistant's turn).
    AskRate(i64, bool),
    /// A comment on a rated answer.
    AskComment(i64),
    /// A scanned draft: show it, save it as a purchase, as an expense (then its category),
    /// edit a field (its code), cancel it.
    ScanOpen(i64),
    ScanPurchase(i64),
    ScanExpense(i64),
    ScanCategory(i64, i64),
    ScanEdit(i64),
    ScanField(i64, String),
    ScanCancel(i64),
    /// The original file and recognised text of a scan.
    ScanOriginal(i64),
    /// `/export`: what, then the period (a `Period` code, empty when it takes none), then the format.
    Export(crate::domain::exports::Kind),
    ExportPeriod(crate::domain::exports::Kind, String),
    ExportFile(crate::domain::exports::Kind, String, crate::reports::exports::FileFormat),
    /// `/tax`: the checklist of reports (a set of `Report::bit`s) toggled, then sent; a
    /// rejected report sent again.
    TaxToggle(Month, u8),
    TaxSend(Month, u8),
    TaxResend(Month, Report),
    /// `/payroll`: confirm the month paid from cash (true) or the bank; a correction of a
    /// confirmed month (its draft shown, then confirmed as a new version).
    PayrollConfirm(Month, bool, bool),
    PayrollCorrect(Month),
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
            Cb::ProductWholesale => "pwhole".into(),
            Cb::Sales(code, branch) => format!("s:{code}:{branch}"),
            Cb::SalesBranches(code) => format!("sb:{code}"),
            Cb::SalesChart(code, branch) => format!("sc:{code}:{branch}"),
            Cb::SellPick(p) => format!("sp:{p}"),
            Cb::SellPay => "spay".into(),
            Cb::SellPayWith(p) => format!("spw:{}", p.as_str()),
            Cb::SellEdit => "sedit".into(),
            Cb::SellRemove(i) => format!("srm:{i}"),
            Cb::SellBack => "sback".into(),
            Cb::SellType => "stype".into(),
            Cb::SellCancel => "scancel".into(),
            Cb::ReturnAll(id) => format!("ret:{id}"),
            Cb::AlertDraft(b, p) => format!("ad:{b}:{p}"),
            Cb::AlertSnooze(b, p) => format!("az:{b}:{p}"),
            Cb::PurchasePick(p) => format!("pp:{p}"),
            Cb::PurchaseConfirm => "pok".into(),
            Cb::PurchaseCancel => "pno".into(),
            Cb::CountPick(p) => format!("cp:{p}"),
            Cb::ForecastPick(p) => format!("fcp:{p}"),
            Cb::ReorderPick(p) => format!("rop:{p}"),
            Cb::CountPost => "cok".into(),
            Cb::CountCancel => "cno".into(),
            Cb::TransferTo(b) => format!("tt:{b}"),
            Cb::TransferPick(p) => format!("tp:{p}"),
            Cb::TransferConfirm => "tok".into(),
            Cb::TransferCancel => "tno".into(),
            Cb::ApiKeyNew => "kn".into(),
            Cb::ApiKeyRevoke(id) => format!("kr:{id}"),
            Cb::ExpenseCategory(id) => format!("xc:{id}"),
            Cb::ExpenseSkipPhoto => "xs".into(),
            Cb::ExpensePaidFrom(cash) => format!("xp:{}", u8::from(*cash)),
            Cb::ExpenseApprove(id) => format!("xa:{id}"),
            Cb::ExpenseReject(id) => format!("xr:{id}"),
            Cb::ExpenseWithdraw(id) => format!("xw:{id}"),
            Cb::Kassa(action) => format!("ka:{}", kassa_code(*action)),
            Cb::CustomerOpen(id) => format!("cu:{id}"),
            Cb::CustomerNew => "cun".into(),
            Cb::CustomerKind(wholesale) => format!("cuk:{}", u8::from(*wholesale)),
            Cb::CustomerEdit(id) => format!("cue:{id}"),
            Cb::CustomerPay(id) => format!("cup:{id}"),
            Cb::CustomerRemind(id) => format!("cur:{id}"),
            Cb::CustomerStatement(id) => format!("cus:{id}"),
            Cb::CustomerStatementFile(id) => format!("cux:{id}"),
            Cb::DebtPayWith(p) => format!("dpw:{}", p.as_str()),
            Cb::SellCustomer(id) => format!("scu:{id}"),
            Cb::SellNewCustomer => "scun".into(),
            Cb::SellPickCustomer => "scup".into(),
            Cb::SellOverride => "sovr".into(),
            Cb::SupplierOpen(id) => format!("su:{id}"),
            Cb::SupplierPay(id) => format!("sup:{id}"),
            Cb::SupplierStatementFile(id) => format!("sux:{id}"),
            Cb::SupplierPayFrom(cash) => format!("supf:{}", u8::from(*cash)),
            Cb::OrderOpen(id) => format!("po:{id}"),
            Cb::OrderSend(id) => format!("pos:{id}"),
            Cb::OrderPdf(id) => format!("pod:{id}"),
            Cb::OrderCancel(id) => format!("pox:{id}"),
            Cb::OrderReceiveAll(id) => format!("pora:{id}"),
            Cb::OrderReceivePart(id) => format!("porp:{id}"),
            Cb::OrderSupplier(id) => format!("posup:{id}"),
            Cb::Invoice(id) => format!("hf:{id}"),
            Cb::Ask(i) => format!("aq:{i}"),
            Cb::AskRate(turn, helpful) => format!("ar:{turn}:{}", u8::from(*helpful)),
            Cb::AskComment(turn) => format!("ac:{turn}"),
            Cb::ScanOpen(id) => format!("sco:{id}"),
            Cb::ScanPurchase(id) => format!("scp:{id}"),
            Cb::ScanExpense(id) => format!("sce:{id}"),
            Cb::ScanCategory(id, category) => format!("scg:{id}:{category}"),
            Cb::ScanEdit(id) => format!("scd:{id}"),
            Cb::ScanField(id, field) => format!("scf:{id}:{field}"),
            Cb::ScanCancel(id) => format!("scx:{id}"),
            Cb::ScanOriginal(id) => format!("scr:{id}"),
            Cb::Export(kind) => format!("ex:{}", kind.code()),
            Cb::ExportPeriod(kind, period) => format!("exp:{}:{period}", kind.code()),
            Cb::ExportFile(kind, period, format) => format!("exf:{}:{period}:{}", kind.code(), format.extension()),
            Cb::TaxToggle(month, bits) => format!("txt:{month}:{bits}"),
            Cb::TaxSend(month, bits) => format!("txs:{month}:{bits}"),
            Cb::TaxResend(month, report) => format!("txr:{month}:{}", report.code()),
            Cb::PayrollConfirm(month, cash, correction) => {
                format!("pyc:{month}:{}:{}", u8::from(*cash), u8::from(*correction))
            }
            Cb::PayrollCorrect(month) => format!("pyx:{month}"),
        }
    }

    pub fn decode(data: &str) -> Option<Cb> {
        // Telegram carries at most 64 bytes; anything longer did not come from our buttons
        // (found by the `commands` fuzz target: "sb:" with a long tail decoded and re-encoded
        // past the limit).
        if data.len() > MAX_BYTES {
            return None;
        }
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
            ("pwhole", 1) => Cb::ProductWholesale,
            ("s", 3) => Cb::Sales(parts[1].to_string(), id(2)?),
            ("sb", 2) => Cb::SalesBranches(parts[1].to_string()),
            ("sc", 3) => Cb::SalesChart(parts[1].to_string(), id(2)?),
            ("sp", 2) => Cb::SellPick(id(1)?),
            ("spay", 1) => Cb::SellPay,
            ("spw", 2) => Cb::SellPayWith(crate::domain::sales::Payment::parse(parts[1])?),
            ("sedit", 1) => Cb::SellEdit,
            ("srm", 2) => Cb::SellRemove(parts[1].parse().ok()?),
            ("sback", 1) => Cb::SellBack,
            ("stype", 1) => Cb::SellType,
            ("scancel", 1) => Cb::SellCancel,
            ("ret", 2) => Cb::ReturnAll(id(1)?),
            ("ad", 3) => Cb::AlertDraft(id(1)?, id(2)?),
            ("az", 3) => Cb::AlertSnooze(id(1)?, id(2)?),
            ("pp", 2) => Cb::PurchasePick(id(1)?),
            ("pok", 1) => Cb::PurchaseConfirm,
            ("pno", 1) => Cb::PurchaseCancel,
            ("cp", 2) => Cb::CountPick(id(1)?),
            ("fcp", 2) => Cb::ForecastPick(id(1)?),
            ("rop", 2) => Cb::ReorderPick(id(1)?),
            ("cok", 1) => Cb::CountPost,
            ("cno", 1) => Cb::CountCancel,
            ("tt", 2) => Cb::TransferTo(id(1)?),
            ("tp", 2) => Cb::TransferPick(id(1)?),
            ("tok", 1) => Cb::TransferConfirm,
            ("tno", 1) => Cb::TransferCancel,
            ("kn", 1) => Cb::ApiKeyNew,
            ("kr", 2) => Cb::ApiKeyRevoke(id(1)?),
            ("xc", 2) => Cb::ExpenseCategory(id(1)?),
            ("xs", 1) => Cb::ExpenseSkipPhoto,
            ("xp", 2) => Cb::ExpensePaidFrom(parts[1] == "1"),
            ("xa", 2) => Cb::ExpenseApprove(id(1)?),
            ("xr", 2) => Cb::ExpenseReject(id(1)?),
            ("xw", 2) => Cb::ExpenseWithdraw(id(1)?),
            ("ka", 2) => Cb::Kassa(kassa_action(parts[1])?),
            ("cu", 2) => Cb::CustomerOpen(id(1)?),
            ("cun", 1) => Cb::CustomerNew,
            ("cuk", 2) => Cb::CustomerKind(parts[1] == "1"),
            ("cue", 2) => Cb::CustomerEdit(id(1)?),
            ("cup", 2) => Cb::CustomerPay(id(1)?),
            ("cur", 2) => Cb::CustomerRemind(id(1)?),
            ("cus", 2) => Cb::CustomerStatement(id(1)?),
            ("cux", 2) => Cb::CustomerStatementFile(id(1)?),
            ("dpw", 2) => Cb::DebtPayWith(crate::domain::sales::Payment::parse(parts[1])?),
            ("scu", 2) => Cb::SellCustomer(id(1)?),
            ("scun", 1) => Cb::SellNewCustomer,
            ("scup", 1) => Cb::SellPickCustomer,
            ("sovr", 1) => Cb::SellOverride,
            ("su", 2) => Cb::SupplierOpen(id(1)?),
            ("sup", 2) => Cb::SupplierPay(id(1)?),
            ("sux", 2) => Cb::SupplierStatementFile(id(1)?),
            ("supf", 2) => Cb::SupplierPayFrom(parts[1] == "1"),
            ("po", 2) => Cb::OrderOpen(id(1)?),
            ("pos", 2) => Cb::OrderSend(id(1)?),
            ("pod", 2) => Cb::OrderPdf(id(1)?),
            ("pox", 2) => Cb::OrderCancel(id(1)?),
            ("pora", 2) => Cb::OrderReceiveAll(id(1)?),
            ("porp", 2) => Cb::OrderReceivePart(id(1)?),
            ("posup", 2) => Cb::OrderSupplier(id(1)?),
            ("hf", 2) => Cb::Invoice(id(1)?),
            ("aq", 2) => Cb::Ask(parts[1].parse().ok()?),
            ("ar", 3) => Cb::AskRate(id(1)?, parts[2] == "1"),
            ("ac", 2) => Cb::AskComment(id(1)?),
            ("sco", 2) => Cb::ScanOpen(id(1)?),
            ("scp", 2) => Cb::ScanPurchase(id(1)?),
            ("sce", 2) => Cb::ScanExpense(id(1)?),
            ("scg", 3) => Cb::ScanCategory(id(1)?, id(2)?),
            ("scd", 2) => Cb::ScanEdit(id(1)?),
            ("scf", 3) if ["n", "d", "s", "t", "j", "l"].contains(&parts[2]) => {
                Cb::ScanField(id(1)?, parts[2].to_string())
            }
            ("scx", 2) => Cb::ScanCancel(id(1)?),
            ("scr", 2) => Cb::ScanOriginal(id(1)?),
            ("ex", 2) => Cb::Export(crate::domain::exports::Kind::parse(parts[1])?),
            ("exp", 3) => Cb::ExportPeriod(crate::domain::exports::Kind::parse(parts[1])?, parts[2].to_string()),
            ("exf", 4) => Cb::ExportFile(
                crate::domain::exports::Kind::parse(parts[1])?,
                parts[2].to_string(),
                crate::reports::exports::FileFormat::parse(parts[3])?,
            ),
            ("txt", 3) => Cb::TaxToggle(Month::parse(parts[1])?, parts[2].parse().ok()?),
            ("txs", 3) => Cb::TaxSend(Month::parse(parts[1])?, parts[2].parse().ok()?),
            ("txr", 3) => Cb::TaxResend(Month::parse(parts[1])?, Report::parse(parts[2])?),
            ("pyc", 4) => Cb::PayrollConfirm(Month::parse(parts[1])?, parts[2] == "1", parts[3] == "1"),
            ("pyx", 2) => Cb::PayrollCorrect(Month::parse(parts[1])?),
            _ => return None,
        })
    }
}

fn kassa_code(action: KassaAction) -> &'static str {
    use KassaAction::*;
    match action {
        Open => "open",
        Close => "close",
        CashIn => "in",
        CashOut => "out",
    }
}

fn kassa_action(code: &str) -> Option<KassaAction> {
    use KassaAction::*;
    Some(match code {
        "open" => Open,
        "close" => Close,
        "in" => CashIn,
        "out" => CashOut,
        _ => return None,
    })
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
            Cb::ProductWholesale,
            Cb::Sales("r20261101-20261130".into(), i64::MAX),
            Cb::SalesBranches("lm".into()),
            Cb::SalesChart("w".into(), 3),
            Cb::SellPick(i64::MAX),
            Cb::SellPay,
            Cb::SellPayWith(crate::domain::sales::Payment::Payme),
            Cb::SellEdit,
            Cb::SellRemove(3),
            Cb::SellBack,
            Cb::SellType,
            Cb::SellCancel,
            Cb::ReturnAll(i64::MAX),
            Cb::AlertDraft(i64::MAX, i64::MAX),
            Cb::AlertSnooze(1, 2),
            Cb::PurchasePick(5),
            Cb::PurchaseConfirm,
            Cb::PurchaseCancel,
            Cb::CountPick(5),
            Cb::ForecastPick(i64::MAX),
            Cb::ReorderPick(7),
            Cb::CountPost,
            Cb::CountCancel,
            Cb::TransferTo(4),
            Cb::TransferPick(4),
            Cb::TransferConfirm,
            Cb::TransferCancel,
            Cb::ApiKeyNew,
            Cb::ApiKeyRevoke(9),
            Cb::ExpenseCategory(3),
            Cb::ExpenseSkipPhoto,
            Cb::ExpensePaidFrom(true),
            Cb::ExpensePaidFrom(false),
            Cb::ExpenseApprove(i64::MAX),
            Cb::ExpenseReject(5),
            Cb::ExpenseWithdraw(5),
            Cb::Kassa(KassaAction::Close),
            Cb::CustomerOpen(i64::MAX),
            Cb::CustomerNew,
            Cb::CustomerKind(true),
            Cb::CustomerEdit(3),
            Cb::CustomerPay(3),
            Cb::CustomerRemind(3),
            Cb::CustomerStatement(3),
            Cb::CustomerStatementFile(3),
            Cb::DebtPayWith(crate::domain::sales::Payment::Transfer),
            Cb::SellCustomer(i64::MAX),
            Cb::SellNewCustomer,
            Cb::SellPickCustomer,
            Cb::SellOverride,
            Cb::SupplierOpen(2),
            Cb::SupplierPay(i64::MAX),
            Cb::SupplierStatementFile(i64::MAX),
            Cb::SupplierPayFrom(false),
            Cb::OrderOpen(i64::MAX),
            Cb::OrderSend(1),
            Cb::OrderPdf(1),
            Cb::OrderCancel(1),
            Cb::OrderReceiveAll(1),
            Cb::OrderReceivePart(i64::MAX),
            Cb::OrderSupplier(i64::MAX),
            Cb::Invoice(i64::MAX),
            Cb::Ask(u8::MAX),
            Cb::AskRate(i64::MAX, true),
            Cb::AskComment(i64::MAX),
            Cb::ScanOpen(i64::MAX),
            Cb::ScanPurchase(i64::MAX),
            Cb::ScanExpense(i64::MAX),
            Cb::ScanCategory(i64::MAX, i64::MAX),
            Cb::ScanEdit(i64::MAX),
            Cb::ScanField(i64::MAX, "l".into()),
            Cb::ScanCancel(i64::MAX),
            Cb::ScanOriginal(i64::MAX),
            Cb::Export(crate::domain::exports::Kind::PurchasesBySupplier),
            Cb::ExportPeriod(crate::domain::exports::Kind::SalesByCustomer, "r20261101-20261130".into()),
            Cb::ExportFile(
                crate::domain::exports::Kind::PurchasesBySupplier,
                "20261101-20261130".into(),
                crate::reports::exports::FileFormat::Xlsx,
            ),
            Cb::ExportFile(
                crate::domain::exports::Kind::Inventory,
                String::new(),
                crate::reports::exports::FileFormat::Csv,
            ),
            Cb::TaxToggle(Month::parse("2100-12").unwrap(), u8::MAX),
            Cb::TaxSend(Month::parse("2026-11").unwrap(), 15),
            Cb::TaxResend(Month::parse("2026-11").unwrap(), Report::Declaration),
            Cb::PayrollConfirm(Month::parse("2026-11").unwrap(), true, false),
            Cb::PayrollCorrect(Month::parse("2026-11").unwrap()),
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
