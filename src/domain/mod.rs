//! The core: business rules, one module per area. Nothing here knows about Telegram or HTTP.
//! Every entry point that acts for someone takes the [`actor::Actor`] and enforces the rules of
//! [`roles`] itself; every change writes its [`audit`] entry in the same transaction and returns
//! the [`events::Event`]s it caused.

pub mod assistant;
pub mod books;
pub mod calendar;
pub mod catalogue;
pub mod demo;
pub mod events;
pub mod exports;
pub mod forecast;
pub mod images;
pub mod listing;
pub mod money;
pub mod org;
pub mod scans;
pub mod stock;
pub mod trade;

// Each area's modules by their own name too, so a caller says `domain::sales` and one word
// names one area everywhere.
pub use self::books::{cash, expenses, ledger, payroll, statements, tax};
pub use self::org::{actor, apikeys, apiusers, audit, company, platform, roles, settings};
pub use self::stock::{cards, catalog, descriptions, onec, orders, purchases, simcards};
pub use self::trade::{
    agents, calls, clients, customers, import, invoices, lookup, partners, payments, projects, regos, sales,
};

/// Why the core refused to do something. Each refusal has a message key in `locales/`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("TIN must be 9 digits")]
    BadTin,
    #[error("name is empty or too long")]
    BadName,
    #[error("invite link is unknown")]
    InviteUnknown,
    #[error("invite link has expired")]
    InviteExpired,
    #[error("invite link was already used")]
    InviteUsed,
    #[error("the user is blocked in this company")]
    Blocked,
    #[error("not allowed for this role")]
    NotAllowed,
    #[error("the company must keep at least one active admin")]
    LastAdmin,
    #[error("a branch with this name exists")]
    BranchExists,
    #[error("no such record in this company")]
    NotFound,
    #[error("this role works in a branch: choose one")]
    BranchRequired,
    #[error("a quantity must be above zero")]
    BadQuantity,
    #[error("no such product in this company")]
    UnknownProduct,
    #[error("a sale needs at least one line")]
    EmptySale,
    #[error("a discount cannot exceed the line amount")]
    BadDiscount,
    #[error("more would be returned than was sold")]
    ReturnTooMuch,
    #[error("only a sale can be returned")]
    NotASale,
    #[error("this was already decided")]
    AlreadyDecided,
    #[error("a shift is already open on this register")]
    ShiftOpen,
    #[error("no shift is open")]
    NoShift,
    #[error("an amount must be above zero")]
    BadAmount,
    #[error("the cashier is not a member of this company")]
    UnknownCashier,
    #[error("the period ends before it starts")]
    BadPeriod,
    #[error("the amount is above 1 000 000 000 000 so‘m")]
    AmountTooLarge,
    #[error("the quantity is above 1 000 000 units")]
    QtyTooLarge,
    #[error("a phone number has 9 to 15 digits")]
    BadPhone,
    #[error("notes are at most 500 characters")]
    NotesTooLong,
    #[error("a sale on credit needs a customer")]
    CustomerRequired,
    #[error("the sale would take the customer past their credit limit")]
    CreditLimit,
    #[error("the payment is more than the customer owes")]
    PaymentAboveDebt,
    #[error("a debt is paid in cash, by card or by transfer")]
    BadPaymentMethod,
    #[error("the purchase order is closed")]
    OrderClosed,
    #[error("more would be received than was ordered")]
    ReceiveTooMuch,
    #[error("too many rows for a PDF: choose XLSX or CSV")]
    TooLongForPdf,
    #[error("an invoice needs the buyer's TIN")]
    BuyerTinRequired,
    #[error("a question's argument is not understood: {0}")]
    BadArgument(String),
    #[error("the assistant's daily question limit is reached")]
    QuestionLimit,
    #[error("the file is larger than 20 MB")]
    FileTooLarge,
    #[error("the image has more than 40 megapixels")]
    ImageTooLarge,
    #[error("not a JPEG, PNG, TIFF, WebP or PDF file")]
    FileFormat,
    #[error("the file could not be read")]
    FileUnreadable,
    #[error("no text was found on the page")]
    NoText,
    #[error("OCR is not available on this server")]
    OcrUnavailable,
    #[error("a PINFL has 14 digits")]
    BadPinfl,
    #[error("an employee with this PINFL exists")]
    EmployeeExists,
    #[error("this month's payroll is confirmed; a correction makes a new version")]
    PayrollConfirmed,
    #[error("there are no active employees")]
    NoEmployees,
    #[error("the month has not begun")]
    FutureMonth,
    #[error("a new rate applies from tomorrow at the earliest")]
    RateInPast,
    #[error("a tax rate is between 0 and 100 %")]
    BadRate,
    #[error("no tax cabinet is configured on this server")]
    NoTaxCabinet,
    #[error("the month's payroll is not confirmed")]
    PayrollNotConfirmed,
    #[error("the customer owes nothing")]
    NothingOwed,
    #[error("no online payment provider is configured on this server")]
    NoPaymentProvider,
    #[error("the company is not connected to REGOS")]
    NoRegos,
    #[error("the company is blocked by the Savdo service")]
    CompanyBlocked,
    #[error("the company's balance ran out: it may only look until it is topped up")]
    CompanyReadOnly,
    #[error("an ICCID has 19 or 20 digits with a valid check digit")]
    BadIccid,
    #[error("a SIM card with this ICCID exists")]
    IccidExists,
    #[error("the SIM card is not in stock")]
    SimNotInStock,
    #[error("no SIM operator API is configured on this server")]
    NoSimOperator,
    #[error("a username is 3 to 150 letters, digits and @ . + - _")]
    BadUsername,
    #[error("this username is taken")]
    UsernameTaken,
    #[error("a password is 10 to 256 characters")]
    WeakPassword,
    #[error("it has sales, stock or documents: it cannot be deleted")]
    InUse,
    #[error("this 1C code is used by another record")]
    CodeTaken,
    #[error("latitude is -90 to 90 and longitude -180 to 180")]
    BadCoordinates,
    #[error("a value is not valid: {0}")]
    BadValue(String),
}

impl Refusal {
    /// The Fluent message key that explains this refusal to a user.
    pub fn message_key(&self) -> &'static str {
        match self {
            Refusal::BadTin => "err-tin",
            Refusal::BadName => "err-name",
            Refusal::BadArgument(_) => "err-bad-argument",
            Refusal::QuestionLimit => "err-question-limit",
            Refusal::FileTooLarge => "err-file-too-large",
            Refusal::ImageTooLarge => "err-image-too-large",
            Refusal::FileFormat => "err-file-format",
            Refusal::FileUnreadable => "err-file-unreadable",
            Refusal::NoText => "err-no-text",
            Refusal::OcrUnavailable => "err-ocr-unavailable",
            Refusal::BadPinfl => "err-pinfl",
            Refusal::EmployeeExists => "err-employee-exists",
            Refusal::PayrollConfirmed => "err-payroll-confirmed",
            Refusal::NoEmployees => "err-no-employees",
            Refusal::FutureMonth => "err-future-month",
            Refusal::RateInPast => "err-rate-in-past",
            Refusal::BadRate => "err-bad-rate",
            Refusal::NoTaxCabinet => "err-no-tax-cabinet",
            Refusal::PayrollNotConfirmed => "err-payroll-not-confirmed",
            Refusal::NothingOwed => "err-nothing-owed",
            Refusal::NoPaymentProvider => "err-no-payment-provider",
            Refusal::NoRegos => "err-no-regos",
            Refusal::CompanyBlocked => "refuse-company-blocked",
            Refusal::CompanyReadOnly => "refuse-company-read-only",
            Refusal::BadIccid => "err-iccid",
            Refusal::IccidExists => "err-iccid-exists",
            Refusal::SimNotInStock => "err-sim-not-in-stock",
            Refusal::NoSimOperator => "sim-no-operator",
            Refusal::BadUsername => "err-username",
            Refusal::UsernameTaken => "err-username-taken",
            Refusal::WeakPassword => "err-weak-password",
            Refusal::InUse => "err-in-use",
            Refusal::CodeTaken => "err-code-taken",
            Refusal::BadCoordinates => "err-coordinates",
            Refusal::BadValue(_) => "err-bad-value",
            Refusal::InviteUnknown => "err-invite-unknown",
            Refusal::InviteExpired => "err-invite-expired",
            Refusal::InviteUsed => "err-invite-used",
            Refusal::Blocked => "refuse-blocked",
            Refusal::NotAllowed => "refuse-role",
            Refusal::LastAdmin => "err-last-admin",
            Refusal::BranchExists => "err-branch-exists",
            Refusal::NotFound => "err-not-found",
            Refusal::BranchRequired => "err-branch-required",
            Refusal::BadQuantity => "err-qty",
            Refusal::UnknownProduct => "err-unknown-product",
            Refusal::EmptySale => "err-empty-sale",
            Refusal::BadDiscount => "err-discount",
            Refusal::ReturnTooMuch => "err-return-too-much",
            Refusal::NotASale => "err-not-a-sale",
            Refusal::AlreadyDecided => "err-already-decided",
            Refusal::ShiftOpen => "err-shift-open",
            Refusal::NoShift => "err-no-shift",
            Refusal::BadAmount => "err-price",
            Refusal::UnknownCashier => "err-unknown-cashier",
            Refusal::BadPeriod => "err-bad-period",
            Refusal::AmountTooLarge => "err-amount-too-large",
            Refusal::QtyTooLarge => "err-qty-too-large",
            Refusal::BadPhone => "err-phone",
            Refusal::NotesTooLong => "err-notes-too-long",
            Refusal::CustomerRequired => "err-customer-required",
            Refusal::CreditLimit => "err-credit-limit",
            Refusal::PaymentAboveDebt => "err-payment-above-debt",
            Refusal::BadPaymentMethod => "err-payment-method",
            Refusal::OrderClosed => "err-order-closed",
            Refusal::ReceiveTooMuch => "err-receive-too-much",
            Refusal::TooLongForPdf => "err-pdf-too-long",
            Refusal::BuyerTinRequired => "err-buyer-tin",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Internal(e.into())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Trims a user-supplied name and checks its length in characters.
pub fn clean_name(raw: &str, max_chars: usize) -> std::result::Result<String, Refusal> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = name.chars().count();
    if len == 0 || len > max_chars {
        return Err(Refusal::BadName);
    }
    Ok(name)
}
