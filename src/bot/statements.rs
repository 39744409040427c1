//! `/report pnl 2026-02`, `/report balance`, `/report cash week`, `/report trial`: a short
//! summary in chat (a progress message edited when ready) and the full report as XLSX and PDF.

use chrono::{Days, Months, NaiveDate};
use teloxide::types::ChatAction;

use super::commands::Access;
use super::{require, Ctx};
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::reports::statements::{self, Kind};
use crate::telegram::OutFile;

/// `2026-02` is that month; otherwise the plain words of `/sales`; the core's default (this
/// month) when nothing is said.
pub fn period_of(args: &str, today: NaiveDate) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let args = args.trim();
    if args.is_empty() {
        return Some((None, None));
    }
    if let Ok(first) = NaiveDate::parse_from_str(&format!("{args}-01"), "%Y-%m-%d") {
        let last = first + Months::new(1) - Days::new(1);
        return Some((Some(first), Some(last.min(today.max(first)))));
    }
    crate::domain::assistant::period_in(args).map(|p| p.dates(today)).map(|(from, to)| (Some(from), Some(to)))
}

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewReports))?.clone();
    let lang = ctx.lang();
    let (kind_text, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    let Some(kind) = Kind::parse(kind_text) else {
        ctx.say(ctx.t("report-usage")).await?;
        return Ok(());
    };
    let Some((from, to)) = period_of(rest, member.time_zone.today()) else {
        ctx.say(ctx.t("report-usage")).await?;
        return Ok(());
    };
    let (from, to) = crate::domain::statements::period_for(&ctx.app.db, &member.actor(), kind, from, to).await?;
    let progress = ctx.say(ctx.t("report-progress")).await?;
    ctx.bot.show_action(ctx.chat, ChatAction::UploadDocument).await.map_err(anyhow::Error::from)?;
    let (table, summary) =
        statements::build(&ctx.app.db, member.company_id, &member.company_name, kind, from, to, lang).await?;
    ctx.edit(progress.id, summary, None).await?;
    let stem =
        format!("{}-{}", kind.code(), if kind == Kind::Balance { to.to_string() } else { format!("{from}_{to}") });
    let xlsx = crate::reports::xlsx::to_xlsx(std::slice::from_ref(&table))?;
    let pdf = crate::reports::pdf::to_pdf(std::slice::from_ref(&table))?;
    for (name, bytes) in [(format!("{stem}.xlsx"), xlsx), (format!("{stem}.pdf"), pdf)] {
        let file = OutFile { name, bytes, caption: None, photo: false };
        ctx.bot.send_file(ctx.chat, file, None).await.map_err(anyhow::Error::from)?;
    }
    Ok(())
}

/// `/account 5011 Kassa 2`: an admin adds a sub-account under its parent (5010 here).
pub async fn add_account(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewReports))?.clone();
    let mut parts = args.splitn(2, char::is_whitespace);
    let (Some(code), Some(name)) = (parts.next(), parts.next()) else {
        ctx.say(ctx.t("account-usage")).await?;
        return Ok(());
    };
    let parent = format!("{}0", &code.get(..3).unwrap_or(""));
    match crate::domain::ledger::add_sub_account(&ctx.app.db, &member.actor(), &parent, code, name).await {
        Ok(()) => {
            ctx.say(crate::tr!(
                ctx.lang(),
                "account-added",
                code = code.to_string(),
                name = name.trim().to_string(),
                parent = parent
            ))
            .await?;
        }
        Err(Error::Refused(_)) => {
            ctx.say(ctx.t("account-usage")).await?;
        }
        Err(e) => return Err(e),
    }
    Ok(())
}
