//! Every role against every command and admin button, through the handler tree: what the
//! permission table forbids is refused with a localised message, and what it allows is not.

mod common;

use savdo::db::Db;
use savdo::domain::company::{self, Tin};
use savdo::domain::roles::{can, Action, Role};
use savdo::telegram_stub::{Harness, TgUser};

const REFUSAL: &str = "uchun ruxsat etilmagan";

/// A company with its admin (Telegram id 1) and one member per role (ids 10..).
async fn company_with_every_role(harness: &Harness) -> Vec<(Role, TgUser)> {
    let db = &harness.app.db;
    let admin_user = company::touch_user(db, 1, "Admin", Some("uz")).await.unwrap();
    let admin = company::create_company(db, admin_user.id, "Baraka", &Tin::parse("301234567").unwrap(), "Markaz", "uz")
        .await
        .unwrap();
    let mut people = vec![(Role::Admin, TgUser::new(1, "Admin", Some("uz")))];
    for (i, role) in Role::ALL.into_iter().enumerate().skip(1) {
        let tg = TgUser::new(10 + i as i64, &format!("User{i}"), Some("uz"));
        let user = company::touch_user(db, tg.id, &tg.first_name, Some("uz")).await.unwrap();
        let invite = company::create_invite(db, &admin.actor(), role, admin.branch_id, 3600).await.unwrap();
        company::accept_invite(db, &invite.token, user.id).await.unwrap();
        people.push((role, tg));
    }
    people
}

/// Every command that needs a right, with the right it needs.
const COMMANDS: &[(&str, Action)] = &[
    ("/find cola", Action::FindProducts),
    ("/product", Action::EditProducts),
    ("/invite", Action::Invite),
    ("/users", Action::ManageUsers),
    ("/branches", Action::ManageBranches),
    ("/digest", Action::ManageBranches),
    ("/sales", Action::ViewSales),
    ("/sell", Action::Sell),
    ("/return 1", Action::Sell),
    ("/stock cola", Action::ViewStock),
    ("/purchase", Action::ManageStock),
    ("/transfer", Action::ManageStock),
    ("/count", Action::ManageStock),
    ("/apikey", Action::ManageApiKeys),
    ("/kassa", Action::Kassa),
    ("/expense", Action::FileExpenses),
    ("/expenses", Action::FileExpenses),
    ("/report pnl", Action::ViewReports),
    ("/account 5011 Kassa 2", Action::ViewReports),
    ("/category 9420 Qo‘riqlash", Action::ViewReports),
    ("/audit", Action::ViewAudit),
    ("/tax", Action::FileTaxes),
    ("/payroll", Action::Payroll),
    ("/employee", Action::Payroll),
    ("/taxrate", Action::ViewReports),
    ("/regos", Action::ManageSettings),
    ("/calls", Action::Customers),
    ("/company", Action::ManageSettings),
    ("/simcards", Action::ViewStock),
    ("/sim 901112233", Action::Sell),
    ("/apiuser", Action::ManageApiKeys),
    ("/agents", Action::ViewAgents),
    ("/sync", Action::EditProducts),
];

async fn each_forbidden_command_is_refused(db: Db) {
    let harness = Harness::new(db).await.unwrap();
    let people = company_with_every_role(&harness).await;
    let mut checked = 0;
    let mut expected = 0;
    for (role, user) in &people {
        for (command, action) in COMMANDS {
            let sent = harness.send(user, command).await.unwrap();
            let text = sent.first().and_then(|s| s.text.clone()).unwrap_or_default();
            if can(*role, *action) {
                assert!(!text.contains(REFUSAL), "{role:?} {command} was refused: {text}");
            } else {
                assert_eq!(sent.len(), 1, "{role:?} {command}");
                let expected = format!("Bu amal sizning rolingiz ({}) uchun ruxsat etilmagan.", role_uz(*role));
                assert_eq!(text, expected, "{role:?} {command}");
                checked += 1;
            }
            if !can(*role, *action) {
                expected += 1;
            }
            harness.send(user, "/cancel").await.unwrap();
        }
    }
    assert_eq!(checked, expected);
    assert!(checked > 40, "most combinations are forbidden to someone: {checked}");
}
db_test!(forbidden_commands, super::each_forbidden_command_is_refused);

fn role_uz(role: Role) -> &'static str {
    match role {
        Role::Admin => "Administrator",
        Role::Manager => "Menejer",
        Role::Cashier => "Kassir",
        Role::Warehouse => "Omborchi",
        Role::Agent => "Agent",
        Role::Employee => "Xodim",
        Role::Accountant => "Buxgalter",
    }
}

/// Old or forged buttons are checked again: a non-admin pressing admin buttons changes nothing.
async fn forged_admin_buttons_are_refused(db: Db) {
    let harness = Harness::new(db).await.unwrap();
    let people = company_with_every_role(&harness).await;
    let admin = &people[0].1;
    // A real message with buttons to press on, for each user.
    for (role, user) in people.iter().skip(1) {
        let shown = harness.send(user, "/lang").await.unwrap();
        let message = &shown[0];
        for data in ["ur:1:employee", "ubl:1:1", "ub:1:1", "ba", "ul", "u:1"] {
            let sent = harness.press(user, message, data).await.unwrap();
            let toast = sent.iter().find(|s| s.method == "answerCallbackQuery").and_then(|s| s.text.clone());
            assert!(toast.as_deref().is_some_and(|t| t.contains(REFUSAL)), "{role:?} pressed {data}: {toast:?}");
            assert!(sent.iter().all(|s| !s.method.starts_with("edit")), "{role:?} {data} edited something");
        }
        if !can(*role, Action::Invite) {
            let sent = harness.press(user, message, "inv:admin").await.unwrap();
            assert!(sent.iter().any(|s| s.text.as_deref().is_some_and(|t| t.contains(REFUSAL))));
        }
    }
    // The admin is still an active admin.
    let sent = harness.send(admin, "/users").await.unwrap();
    assert!(sent[0].buttons.iter().flatten().any(|b| b.text == "Admin — Administrator · Markaz"));
    // A manager may not invite an admin even with a forged button.
    let manager = &people[1].1;
    let shown = harness.send(manager, "/invite").await.unwrap();
    let sent = harness.press(manager, &shown[0], "inv:admin").await.unwrap();
    assert!(sent.iter().any(|s| s.text.as_deref().is_some_and(|t| t.contains(REFUSAL))), "{sent:?}");
}
db_test!(forged_buttons, super::forged_admin_buttons_are_refused);

/// The last admin cannot be demoted or blocked; an admin cannot change themselves.
async fn the_company_keeps_an_admin(db: Db) {
    let harness = Harness::new(db).await.unwrap();
    let people = company_with_every_role(&harness).await;
    let admin_tg = &people[0].1;
    let db = &harness.app.db;
    let admin_user = company::user_by_telegram_id(db, admin_tg.id).await.unwrap().unwrap();
    let admin = company::current_member(db, &admin_user).await.unwrap().unwrap();
    let err = company::set_role(db, &admin.actor(), admin.user_id, Role::Cashier).await.unwrap_err();
    assert!(matches!(err, savdo::domain::Error::Refused(savdo::domain::Refusal::NotAllowed)));
    // Promote the manager, then let the manager (now admin) try to demote the founder: allowed,
    // since two admins exist; but then the founder cannot demote the last one.
    let manager_user = company::user_by_telegram_id(db, people[1].1.id).await.unwrap().unwrap();
    company::set_role(db, &admin.actor(), manager_user.id, Role::Admin).await.unwrap();
    let second = company::current_member(db, &manager_user).await.unwrap().unwrap();
    company::set_role(db, &second.actor(), admin.user_id, Role::Manager).await.unwrap();
    let founder = company::current_member(db, &admin_user).await.unwrap().unwrap();
    assert!(
        company::set_role(db, &founder.actor(), second.user_id, Role::Cashier).await.is_err(),
        "a manager is not admin"
    );
    let err = company::set_blocked(db, &second.actor(), second.user_id, true).await.unwrap_err();
    assert!(matches!(err, savdo::domain::Error::Refused(_)));
}
db_test!(keeps_an_admin, super::the_company_keeps_an_admin);
