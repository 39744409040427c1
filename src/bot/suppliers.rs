//! `/suppliers` (also `/pay`): what is owed to each supplier; a supplier's button shows their
//! latest purchases and payments, and pays them from the till or the bank.

use teloxide::types::MessageId;

use super::customers::statement_text;
use super::state::State;
use super::{keyboard, Ctx};
use chrono::NaiveDate;

use crate::domain::exports::{Kind, Spec};
use crate::domain::money::Money;
use crate::domain::partners;
use crate::domain::roles::Action;
use crate::domain::{cash, Error, Refusal};
use crate::i18n::t;
use crate::reports::exports::FileFormat;
use crate::telegram::Cb;
use crate::tr;

pub async fn command(ctx: &Ctx) -> Result<(), Error> {
    let actor = ctx.actor(Action::PaySuppliers)?;
    let lang = ctx.lang();
    let all = partners::supplier_balances(&ctx.app.db, &actor).await?;
    if all.is_empty() {
        ctx.say(ctx.t("suppliers-none")).await?;
        return Ok(());
    }
    let total = Money(all.iter().map(|s| s.owed.0).sum());
    let mut lines = vec![tr!(lang, "suppliers-header", total = total.format(lang))];
    let unnamed = partners::unnamed_owed(&ctx.app.db, &actor).await?;
    if unnamed.0 != 0 {
        lines.push(tr!(lang, "suppliers-unnamed", amount = unnamed.format(lang)));
    }
    let rows = all
        .iter()
        .take(30)
        .map(|s| vec![(format!("{} — {}", s.supplier.name, s.owed.format(lang)), Cb::SupplierOpen(s.supplier.id))])
        .collect();
    ctx.say_with(lines.join("\n"), keyboard(rows)).await?;
    Ok(())
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let State::SupplierPayment { supplier_id, amount: None } = ctx.state().await? else { return Ok(()) };
    ctx.actor(Action::PaySuppliers)?;
    let Some(amount) = ctx.accept(Money::read(text)).await? else { return Ok(()) };
    let kb = keyboard(vec![vec![
        (ctx.t("btn-from-cash"), Cb::SupplierPayFrom(true)),
        (ctx.t("btn-from-bank"), Cb::SupplierPayFrom(false)),
    ]]);
    ctx.say_with(tr!(ctx.lang(), "supplier-pay-from", amount = amount.format(ctx.lang())), kb).await?;
    ctx.set_state(State::SupplierPayment { supplier_id, amount: Some(amount) }).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let actor = ctx.actor(Action::PaySuppliers)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    match cb {
        Cb::SupplierOpen(id) => {
            let (owed, lines) = partners::supplier_history(db, &actor, id, 20).await?;
            let text = statement_text(lang, &owed.supplier.name, owed.owed, -1, &lines);
            let mut row = vec![(t(lang, "btn-pay-supplier"), Cb::SupplierPay(id))];
            // The whole statement as a spreadsheet, for who may export.
            if ctx.actor(Action::Export).is_ok() {
                row.push((t(lang, "btn-statement-xlsx"), Cb::SupplierStatementFile(id)));
            }
            ctx.edit(message, text, Some(keyboard(vec![row]))).await?;
        }
        Cb::SupplierStatementFile(id) => {
            let spec = Spec { supplier_id: Some(id), from: NaiveDate::from_ymd_opt(2000, 1, 1), ..Default::default() };
            super::exports::run(ctx, Kind::SupplierStatement, spec, FileFormat::Xlsx).await?;
        }
        Cb::SupplierPay(id) => {
            let supplier = partners::supplier(db, &actor, id).await?.supplier;
            ctx.say(tr!(lang, "supplier-pay-amount", name = supplier.name)).await?;
            ctx.set_state(State::SupplierPayment { supplier_id: id, amount: None }).await?;
        }
        Cb::SupplierPayFrom(from_cash) => {
            let State::SupplierPayment { supplier_id, amount: Some(amount) } = ctx.state().await? else {
                return Ok(Some(t(lang, "err-stale-button")));
            };
            let branch = match actor.branch_id {
                Some(b) => b,
                None => crate::domain::company::branches(db, actor.company_id)
                    .await?
                    .first()
                    .map(|b| b.id)
                    .ok_or(Refusal::BranchRequired)?,
            };
            cash::pay_supplier(db, &actor, branch, supplier_id, amount, from_cash).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let owed = partners::supplier(db, &actor, supplier_id).await?;
            let from = t(lang, if from_cash { "btn-from-cash" } else { "btn-from-bank" });
            let text = tr!(
                lang,
                "supplier-paid",
                name = owed.supplier.name.clone(),
                amount = amount.format(lang),
                from = from,
                left = owed.owed.format(lang)
            );
            ctx.edit(message, text, None).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}
