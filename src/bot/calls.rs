//! `/calls [phone or customer]`: the office PBX's calls of the last 30 days grouped by number,
//! with the customer and the missed ones; `/calls setup` (admins) makes the webhook's secret.

use super::Ctx;
use crate::domain::calls;
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::tr;

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let lang = ctx.lang();
    if args.trim().eq_ignore_ascii_case("setup") {
        let actor = ctx.actor(Action::ManageSettings)?;
        let secret = calls::new_secret(&ctx.app.db, &actor).await?;
        ctx.say(tr!(lang, "calls-setup", company = actor.company_id, secret = secret)).await?;
        return Ok(());
    }
    let actor = ctx.actor(Action::Customers)?;
    let tz = actor.calendar(&ctx.app.db).await?;
    let numbers = calls::by_number(&ctx.app.db, &actor, args, 20).await?;
    if numbers.is_empty() {
        ctx.say(ctx.t("calls-none")).await?;
        return Ok(());
    }
    let mut lines = vec![ctx.t("calls-title")];
    for n in numbers {
        lines.push(tr!(
            lang,
            "calls-line",
            phone = n.phone.clone(),
            customer = n.customer.clone().unwrap_or_else(|| "—".into()),
            calls = n.calls,
            missed = n.missed,
            last = tz.format(n.last_at, "%d.%m %H:%M")
        ));
    }
    ctx.say(lines.join("\n")).await?;
    Ok(())
}
