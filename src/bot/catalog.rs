//! `/product`: add or edit a product step by step; `/find`: prices and stock per branch.
//!
//! ```text
//! user: /product            bot: "code?"        (an existing code edits that product;
//! user: A-100               bot: "name?"         "-" keeps the current value)
//! ... unit (buttons), sale price, purchase price, barcode ("-" skips), minimum
//! bot: summary [Save] [Cancel]
//! ```

use teloxide::types::MessageId;

use super::commands::Access;
use super::state::{ProductStep, State};
use super::{keyboard, require, Ctx};
use crate::domain::catalog::{self, Product, ProductInput, UNITS};
use crate::domain::money::{format_rate_bp, Money, Qty};
use crate::domain::roles::Action;
use crate::domain::{clean_name, stock, Error, Refusal};
use crate::i18n::{t, Lang};
use crate::telegram::Cb;
use crate::tr;

const FIND_LIMIT: i64 = 10;

pub async fn start(ctx: &Ctx, args: &str) -> Result<(), Error> {
    require(ctx, Access::Role(Action::EditProducts))?;
    if args.is_empty() {
        ctx.say(ctx.t("product-ask-code")).await?;
        ctx.set_state(State::ProductCode).await?;
        Ok(())
    } else {
        take_code(ctx, args).await
    }
}

async fn take_code(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::EditProducts))?;
    let Some(code) = catalog::parse_code(text) else {
        ctx.say(ctx.t("err-code")).await?;
        ctx.set_state(State::ProductCode).await?;
        return Ok(());
    };
    let existing = catalog::product_by_code(&ctx.app.db, member.company_id, &code).await?;
    let (draft, editing) = match existing {
        Some(p) => {
            ctx.say(tr!(ctx.lang(), "product-editing", name = p.name.clone())).await?;
            (input_of(&p), true)
        }
        None => (ProductInput { code, unit: "pcs".into(), ..Default::default() }, false),
    };
    ask(ctx, ProductStep::Name, &draft, editing).await
}

fn input_of(p: &Product) -> ProductInput {
    ProductInput {
        code: p.code.clone(),
        barcode: p.barcode.clone(),
        name: p.name.clone(),
        unit: p.unit.clone(),
        purchase_price: p.purchase_price(),
        sale_price: p.sale_price(),
        min_qty: p.min_qty(),
        wholesale_price: p.wholesale_price(),
    }
}

/// Asks the question of `step` (showing the current value when editing) and remembers it.
async fn ask(ctx: &Ctx, step: ProductStep, draft: &ProductInput, editing: bool) -> Result<(), Error> {
    let lang = ctx.lang();
    let current = |value: String| {
        if editing {
            format!("\n{}", tr!(lang, "product-current", value = value))
        } else {
            String::new()
        }
    };
    match step {
        ProductStep::Name => {
            ctx.say(format!("{}{}", t(lang, "product-ask-name"), current(draft.name.clone()))).await?;
        }
        ProductStep::Unit => {
            let buttons: Vec<(String, Cb)> =
                UNITS.iter().map(|u| (unit_label(lang, u), Cb::ProductUnit(u.to_string()))).collect();
            let text = format!("{}{}", t(lang, "product-ask-unit"), current(unit_label(lang, &draft.unit)));
            ctx.say_with(text, keyboard(buttons.chunks(3).map(|c| c.to_vec()).collect())).await?;
        }
        ProductStep::SalePrice => {
            ctx.say(format!("{}{}", t(lang, "product-ask-sale-price"), current(draft.sale_price.format(lang)))).await?;
        }
        ProductStep::PurchasePrice => {
            ctx.say(format!("{}{}", t(lang, "product-ask-purchase-price"), current(draft.purchase_price.format(lang))))
                .await?;
        }
        ProductStep::Barcode => {
            let value = draft.barcode.clone().unwrap_or_else(|| t(lang, "no-value"));
            ctx.say(format!("{}{}", t(lang, "product-ask-barcode"), current(value))).await?;
        }
        ProductStep::MinQty => {
            ctx.say(format!("{}{}", t(lang, "product-ask-min"), current(draft.min_qty.format(lang)))).await?;
        }
        ProductStep::WholesalePrice => {
            let value = draft.wholesale_price.map(|m| m.format(lang)).unwrap_or_else(|| t(lang, "no-value"));
            ctx.say(format!("{}{}", t(lang, "product-ask-wholesale"), current(value))).await?;
        }
        ProductStep::Confirm => {
            let kb = keyboard(vec![
                vec![(t(lang, "btn-save"), Cb::ProductSave), (t(lang, "btn-cancel"), Cb::ProductCancel)],
                vec![(t(lang, "btn-wholesale-price"), Cb::ProductWholesale)],
            ]);
            ctx.say_with(summary(ctx, draft).await?, kb).await?;
        }
    }
    ctx.set_state(State::Product { draft: draft.clone(), editing, step }).await?;
    Ok(())
}

fn unit_label(lang: Lang, unit: &str) -> String {
    t(lang, &format!("unit-{unit}"))
}

async fn summary(ctx: &Ctx, draft: &ProductInput) -> Result<String, Error> {
    let lang = ctx.lang();
    let member = require(ctx, Access::Role(Action::EditProducts))?;
    let vat = crate::domain::tax::product_vat_bp(&ctx.app.db, member.company_id, member.time_zone.today()).await?;
    let summary = tr!(
        lang,
        "product-summary",
        code = draft.code.clone(),
        name = draft.name.clone(),
        unit = unit_label(lang, &draft.unit),
        sale = draft.sale_price.format(lang),
        purchase = draft.purchase_price.format(lang),
        vat = format_rate_bp(vat),
        barcode = draft.barcode.clone().unwrap_or_else(|| t(lang, "no-value")),
        min = format!("{} {}", draft.min_qty.format(lang), unit_label(lang, &draft.unit))
    );
    Ok(match draft.wholesale_price {
        Some(price) => format!("{summary}\n{}", tr!(lang, "product-summary-wholesale", price = price.format(lang))),
        None => summary,
    })
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let (mut draft, editing, step) = match ctx.state().await? {
        State::ProductCode => return take_code(ctx, text).await,
        State::Product { draft, editing, step } => (draft, editing, step),
        _ => return Ok(()),
    };
    // "-" keeps the current value, except where it is the answer (no wholesale price).
    let keep = editing && text.trim() == "-" && step != ProductStep::WholesalePrice;
    let answer = if keep { Ok(()) } else { apply_answer(&mut draft, step, text, ctx.lang()) };
    if let Err(key) = answer {
        ctx.say(ctx.t(key)).await?;
        return Ok(());
    }
    ask(ctx, step.next(), &draft, editing).await
}

/// Puts a typed answer into the draft, or says (as a message key) why it is not accepted.
fn apply_answer(draft: &mut ProductInput, step: ProductStep, text: &str, lang: Lang) -> Result<(), &'static str> {
    let or = |ok: bool, key: &'static str| if ok { Ok(()) } else { Err(key) };
    match step {
        ProductStep::Name => or(clean_name(text, 120).map(|n| draft.name = n).is_ok(), "err-name"),
        ProductStep::Unit => {
            let typed = text.trim().to_lowercase();
            let unit = UNITS.iter().find(|u| **u == typed || unit_label(lang, u).to_lowercase() == typed);
            or(unit.map(|u| draft.unit = u.to_string()).is_some(), "product-ask-unit")
        }
        ProductStep::SalePrice => Money::read(text).map(|m| draft.sale_price = m).map_err(|r| r.message_key()),
        ProductStep::PurchasePrice => Money::read(text).map(|m| draft.purchase_price = m).map_err(|r| r.message_key()),
        ProductStep::Barcode if text.trim() == "-" => {
            draft.barcode = None;
            Ok(())
        }
        ProductStep::Barcode => {
            or(catalog::parse_barcode(text).map(|b| draft.barcode = Some(b)).is_some(), "err-barcode")
        }
        ProductStep::MinQty => Qty::parse(text)
            .ok_or(Refusal::BadQuantity)
            .and_then(Qty::check)
            .map(|q| draft.min_qty = q)
            .map_err(|r| r.message_key()),
        ProductStep::WholesalePrice if text.trim() == "-" => {
            draft.wholesale_price = None;
            Ok(())
        }
        ProductStep::WholesalePrice => {
            Money::read(text).map(|m| draft.wholesale_price = Some(m)).map_err(|r| r.message_key())
        }
        ProductStep::Confirm => Err("product-confirm-hint"),
    }
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::EditProducts))?.clone();
    let State::Product { mut draft, editing, step } = ctx.state().await? else {
        return Ok(Some(ctx.t("err-stale-button")));
    };
    match (cb, step) {
        (Cb::ProductUnit(unit), ProductStep::Unit) if UNITS.contains(&unit.as_str()) => {
            draft.unit = unit;
            ctx.edit(message, format!("{} {}", ctx.t("product-ask-unit"), unit_label(ctx.lang(), &draft.unit)), None)
                .await?;
            ask(ctx, step.next(), &draft, editing).await?;
            Ok(None)
        }
        (Cb::ProductSave, ProductStep::Confirm) => {
            let product = catalog::save_product(&ctx.app.db, &member.actor(), &draft).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let text = tr!(ctx.lang(), "product-saved", code = product.code, name = product.name);
            ctx.edit(message, text, None).await?;
            Ok(None)
        }
        (Cb::ProductWholesale, ProductStep::Confirm) => {
            ask(ctx, ProductStep::WholesalePrice, &draft, editing).await?;
            Ok(None)
        }
        (Cb::ProductCancel, _) => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            ctx.edit(message, ctx.t("cancelled"), None).await?;
            Ok(None)
        }
        _ => Ok(Some(ctx.t("err-stale-button"))),
    }
}

pub async fn find(ctx: &Ctx, query: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::FindProducts))?;
    let lang = ctx.lang();
    if query.is_empty() {
        ctx.say(ctx.t("find-usage")).await?;
        return Ok(());
    }
    let mut found = catalog::search(&ctx.app.db, member.company_id, query, FIND_LIMIT + 1).await?;
    if found.is_empty() {
        ctx.say(tr!(lang, "find-none", query = query.to_string())).await?;
        return Ok(());
    }
    let more = found.len() as i64 > FIND_LIMIT;
    found.truncate(FIND_LIMIT as usize);
    let mut blocks = Vec::with_capacity(found.len());
    for p in &found {
        let unit = unit_label(lang, &p.unit);
        let stock: Vec<String> = stock::by_branch(&ctx.app.db, member.company_id, p.id)
            .await?
            .into_iter()
            .map(|b| format!("{} — {} {unit}", b.branch_name, b.qty.format(lang)))
            .collect();
        blocks.push(tr!(
            lang,
            "find-item",
            name = p.name.clone(),
            code = p.code.clone(),
            price = p.sale_price().format(lang),
            stock = stock.join("; ")
        ));
        if let Some(price) = p.wholesale_price() {
            let last = blocks.len() - 1;
            blocks[last].push_str(&format!("\n{}", tr!(lang, "product-summary-wholesale", price = price.format(lang))));
        }
    }
    let mut text = blocks.join("\n\n");
    if more {
        text.push_str(&format!("\n\n{}", ctx.t("find-more")));
    }
    ctx.say(text).await?;
    Ok(())
}
