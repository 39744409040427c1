//! Messages the bot sends on its own: low-stock alerts to a branch's warehouse staff and
//! managers (admins when the branch has neither), each in the recipient's language.

use teloxide::types::ChatId;

use super::callback::Cb;
use super::{keyboard, language_of_telegram_user, Bot};
use crate::app::AppRef;
use crate::domain::catalog;
use crate::domain::company::{self, Member};
use crate::domain::roles::Role;
use crate::domain::stock::LowStock;
use crate::i18n::t;
use crate::tr;

/// Who hears about a branch's stock.
pub async fn stock_keepers(app: &AppRef, company_id: i64, branch_id: i64) -> Vec<Member> {
    let staff = company::members_to_notify(&app.db, company_id, &[Role::Warehouse, Role::Manager], Some(branch_id))
        .await
        .unwrap_or_default();
    let staff: Vec<Member> = staff.into_iter().filter(|m| m.role != Role::Admin).collect();
    if !staff.is_empty() {
        return staff;
    }
    company::members_to_notify(&app.db, company_id, &[Role::Admin], None).await.unwrap_or_default()
}

/// One alert per crossing. Failures are logged: a sale never fails because a message did.
pub async fn low_stock(app: &AppRef, bot: &Bot, alerts: &[LowStock]) {
    for alert in alerts {
        if let Err(e) = send_low_stock(app, bot, alert).await {
            tracing::warn!(error = %e, product = alert.product_id, "low-stock alert not sent");
        }
    }
}

async fn send_low_stock(app: &AppRef, bot: &Bot, alert: &LowStock) -> anyhow::Result<()> {
    let product = catalog::product(&app.db, alert.company_id, alert.product_id).await?;
    let branch = company::branch(&app.db, alert.company_id, alert.branch_id).await?;
    for member in stock_keepers(app, alert.company_id, alert.branch_id).await {
        let lang = language_of_telegram_user(app, member.telegram_id).await;
        let unit = t(lang, &format!("unit-{}", product.unit));
        let text = tr!(
            lang,
            "alert-low-stock",
            product = product.name.clone(),
            branch = branch.name.clone(),
            qty = format!("{} {unit}", alert.qty.format(lang)),
            min = format!("{} {unit}", alert.min_qty.format(lang))
        );
        let kb = keyboard(vec![vec![
            (t(lang, "btn-purchase-draft"), Cb::AlertDraft(alert.branch_id, alert.product_id)),
            (t(lang, "btn-snooze-day"), Cb::AlertSnooze(alert.branch_id, alert.product_id)),
        ]]);
        bot.send_text(ChatId(member.telegram_id), text, Some(kb)).await?;
    }
    Ok(())
}
