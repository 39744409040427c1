//! The activity log: every kind of change made through the core writes exactly one entry, in
//! the change's own transaction (a refused or replayed change writes none), the log cannot be
//! edited, and admins read it over HTTP (`GET /api/v1/audit`).

mod common;

use std::collections::BTreeSet;
use std::future::Future;

use common::start_server;
use savdo::db::Db;
use savdo::domain::audit::{self, Change, Entity};
use savdo::domain::calendar::CompanyTz;
use savdo::domain::cash::{self, Direction};
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::customers::{self, CustomerInput, PaymentInput};
use savdo::domain::expenses::{self, NewExpense, PaidFrom};
use savdo::domain::import;
use savdo::domain::money::{Money, Qty};
use savdo::domain::partners::{self, PartnerKind};
use savdo::domain::purchases::{self, PurchaseLine};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use savdo::domain::{apikeys, invoices, ledger, orders, stock};
use serde_json::{json, Value};

/// (action, entity, entity id, changes) of every entry of a company, oldest first.
async fn entries(db: &Db, company_id: i64) -> Vec<(String, String, i64, Value)> {
    let rows: Vec<(String, String, i64, String)> =
        sqlx::query_as("SELECT action, entity, entity_id, changes FROM audit_log WHERE company_id = $1 ORDER BY id")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    rows.into_iter().map(|(a, e, id, c)| (a, e, id, serde_json::from_str(&c).unwrap())).collect()
}

/// Runs one change and checks that it wrote exactly one entry, of the expected kind.
struct Log<'a> {
    db: &'a Db,
    company_id: i64,
    seen: BTreeSet<&'static str>,
}

impl Log<'_> {
    async fn one<T>(&mut self, change: Change, entity: Entity, run: impl Future<Output = T>) -> (T, Value) {
        let before = entries(self.db, self.company_id).await.len();
        let out = run.await;
        let after = entries(self.db, self.company_id).await;
        assert_eq!(after.len(), before + 1, "{change:?} wrote {} entries", after.len() - before);
        let (action, kind, _, changes) = after.last().unwrap().clone();
        assert_eq!(action, change.as_str());
        assert_eq!(kind, entity.as_str(), "{change:?}");
        self.seen.insert(change.as_str());
        (out, changes)
    }

    /// `run` writes `count` entries, the last of them `change` (a delivery against an order
    /// writes the purchase, then the order's progress).
    async fn ending<T>(&mut self, count: usize, change: Change, entity: Entity, run: impl Future<Output = T>) -> T {
        let before = entries(self.db, self.company_id).await.len();
        let out = run.await;
        let after = entries(self.db, self.company_id).await;
        assert_eq!(after.len(), before + count, "{change:?}");
        let (action, kind, _, _) = after.last().unwrap().clone();
        assert_eq!((action.as_str(), kind.as_str()), (change.as_str(), entity.as_str()));
        self.seen.insert(change.as_str());
        out
    }

    async fn none<T>(&self, what: &str, run: impl Future<Output = T>) -> T {
        let before = entries(self.db, self.company_id).await.len();
        let out = run.await;
        assert_eq!(entries(self.db, self.company_id).await.len(), before, "{what} wrote an entry");
        out
    }
}

fn product(code: &str, price_som: i64, min_units: i64) -> ProductInput {
    ProductInput {
        code: code.into(),
        barcode: None,
        name: format!("Product {code}"),
        unit: "pcs".into(),
        purchase_price: Money::from_som(price_som / 2),
        sale_price: Money::from_som(price_som),
        min_qty: Qty::units(min_units),
        wholesale_price: None,
    }
}

fn sale_of(branch: i64, cashier: &Member, product: i64, key: Option<&str>) -> SaleInput {
    SaleInput {
        branch_id: branch,
        cashier_id: Some(cashier.user_id),
        customer_id: None,
        sale_type: SaleType::Retail,
        payment: Payment::Cash,
        lines: vec![LineInput { product_id: product, qty: Qty::units(2), unit_price: None, discount: Money(0) }],
        sold_at: None,
        source: "test",
        idempotency_key: key.map(str::to_string),
        ..Default::default()
    }
}

async fn each_kind_of_change_writes_one_entry(db: Db) {
    let user = company::touch_user(&db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(&db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let company_id = admin.company_id;
    let first = entries(&db, company_id).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].0, Change::CompanyCreated.as_str());
    let mut log = Log { db: &db, company_id, seen: BTreeSet::from([Change::CompanyCreated.as_str()]) };
    let a = admin.actor();
    let markaz = admin.branch_id.unwrap();

    let (branch, _) = log.one(Change::BranchAdded, Entity::Branch, company::add_branch(&db, &a, "Chilonzor")).await;
    let chilonzor = branch.unwrap().id;
    let (invite, _) = log
        .one(Change::InviteCreated, Entity::Invite, company::create_invite(&db, &a, Role::Cashier, Some(markaz), 3600))
        .await;
    let kamol = company::touch_user(&db, 2, "Kamol", Some("uz")).await.unwrap();
    let (joined, changes) = log
        .one(Change::InviteAccepted, Entity::Invite, company::accept_invite(&db, &invite.unwrap().token, kamol.id))
        .await;
    assert!(!changes.to_string().contains("token"), "the token is a credential: {changes}");
    let cashier = joined.unwrap().0;
    let (_, changes) =
        log.one(Change::RoleChanged, Entity::User, company::set_role(&db, &a, cashier.user_id, Role::Manager)).await;
    assert_eq!(changes, json!({"role": ["cashier", "manager"]}));
    let (_, changes) =
        log.one(Change::BranchChanged, Entity::User, company::set_branch(&db, &a, cashier.user_id, chilonzor)).await;
    assert_eq!(changes, json!({"branch_id": [markaz, chilonzor]}));
    log.one(Change::UserBlocked, Entity::User, company::set_blocked(&db, &a, cashier.user_id, true)).await.0.unwrap();
    log.one(Change::UserUnblocked, Entity::User, company::set_blocked(&db, &a, cashier.user_id, false))
        .await
        .0
        .unwrap();
    log.one(Change::RoleChanged, Entity::User, company::set_role(&db, &a, cashier.user_id, Role::Cashier))
        .await
        .0
        .unwrap();
    let cashier = company::set_branch(&db, &a, cashier.user_id, markaz).await.unwrap();
    let c = cashier.actor();

    let (cola, _) = log
        .one(Change::ProductCreated, Entity::Product, catalog::save_product(&db, &a, &product("COLA", 12_000, 5)))
        .await;
    let cola = cola.unwrap().id;
    let (_, changes) = log
        .one(Change::ProductEdited, Entity::Product, catalog::save_product(&db, &a, &product("COLA", 13_000, 5)))
        .await;
    assert_eq!(changes, json!({"sale_price": [1_200_000, 1_300_000], "purchase_price": [600_000, 650_000]}));
    log.none("saving a product unchanged", catalog::save_product(&db, &a, &product("COLA", 13_000, 5))).await.unwrap();

    let (supplier, _) = log
        .one(
            Change::PartnerAdded,
            Entity::Supplier,
            partners::add(&db, &a, PartnerKind::Supplier, "Nestle", None, None),
        )
        .await;
    let supplier = supplier.unwrap().id;
    let line = PurchaseLine { product_id: cola, qty: Qty::units(30), unit_cost: Money::from_som(6_500) };
    log.one(
        Change::PurchaseRecorded,
        Entity::Purchase,
        purchases::record_purchase(&db, &a, markaz, Some(supplier), std::slice::from_ref(&line)),
    )
    .await
    .0
    .unwrap();

    log.one(Change::ShiftOpened, Entity::Shift, cash::open_shift(&db, &c, Money::from_som(0))).await.0.unwrap();
    let (sale, _) = log
        .one(
            Change::SaleRecorded,
            Entity::Sale,
            sales::record_sale(&db, &c, &sale_of(markaz, &cashier, cola, Some("k1"))),
        )
        .await;
    let sale = sale.unwrap().sale.id;
    log.none("a replayed sale", sales::record_sale(&db, &c, &sale_of(markaz, &cashier, cola, Some("k1"))))
        .await
        .unwrap();
    log.none("a refused sale", sales::record_sale(&db, &c, &sale_of(chilonzor, &cashier, cola, None)))
        .await
        .unwrap_err();
    log.one(Change::SaleReturned, Entity::Sale, sales::record_return(&db, &c, sale, None)).await.0.unwrap();
    log.one(Change::CashMoved, Entity::CashMove, cash::move_cash(&db, &c, Money::from_som(1_000), Direction::In))
        .await
        .0
        .unwrap();
    log.one(Change::ShiftClosed, Entity::Shift, cash::close_shift(&db, &c, Money::from_som(500))).await.0.unwrap();

    log.one(
        Change::StockCounted,
        Entity::Count,
        stock::post_count(&db, &a, markaz, &[(cola, Qty::units(25))], "month"),
    )
    .await
    .0
    .unwrap();
    log.one(
        Change::StockTransferred,
        Entity::Transfer,
        stock::transfer(&db, &a, markaz, chilonzor, &[(cola, Qty::units(3))]),
    )
    .await
    .0
    .unwrap();

    let category = expenses::categories(&db, company_id).await.unwrap()[0].id;
    let new = NewExpense {
        amount: Money::from_som(50_000),
        category_id: category,
        description: "Taxi".into(),
        photo_file_id: None,
        paid_from: PaidFrom::Bank,
    };
    let mut filed = Vec::new();
    for _ in 0..3 {
        let (f, _) = log.one(Change::ExpenseFiled, Entity::Expense, expenses::submit(&db, &c, &new)).await;
        filed.push(f.unwrap().expense.id);
    }
    log.one(Change::ExpenseApproved, Entity::Expense, expenses::approve(&db, &a, filed[0])).await.0.unwrap();
    log.none("a second approval", expenses::approve(&db, &a, filed[0])).await.unwrap_err();
    log.one(Change::ExpenseRejected, Entity::Expense, expenses::reject(&db, &a, filed[1], "no receipt"))
        .await
        .0
        .unwrap();
    log.one(Change::ExpenseWithdrawn, Entity::Expense, expenses::withdraw(&db, &c, filed[2])).await.0.unwrap();
    log.one(Change::CategoryAdded, Entity::ExpenseCategory, expenses::add_category(&db, &a, "Security", "9420"))
        .await
        .0
        .unwrap();
    log.one(Change::AccountAdded, Entity::Account, ledger::add_sub_account(&db, &a, "5010", "5011", "Kassa 2"))
        .await
        .0
        .unwrap();
    log.one(
        Change::SupplierPaid,
        Entity::Supplier,
        cash::pay_supplier(&db, &a, markaz, supplier, Money::from_som(10_000), false),
    )
    .await
    .0
    .unwrap();
    // A customer: added, given a credit limit, sold to on credit, paid, reminded.
    let ali = CustomerInput { name: "Ali".into(), ..Default::default() };
    let (added, _) = log.one(Change::PartnerAdded, Entity::Customer, customers::add(&db, &a, &ali)).await;
    let ali_id = added.unwrap().id;
    let limited = CustomerInput { credit_limit: Some(Money::from_som(500_000)), tin: Some("302345678".into()), ..ali };
    let (_, changes) =
        log.one(Change::CustomerEdited, Entity::Customer, customers::update(&db, &a, ali_id, &limited)).await;
    assert_eq!(changes, json!({"credit_limit": [null, 50_000_000], "tin": [null, "302345678"]}));
    let on_credit =
        SaleInput { customer_id: Some(ali_id), payment: Payment::Debt, ..sale_of(markaz, &cashier, cola, None) };
    let on_credit =
        log.one(Change::SaleRecorded, Entity::Sale, sales::record_sale(&db, &c, &on_credit)).await.0.unwrap();
    let sale_id = on_credit.sale.id;
    log.one(Change::InvoiceIssued, Entity::Invoice, invoices::issue(&db, &c, sale_id)).await.0.unwrap();
    log.none("the same invoice again", invoices::issue(&db, &c, sale_id)).await.unwrap();
    let payment = PaymentInput { amount: Money::from_som(1_000), ..Default::default() };
    let (paid, changes) =
        log.one(Change::CustomerPaid, Entity::Customer, customers::record_payment(&db, &c, ali_id, &payment)).await;
    paid.unwrap();
    assert_eq!(changes["amount"], json!([null, 100_000]));
    log.one(Change::CustomerReminded, Entity::Customer, customers::remind(&db, &c, ali_id)).await.0.unwrap();
    // Paid online through Payme (the system acting for Payme), then refunded by Payme's cancel.
    {
        use base64::Engine as _;
        use savdo::domain::payments::{self, payme, Providers};
        let order = payments::request(&db, &c, ali_id, Some(Money::from_som(1_000)), None).await.unwrap();
        let settings = payme::Settings { merchant_id: "m".into(), key: "k".into(), checkout_url: "https://x".into() };
        let providers = Providers { payme: Some(settings), click: None };
        let auth = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("Paycom:k"));
        let call = |method: &str, params: serde_json::Value| {
            json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string()
        };
        let at = chrono::Utc::now().timestamp_millis();
        let params = json!({ "id": "a-1", "time": at, "amount": 100_000, "account": { "order_id": order.id } });
        let create = call("CreateTransaction", params);
        log.none("a created Payme transaction", payme::handle(&db, &providers, Some(&auth), create.as_bytes(), at))
            .await;
        let perform = call("PerformTransaction", json!({ "id": "a-1" }));
        let (paid, changes) = log
            .one(
                Change::CustomerPaid,
                Entity::Customer,
                payme::handle(&db, &providers, Some(&auth), perform.as_bytes(), at),
            )
            .await;
        assert_eq!(paid.unwrap().0["result"]["state"], 2);
        assert_eq!(changes["payment"], json!([null, "payme"]));
        let cancel = call("CancelTransaction", json!({ "id": "a-1", "reason": 5 }));
        let refund = payme::handle(&db, &providers, Some(&auth), cancel.as_bytes(), at);
        log.one(Change::PaymentRefunded, Entity::Customer, refund).await;
    }

    // A purchase order: drafted without a supplier, the supplier named, sent, received in part
    // (then the supplier stays), the rest cancelled.
    let line = orders::LineInput { product_id: cola, qty: Qty::units(10), unit_cost: None };
    let (order, _) =
        log.one(Change::OrderCreated, Entity::PurchaseOrder, orders::create(&db, &a, markaz, None, &[line])).await;
    let order = order.unwrap().id;
    let (named, changes) =
        log.one(Change::OrderSupplierSet, Entity::PurchaseOrder, orders::set_supplier(&db, &a, order, supplier)).await;
    assert_eq!(named.unwrap().supplier_id, Some(supplier));
    assert_eq!(changes["supplier_id"], json!([null, supplier]));
    log.one(Change::OrderSent, Entity::PurchaseOrder, orders::send(&db, &a, order)).await.0.unwrap();
    log.ending(
        2,
        Change::OrderReceived,
        Entity::PurchaseOrder,
        orders::receive(&db, &a, order, Some(&[(cola, Qty::units(4))])),
    )
    .await
    .unwrap();
    log.none("a supplier changed after goods came", orders::set_supplier(&db, &a, order, supplier)).await.unwrap_err();
    log.one(Change::OrderCancelled, Entity::PurchaseOrder, orders::cancel(&db, &a, order)).await.0.unwrap();
    log.none("a closed order received", orders::receive(&db, &a, order, None)).await.unwrap_err();

    let (_, changes) =
        log.one(Change::SettingChanged, Entity::Company, company::set_digest_time(&db, &a, "08:30")).await;
    assert_eq!(changes, json!({"digest_time": ["09:00", "08:30"]}));
    log.one(Change::SettingChanged, Entity::Company, expenses::set_threshold(&db, &a, Money::from_som(2_000_000)))
        .await
        .0
        .unwrap();
    let (key, changes) = log.one(Change::ApiKeyCreated, Entity::ApiKey, apikeys::create(&db, &a, "office", None)).await;
    let (key, plain) = key.unwrap();
    assert!(!changes.to_string().contains(&plain), "the key itself is never logged");
    log.one(Change::ApiKeyRevoked, Entity::ApiKey, apikeys::revoke(&db, &a, key.id)).await.0.unwrap();

    // Taxes: an employee added and edited, a month's payroll confirmed, a rate set, a report sent.
    {
        use savdo::domain::calendar::Month;
        use savdo::domain::payroll::{self, EmployeeEdit, NewEmployee, PaidFrom};
        use savdo::domain::tax::{self, reports::Report, submit};
        let new = NewEmployee {
            name: "Ali Valiyev".into(),
            pinfl: "31205890123456".into(),
            position: "Kassir".into(),
            branch_id: Some(markaz),
            salary: 400_000_000,
            user_id: None,
        };
        let (employee, _) = log.one(Change::EmployeeAdded, Entity::Employee, payroll::add_employee(&db, &a, new)).await;
        let employee = employee.unwrap().id;
        let edit = payroll::edit_employee(&db, &a, employee, EmployeeEdit::Salary(450_000_000));
        let (_, changes) = log.one(Change::EmployeeEdited, Entity::Employee, edit).await;
        assert_eq!(changes, json!({"salary": [400_000_000, 450_000_000]}));
        let today = a.calendar(&db).await.unwrap().today();
        let month = Month::of(today);
        let confirm = payroll::confirm(&db, &a, month, PaidFrom::Bank, None);
        log.one(Change::PayrollConfirmed, Entity::PayrollRun, confirm).await.0.unwrap();
        log.none("a second confirmation", payroll::confirm(&db, &a, month, PaidFrom::Bank, None)).await.unwrap_err();
        let tomorrow = today.succ_opt().unwrap();
        let rate = tax::set_rate(&db, &a, tax::TaxKind::Profit, 1600, tomorrow);
        log.one(Change::TaxRateSet, Entity::TaxRate, rate).await.0.unwrap();
        let cabinet = savdo::config::TaxCabinet {
            endpoint: savdo::config::Endpoint::Dev,
            api_key: None,
            timeout: std::time::Duration::from_secs(5),
        }
        .connect()
        .await
        .unwrap();
        let sent = submit::send_one(&db, &a, cabinet.cabinet.as_ref(), cabinet.retry, Report::Payroll, month);
        let (sent, changes) = log.one(Change::TaxReportSent, Entity::TaxSubmission, sent).await;
        assert_eq!(sent.unwrap().status, submit::Status::Accepted);
        assert_eq!(changes["status"], json!([null, "accepted"]));
    }

    // The service: a tariff, four unpaid days (read-only after the grace period), top-ups,
    // blocking, and a user moved to another company.
    {
        use savdo::domain::platform::{self, Operators};
        let operator_user = company::touch_user(&db, 9000, "Operator", Some("uz")).await.unwrap();
        let op = Operators::new(vec![9000]).recognise(9000, operator_user.id).unwrap();
        let tariff = platform::set_tariff(&db, &op, company_id, "month", Money::from_som(300_000));
        log.one(Change::TariffSet, Entity::Company, tariff).await.0.unwrap();
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        for d in 1..=3 {
            log.one(Change::BalanceDebited, Entity::Company, platform::charge_day(&db, company_id, day(d)))
                .await
                .0
                .unwrap();
        }
        log.ending(2, Change::CompanyRestricted, Entity::Company, platform::charge_day(&db, company_id, day(4)))
            .await
            .unwrap();
        let back = platform::top_up(&db, &op, company_id, Money::from_som(100_000));
        log.ending(2, Change::CompanyUnblocked, Entity::Company, back).await.unwrap();
        let more = platform::top_up(&db, &op, company_id, Money::from_som(1_000));
        log.one(Change::BalanceToppedUp, Entity::Company, more).await.0.unwrap();
        let free = platform::set_tariff(&db, &op, company_id, "month", Money(0));
        log.one(Change::TariffSet, Entity::Company, free).await.0.unwrap();
        let block = platform::set_blocked(&db, &op, company_id, true);
        log.one(Change::CompanyBlocked, Entity::Company, block).await.0.unwrap();
        let unblock = platform::set_blocked(&db, &op, company_id, false);
        log.one(Change::CompanyUnblocked, Entity::Company, unblock).await.0.unwrap();
        let (beta, _, _) = common::fixtures::company_with_cola(&db, 77, "Beta").await;
        let leaver = common::fixtures::member_with_role(&db, &admin, 78, Role::Employee, None).await;
        let _ = leaver;
        let moved = platform::transfer_user(&db, &op, 78, beta.company_id, Role::Employee, None);
        // One entry here (the company left); Beta has its own.
        log.one(Change::UserTransferred, Entity::User, moved).await.0.unwrap();
        let removed = common::fixtures::member_with_role(&db, &admin, 79, Role::Employee, None).await;
        let remove = company::remove_member(&db, &a, removed.user_id);
        log.one(Change::MemberRemoved, Entity::User, remove).await.0.unwrap();
    }

    // The catalogue API's entities: API users, cards, clients, projects, pictures.
    {
        use savdo::domain::{apiusers, cards, clients, images, projects};
        let add = apiusers::add(&db, &a, "alfa-api", "a long enough password", Role::Admin, None);
        log.one(Change::ApiUserCreated, Entity::ApiUser, add).await.0.unwrap();
        log.one(Change::ApiUserRevoked, Entity::ApiUser, apiusers::revoke(&db, &a, "alfa-api")).await.0.unwrap();
        let card = cards::CardInput { code_1c: Some("00-9".into()), name: Some("Non".into()), ..Default::default() };
        log.one(Change::ProductCreated, Entity::Product, cards::save(&db, &a, None, &card)).await.0.unwrap();
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_pixel(40, 30, image::Rgb([10, 200, 10]))
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let picture = images::add(&db, &a, images::Owner::Nomenklatura, "00-9", png.into_inner(), true);
        let (picture, _) = log.one(Change::ImageAdded, Entity::Image, picture).await;
        let remove = images::remove(&db, &a, picture.unwrap().id);
        log.one(Change::ImageRemoved, Entity::Image, remove).await.0.unwrap();
        // A description by the model (the development stand-in) for the card that has none.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        tokio::spawn(savdo::dev_model::serve(listener));
        let model = savdo::domain::assistant::Model::new(&url, None, "dev", std::time::Duration::from_secs(10));
        let describe = savdo::domain::descriptions::describe(&db, &a, &model, savdo::i18n::Lang::Uz, 1, false);
        log.one(Change::ProductDescribed, Entity::Product, describe).await.0.unwrap();
        log.one(Change::ProductDeleted, Entity::Product, cards::delete(&db, &a, "00-9")).await.0.unwrap();
        let client =
            clients::ClientInput { code_1c: Some("K-9".into()), name: Some("Anvar".into()), ..Default::default() };
        log.one(Change::PartnerAdded, Entity::Customer, clients::save(&db, &a, None, &client)).await.0.unwrap();
        let project =
            projects::ProjectInput { code_1c: Some("P-9".into()), name: Some("Do'kon".into()), ..Default::default() };
        log.one(Change::ProjectCreated, Entity::Project, projects::save(&db, &a, None, &project)).await.0.unwrap();
        let renamed = projects::ProjectInput { name: Some("Do'kon 2".into()), ..Default::default() };
        log.one(Change::ProjectEdited, Entity::Project, projects::save(&db, &a, Some("P-9"), &renamed))
            .await
            .0
            .unwrap();
        log.one(Change::ProjectDeleted, Entity::Project, projects::delete(&db, &a, "P-9")).await.0.unwrap();
        log.one(Change::CustomerDeleted, Entity::Customer, clients::delete(&db, &a, "K-9")).await.0.unwrap();
    }

    // Someone without the right changes nothing and writes nothing.
    log.none("a refused role change", company::set_role(&db, &c, admin.user_id, Role::Cashier)).await.unwrap_err();

    // An import writes one entry per receipt, as the person who imported it.
    let table = vec![
        vec!["date", "branch", "receipt", "product_code", "qty", "payment"],
        vec!["2026-11-20 10:00", "Markaz", "R-1", "COLA", "1", "cash"],
        vec!["2026-11-20 11:00", "Markaz", "R-2", "COLA", "1", "card"],
    ]
    .into_iter()
    .map(|row| row.into_iter().map(str::to_string).collect())
    .collect();
    let before = entries(&db, company_id).await.len();
    import::import_sales(&db, &a, table).await.unwrap();
    let after = entries(&db, company_id).await;
    assert_eq!(after.len(), before + 2);
    assert!(after[before..].iter().all(|e| e.0 == Change::SaleRecorded.as_str()));

    let missing: Vec<&str> = Change::ALL.iter().map(|c| c.as_str()).filter(|c| !log.seen.contains(c)).collect();
    assert!(missing.is_empty(), "kinds of change this test does not make: {missing:?}");

    // Who: the people by user id, the payment system by name; nothing in the log is ever
    // edited or deleted.
    let by_user: Vec<Option<i64>> = sqlx::query_scalar(
        "SELECT actor_user_id FROM audit_log WHERE company_id = $1 AND actor_kind NOT IN ('job', 'operator')",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let jobs: Vec<String> =
        sqlx::query_scalar("SELECT actor_job FROM audit_log WHERE company_id = $1 AND actor_kind = 'job'")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(jobs.iter().filter(|j| *j == "payme").count(), 2);
    assert!(jobs.iter().all(|j| j == "payme" || j == "billing"), "{jobs:?}");
    // The admin, the cashier, and the employee who joined before being moved to Beta.
    let leaver = company::user_by_telegram_id(&db, 78).await.unwrap().unwrap().id;
    let removed = company::user_by_telegram_id(&db, 79).await.unwrap().unwrap().id;
    assert!(
        by_user.iter().all(|u| [Some(admin.user_id), Some(cashier.user_id), Some(leaver), Some(removed)].contains(u)),
        "{by_user:?}"
    );
    assert!(
        sqlx::query("UPDATE audit_log SET action = 'x'").execute(&db.pool).await.is_err(),
        "entries are not edited"
    );
    assert!(sqlx::query("DELETE FROM audit_log").execute(&db.pool).await.is_err(), "entries are not deleted");
}
db_test!(each_kind_of_change, super::each_kind_of_change_writes_one_entry);

/// `GET /api/v1/audit`: an admin's key reads a product's trail with before and after; a
/// cashier's key is refused; a bad entity is a 400; days are the company's.
async fn audit_over_http(db: Db) {
    let user = company::touch_user(&db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(&db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let a = admin.actor();
    let cola = catalog::save_product(&db, &a, &product("COLA", 12_000, 0)).await.unwrap().id;
    catalog::save_product(&db, &a, &product("COLA", 12_500, 0)).await.unwrap();
    catalog::save_product(&db, &a, &product("PEPSI", 9_000, 0)).await.unwrap();
    let kamol = company::touch_user(&db, 2, "Kamol", Some("uz")).await.unwrap();
    let invite = company::create_invite(&db, &a, Role::Cashier, admin.branch_id, 3600).await.unwrap();
    let cashier = company::accept_invite(&db, &invite.token, kamol.id).await.unwrap().0;
    let (_, admin_key) = apikeys::create(&db, &a, "office", None).await.unwrap();
    let (_, cashier_key) = apikeys::create(&db, &a, "till", Some(cashier.user_id)).await.unwrap();

    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/audit", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let get = |query: String, key: &str| http.get(format!("{base}{query}")).header("X-API-Key", key).send();

    let trail: Value = get(format!("?entity=product&id={cola}"), &admin_key).await.unwrap().json().await.unwrap();
    let trail = trail["entries"].as_array().unwrap().clone();
    assert_eq!(trail.len(), 2, "{trail:?}");
    assert_eq!(trail[0]["action"], "product.edited");
    assert_eq!(trail[0]["changes"]["sale_price"], json!([1_200_000, 1_250_000]));
    assert_eq!(trail[0]["actor_kind"], "user");
    assert_eq!(trail[0]["actor_name"], "Aziz");
    assert_eq!(trail[1]["action"], "product.created");

    let all: Value = get(String::new(), &admin_key).await.unwrap().json().await.unwrap();
    let actions: Vec<&str> = all["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions[..2], ["api_key.created", "api_key.created"], "newest first: {actions:?}");
    assert!(actions.contains(&"invite.accepted") && actions.contains(&"company.created"), "{actions:?}");

    let today = CompanyTz::parse("Asia/Tashkent").today();
    let r = get(format!("?from={today}&to={today}"), &admin_key).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["entries"].as_array().unwrap().len(), actions.len());
    let yesterday = today.pred_opt().unwrap();
    let r = get(format!("?from={yesterday}&to={yesterday}"), &admin_key).await.unwrap();
    assert!(r.json::<Value>().await.unwrap()["entries"].as_array().unwrap().is_empty());

    let r = get(String::new(), &cashier_key).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "refuse-role");
    let r = get("?entity=spaceship".into(), &admin_key).await.unwrap();
    assert_eq!(r.status(), 400);
    let r = get(String::new(), "sv_wrong").await.unwrap();
    assert_eq!(r.status(), 401);

    // The API key's own changes are signed by the key.
    let sale =
        json!({ "branch_id": admin.branch_id, "payment": "cash", "lines": [{ "product_code": "PEPSI", "qty": 1 }] });
    let stock_in = PurchaseLine {
        product_id: catalog::product_by_code(&db, admin.company_id, "PEPSI").await.unwrap().unwrap().id,
        qty: Qty::units(5),
        unit_cost: Money::from_som(4_000),
    };
    purchases::record_purchase(&db, &a, admin.branch_id.unwrap(), None, &[stock_in]).await.unwrap();
    let base_sales = base.replace("/audit", "/sales");
    let r = http.post(&base_sales).header("X-API-Key", &admin_key).json(&sale).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let trail: Value = get("?entity=sale&limit=1".into(), &admin_key).await.unwrap().json().await.unwrap();
    assert_eq!(trail["entries"][0]["actor_kind"], "api_key");
    assert!(trail["entries"][0]["actor_key_id"].is_i64());
    let entries =
        audit::list(&db, &a, &audit::Filter { entity: Some(Entity::Sale), ..Default::default() }).await.unwrap();
    assert_eq!(entries.len(), 1);
    running.stop().await;
}
db_test!(audit_http, super::audit_over_http);
