//! `/invoice <receipt no>` (and the button under a receipt to a customer): the sale's invoice
//! (hisob-faktura) as a PDF, issued with the company's next number the first time.

use teloxide::types::ChatAction;

use super::{keyboard, Ctx};
use crate::domain::invoices;
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::telegram::{Cb, OutFile};

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    ctx.actor(Action::Sell)?;
    let Ok(sale_id) = args.trim().trim_start_matches(['№', '#']).parse::<i64>() else {
        ctx.say(ctx.t("invoice-usage")).await?;
        return Ok(());
    };
    send(ctx, sale_id).await
}

/// Issues (or finds) the sale's invoice and sends it as a PDF.
pub async fn send(ctx: &Ctx, sale_id: i64) -> Result<(), Error> {
    let actor = ctx.actor(Action::Sell)?;
    ctx.bot.show_action(ctx.chat, ChatAction::UploadDocument).await.map_err(anyhow::Error::from)?;
    let invoice = invoices::issue(&ctx.app.db, &actor, sale_id).await?;
    let table = crate::reports::invoices::table(ctx.lang(), &invoice);
    let bytes = crate::reports::pdf::to_pdf(std::slice::from_ref(&table))?;
    let caption =
        Some(crate::tr!(ctx.lang(), "invoice-caption", number = invoice.number, buyer = invoice.buyer.name.clone()));
    let file = OutFile { name: format!("hisob-faktura-{}.pdf", invoice.number), bytes, caption, photo: false };
    // A sale on credit that is still owed can be paid online from the invoice.
    let online = ctx.app.payments.payme.is_some() || ctx.app.payments.click.is_some();
    let payable = match ctx.actor(Action::RequestPayment) {
        Ok(a) if online => crate::domain::payments::owed_on_sale(&ctx.app.db, &a, sale_id).await?.is_some(),
        _ => false,
    };
    let buttons = payable.then(|| keyboard(vec![vec![(ctx.t("btn-pay-link"), Cb::InvoicePayLink(sale_id))]]));
    ctx.bot.send_file(ctx.chat, file, buttons).await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// The payment links for what is owed on a sale.
pub async fn pay_link(ctx: &Ctx, sale_id: i64) -> Result<(), Error> {
    let actor = ctx.actor(Action::RequestPayment)?;
    let order = crate::domain::payments::request_for_sale(&ctx.app.db, &actor, sale_id).await?;
    super::customers::say_pay_links(ctx, &order).await
}
