//! Where each chat is in a conversation, kept in the database (table `dialogues`) so a
//! conversation survives a restart and is shared by several server instances.

use std::sync::Arc;

use futures::future::BoxFuture;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use teloxide::dispatching::dialogue::{Dialogue, Storage};
use teloxide::types::ChatId;

use crate::db::Db;
use crate::domain::catalog::ProductInput;
use crate::domain::customers::CustomerInput;
use crate::domain::money::{Money, Qty};
use crate::domain::sales::SaleType;
use crate::telegram::callback::KassaAction;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    #[default]
    Idle,
    OnboardName,
    OnboardTin {
        name: String,
    },
    OnboardBranch {
        name: String,
        tin: String,
    },
    BranchName,
    /// An operator types the amount to add to a company's balance.
    TopUp {
        company_id: i64,
    },
    /// A comment on the assistant's answer (its turn).
    AskComment {
        turn_id: i64,
    },
    /// Retyping a field of a scanned draft (`n`umber, `d`ate, `s`eller, `t`in, `j`ami, `l`ine).
    ScanEdit {
        scan_id: i64,
        field: String,
    },
    ProductCode,
    Product {
        draft: ProductInput,
        editing: bool,
        step: ProductStep,
    },
    /// A cashier's open receipt.
    Sell {
        cart: Cart,
        /// The product waiting for its quantity.
        pending: Option<CartLine>,
    },
    /// Goods being received from a supplier.
    Purchase {
        draft: PurchaseDraft,
        step: PurchaseStep,
    },
    /// Goods being moved to another branch.
    Transfer {
        to_branch: Option<i64>,
        lines: Vec<CartLine>,
        pending: Option<CartLine>,
    },
    /// An expense being filed.
    Expense {
        draft: ExpenseDraft,
        step: ExpenseStep,
    },
    /// An approver typing why an expense is rejected.
    RejectReason {
        expense_id: i64,
        message_id: i32,
    },
    /// `/kassa`: the amount for an action is being asked.
    Kassa {
        action: KassaAction,
    },
    /// A customer being added (or edited: `editing`); with `then_sell`, the till's cart waits
    /// for them.
    Customer {
        draft: CustomerInput,
        step: CustomerStep,
        editing: Option<i64>,
        /// The till's cart and its message, and whether the sale is on credit.
        then_sell: Option<(Cart, i32, bool)>,
    },
    /// The till: the buyer is being chosen (typed name or phone).
    SellCustomer {
        cart: Cart,
        message_id: i32,
    },
    /// `/customer <text>` typed again: find.
    CustomerFind,
    /// The till on credit: the customer is being chosen (`None`), then what is paid now.
    SellOnCredit {
        cart: Cart,
        customer: Option<(i64, String)>,
        /// The cart's message: the receipt replaces it, and names the sale for idempotency.
        message_id: i32,
        /// What is paid at once, once typed (kept for an admin's override).
        paid_now: Option<Money>,
    },
    /// A debt payment: the amount, then how.
    DebtPayment {
        customer_id: i64,
        amount: Option<Money>,
    },
    /// A supplier payment: the amount, then from where.
    SupplierPayment {
        supplier_id: i64,
        amount: Option<Money>,
    },
    /// A delivery against a purchase order, line by line: what came of each line due so far.
    OrderReceive {
        order_id: i64,
        counted: Vec<(i64, Qty)>,
    },
    /// The supplier of a purchase order, typed by name.
    OrderSupplier {
        order_id: i64,
    },
    /// A stock count in progress: products counted so far.
    Count {
        counted: Vec<CartLine>,
        pending: Option<CartLine>,
        awaiting_reason: bool,
    },
}

/// A line of a receipt, a purchase or a count being put together in chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub qty: Qty,
    /// Sale price, purchase cost, or (for a count) unused.
    pub price: Money,
}

impl CartLine {
    /// A line of `qty` of a product at `price` a unit.
    pub fn of(product: &crate::domain::catalog::Product, qty: Qty, price: Money) -> CartLine {
        CartLine { product_id: product.id, name: product.name.clone(), unit: product.unit.clone(), qty, price }
    }

    pub fn total(&self) -> Money {
        self.price.times(self.qty)
    }
}

/// The total of a list of lines (a receipt, a purchase).
pub fn lines_total(lines: &[CartLine]) -> Money {
    Money::total_of(lines.iter().map(|l| (l.qty, l.price)))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub sale_type: SaleType,
    /// Who buys, when the cashier named them: (id, name).
    #[serde(default)]
    pub customer: Option<(i64, String)>,
}

impl Cart {
    pub fn total(&self) -> Money {
        lines_total(&self.lines)
    }

    /// Adds a line, or more of a product already in the cart.
    pub fn add(&mut self, line: CartLine) {
        match self.lines.iter_mut().find(|l| l.product_id == line.product_id && l.price == line.price) {
            Some(existing) => existing.qty = Qty(existing.qty.0 + line.qty.0),
            None => self.lines.push(line),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseDraft {
    pub supplier_id: Option<i64>,
    pub supplier_name: Option<String>,
    pub lines: Vec<CartLine>,
    /// The product whose quantity (then cost) is being asked.
    pub pending: Option<CartLine>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PurchaseStep {
    Supplier,
    Product,
    Qty,
    Cost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CustomerStep {
    Name,
    Phone,
    Tin,
    Kind,
    Limit,
}

/// The product dialogue asks these in order, then shows a summary to confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProductStep {
    Name,
    Unit,
    SalePrice,
    PurchasePrice,
    Barcode,
    MinQty,
    /// Asked from the summary's button: most products have none.
    WholesalePrice,
    Confirm,
}

impl ProductStep {
    pub fn next(self) -> ProductStep {
        use ProductStep::*;
        match self {
            Name => Unit,
            Unit => SalePrice,
            SalePrice => PurchasePrice,
            PurchasePrice => Barcode,
            Barcode => MinQty,
            MinQty | WholesalePrice | Confirm => Confirm,
        }
    }
}

pub type BotDialogue = Dialogue<State, DbStorage>;

/// teloxide's dialogue storage over Savdo's own pool (SQLite or PostgreSQL).
pub struct DbStorage {
    db: Db,
}

impl DbStorage {
    pub fn new(db: Db) -> Arc<DbStorage> {
        Arc::new(DbStorage { db })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("dialogue storage: {0:#}")]
    Db(#[from] anyhow::Error),
    #[error("dialogue state does not decode: {0}")]
    Decode(#[from] serde_json::Error),
}

impl<D> Storage<D> for DbStorage
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = StorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            crate::db::dialogues::remove(&self.db, chat_id.0).await?;
            Ok(())
        })
    }

    fn update_dialogue(self: Arc<Self>, chat_id: ChatId, dialogue: D) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let json = serde_json::to_string(&dialogue)?;
            crate::db::dialogues::put(&self.db, chat_id.0, &json).await?;
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            let json = crate::db::dialogues::get(&self.db, chat_id.0).await?;
            // A state written by an older version that no longer decodes starts afresh.
            Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpenseDraft {
    pub amount: Money,
    pub category_id: i64,
    pub description: String,
    pub photo_file_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpenseStep {
    Amount,
    Category,
    Description,
    Photo,
    PaidFrom,
}
