//! Taxes in chat: `/tax [YYYY-MM]` sends the month's reports (a checklist, then one progress
//! message edited as each report is built and sent, then the summary and the files);
//! `/payroll [YYYY-MM]` shows and confirms the month's payroll; `/employee` keeps the staff
//! list; `/taxrate` shows the rates in force and sets a new one from a date on.
//!
//! ```text
//! user: /tax            bot: Reports for 2026-11  [☑ Sales] [☑ VAT] [☑ Payroll] [☑ Declaration] [📤 Send]
//! user: [📤 Send]       bot: ⏳ … → 📑 Tax reports for 2026-11 … ✅ Sales — accepted (DEV-000001) …  + files
//! ```

use chrono::NaiveDate;
use teloxide::types::{ChatAction, MessageId};

use super::{keyboard, Ctx};
use crate::domain::calendar::Month;
use crate::domain::payroll::{self, EmployeeEdit, NewEmployee, PaidFrom};
use crate::domain::roles::Action;
use crate::domain::tax::reports::{Filing, Report};
use crate::domain::tax::submit::{self, Outcome, Status};
use crate::domain::tax::{self, Regime, TaxKind};
use crate::domain::{Error, Refusal};
use crate::i18n::t;
use crate::reports::tax as render;
use crate::telegram::{Cb, OutFile};
use crate::tr;

/// The month named in `args`, the previous month when none: `None` when it cannot be read.
fn month_of(args: &str, today: NaiveDate) -> Option<Month> {
    Month::named_or_previous(Some(args.trim()).filter(|a| !a.is_empty()), today)
}

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::FileTaxes)?;
    let today = actor.calendar(&ctx.app.db).await?.today();
    let Some(month) = month_of(args, today) else {
        ctx.say(ctx.t("tax-usage")).await?;
        return Ok(());
    };
    let regime = tax::regime(&ctx.app.db, actor.company_id).await?;
    let bits = Report::bits_of(&Report::filed_under(regime));
    ctx.say_with(tr!(ctx.lang(), "tax-choose", period = month.code()), checklist(ctx, month, regime, bits)).await?;
    Ok(())
}

fn checklist(ctx: &Ctx, month: Month, regime: Regime, bits: u8) -> teloxide::types::InlineKeyboardMarkup {
    let lang = ctx.lang();
    let mut rows: Vec<Vec<(String, Cb)>> = Report::filed_under(regime)
        .into_iter()
        .map(|r| {
            let mark = if bits & r.bit() != 0 { "☑" } else { "☐" };
            vec![(format!("{mark} {}", t(lang, r.label_key())), Cb::TaxToggle(month, bits ^ r.bit()))]
        })
        .collect();
    if bits != 0 {
        rows.push(vec![(t(lang, "tax-send"), Cb::TaxSend(month, bits))]);
    }
    keyboard(rows)
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let lang = ctx.lang();
    match cb {
        Cb::TaxToggle(month, bits) => {
            let actor = ctx.actor(Action::FileTaxes)?;
            let regime = tax::regime(&ctx.app.db, actor.company_id).await?;
            ctx.edit(
                message,
                tr!(lang, "tax-choose", period = month.code()),
                Some(checklist(ctx, month, regime, bits)),
            )
            .await?;
        }
        Cb::TaxSend(month, bits) => {
            let actor = ctx.actor(Action::FileTaxes)?;
            let Some(cabinet) = ctx.app.tax_cabinet.clone() else {
                return Ok(Some(ctx.refusal_text(&Refusal::NoTaxCabinet)));
            };
            if !submit::claim_sending(&ctx.app.db, &actor, &format!("{}:{}", ctx.chat.0, message.0)).await? {
                return Ok(Some(t(lang, "tax-already-sent")));
            }
            send(ctx, message, month, &Report::set_of(bits), &cabinet).await?;
        }
        Cb::TaxResend(month, report) => {
            let actor = ctx.actor(Action::FileTaxes)?;
            let Some(cabinet) = ctx.app.tax_cabinet.clone() else {
                return Ok(Some(ctx.refusal_text(&Refusal::NoTaxCabinet)));
            };
            // One resend per attempt it answers, none once accepted: a double tap sends once.
            let last = submit::last_attempt(&ctx.app.db, &actor, month, report).await?;
            if last.as_ref().is_some_and(|(_, status)| status == "accepted") {
                return Ok(Some(t(lang, "tax-already-sent")));
            }
            let token = format!("resend:{month}:{}:{}", report.code(), last.map(|(id, _)| id).unwrap_or(0));
            if !submit::claim_sending(&ctx.app.db, &actor, &token).await? {
                return Ok(Some(t(lang, "tax-already-sent")));
            }
            let progress = ctx.say(tr!(lang, "tax-progress-one", report = t(lang, report.label_key()))).await?;
            send(ctx, progress.id, month, &[report], &cabinet).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

/// Sends `reports`, editing `progress` as each one goes, then the summary and the files.
async fn send(
    ctx: &Ctx,
    progress: MessageId,
    month: Month,
    reports: &[Report],
    cabinet: &crate::domain::tax::cabinet::Configured,
) -> Result<(), Error> {
    let lang = ctx.lang();
    let actor = ctx.actor(Action::FileTaxes)?;
    let db = &ctx.app.db;
    let mut outcomes: Vec<Outcome> = Vec::new();
    for report in reports {
        let mut lines: Vec<String> = outcomes.iter().map(|o| render::outcome_line(lang, o)).collect();
        lines.push(tr!(lang, "tax-progress-one", report = t(lang, report.label_key())));
        ctx.edit(progress, lines.join("\n"), None).await?;
        ctx.bot.show_action(ctx.chat, ChatAction::UploadDocument).await.map_err(anyhow::Error::from)?;
        outcomes.push(submit::send_one(db, &actor, cabinet.cabinet.as_ref(), cabinet.retry, *report, month).await?);
    }
    let summary = submit::summary(db, &actor, cabinet.cabinet.as_ref(), month, outcomes).await?;
    let resend: Vec<Vec<(String, Cb)>> = summary
        .reports
        .iter()
        .filter(|o| matches!(o.status, Status::Rejected | Status::Failed))
        .map(|o| {
            vec![(tr!(lang, "tax-resend", report = t(lang, o.report.label_key())), Cb::TaxResend(month, o.report))]
        })
        .collect();
    let buttons = (!resend.is_empty()).then(|| keyboard(resend));
    ctx.edit(progress, render::summary_text(lang, &summary), buttons).await?;
    let filings: Vec<&Filing> = summary.reports.iter().filter_map(|o| o.filing.as_ref()).collect();
    send_files(ctx, month, &filings).await
}

/// The reports as one XLSX (a sheet each) and one PDF.
async fn send_files(ctx: &Ctx, month: Month, filings: &[&Filing]) -> Result<(), Error> {
    if filings.is_empty() {
        return Ok(());
    }
    let tables: Vec<_> = filings.iter().map(|f| render::table(ctx.lang(), f)).collect();
    let stem = match filings {
        [one] => format!("tax-{month}-{}", one.report.code()),
        _ => format!("tax-{month}"),
    };
    let xlsx = crate::reports::xlsx::to_xlsx(&tables)?;
    let pdf = crate::reports::pdf::to_pdf(&tables)?;
    for (name, bytes) in [(format!("{stem}.xlsx"), xlsx), (format!("{stem}.pdf"), pdf)] {
        let file = OutFile { name, bytes, caption: None, photo: false };
        ctx.bot.send_file(ctx.chat, file, None).await.map_err(anyhow::Error::from)?;
    }
    Ok(())
}

/// `/payroll [YYYY-MM]`: the month's payroll, confirmed or to confirm.
pub async fn payroll(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::Payroll)?;
    let today = actor.calendar(&ctx.app.db).await?.today();
    let Some(month) = month_of(args, today) else {
        ctx.say(ctx.t("payroll-usage")).await?;
        return Ok(());
    };
    if let Some(run) = payroll::confirmed(&ctx.app.db, actor.company_id, month).await? {
        let buttons = keyboard(vec![vec![(ctx.t("payroll-correct"), Cb::PayrollCorrect(month, run.version))]]);
        ctx.say_with(render::payroll_text(ctx.lang(), &run), buttons).await?;
        return Ok(());
    }
    show_draft(ctx, None, month, 0).await
}

/// The month's draft with the buttons that confirm it (as the correction of `corrects`, a
/// confirmed version, unless 0).
async fn show_draft(ctx: &Ctx, message: Option<MessageId>, month: Month, corrects: i64) -> Result<(), Error> {
    let actor = ctx.actor(Action::Payroll)?;
    let run = payroll::draft(&ctx.app.db, &actor, month).await?;
    if run.lines.is_empty() {
        ctx.say(ctx.t("payroll-no-employees")).await?;
        return Ok(());
    }
    let text = render::payroll_text(ctx.lang(), &run);
    let buttons = keyboard(vec![vec![
        (ctx.t("payroll-pay-cash"), Cb::PayrollConfirm(month, true, corrects)),
        (ctx.t("payroll-pay-bank"), Cb::PayrollConfirm(month, false, corrects)),
    ]]);
    match message {
        Some(m) => ctx.edit(m, text, Some(buttons)).await?,
        None => {
            ctx.say_with(text, buttons).await?;
        }
    }
    Ok(())
}

pub async fn on_payroll_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let actor = ctx.actor(Action::Payroll)?;
    match cb {
        Cb::PayrollCorrect(month, version) => show_draft(ctx, Some(message), month, version).await?,
        Cb::PayrollConfirm(month, cash, corrects) => {
            let paid_from = if cash { PaidFrom::Cash } else { PaidFrom::Bank };
            let corrects = (corrects > 0).then_some(corrects);
            match payroll::confirm(&ctx.app.db, &actor, month, paid_from, corrects).await {
                Ok(run) => {
                    let text = format!("{}\n\n{}", render::payroll_text(ctx.lang(), &run), ctx.t("payroll-confirmed"));
                    ctx.edit(message, text, None).await?;
                }
                Err(Error::Refused(r @ (Refusal::PayrollConfirmed | Refusal::NoEmployees | Refusal::FutureMonth))) => {
                    return Ok(Some(ctx.refusal_text(&r)));
                }
                Err(e) => return Err(e),
            }
        }
        _ => return Ok(Some(ctx.t("err-stale-button"))),
    }
    Ok(None)
}

/// `/employee`: the list; `/employee add NAME; PINFL; POSITION; SALARY[; BRANCH]`;
/// `/employee ID name|pinfl|position|salary VALUE`; `/employee ID member NAME` (links the
/// company member of that name); `/employee ID off|on`.
pub async fn employee(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::Payroll)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    let args = args.trim();
    if args.is_empty() {
        let list = payroll::employees(db, &actor).await?;
        let mut lines = vec![ctx.t("employee-list-title")];
        for e in &list {
            let state = if e.active { "" } else { " ⏸" };
            lines.push(tr!(
                lang,
                "employee-line",
                id = e.id,
                name = e.name.clone(),
                position = e.position.clone(),
                salary = crate::domain::money::Money(e.salary).format(lang),
                state = state
            ));
        }
        if list.is_empty() {
            lines.push(ctx.t("employee-none"));
        }
        lines.push(String::new());
        lines.push(ctx.t("employee-usage"));
        ctx.say(lines.join("\n")).await?;
        return Ok(());
    }
    let (head, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    let result = if head.eq_ignore_ascii_case("add") {
        let Some(new) = new_employee(ctx, rest).await? else {
            ctx.say(ctx.t("employee-usage")).await?;
            return Ok(());
        };
        match new {
            Ok(new) => payroll::add_employee(db, &actor, new)
                .await
                .map(|e| tr!(lang, "employee-added", id = e.id, name = e.name)),
            Err(refusal) => Err(Error::Refused(refusal)),
        }
    } else {
        if let Some((id, name)) = member_link(head, rest) {
            let members = crate::domain::company::members(db, actor.company_id).await?;
            let wanted = name.to_lowercase();
            let found: Vec<_> = members.iter().filter(|m| m.name.to_lowercase().contains(&wanted)).collect();
            let result = match found.as_slice() {
                [one] => payroll::edit_employee(db, &actor, id, EmployeeEdit::Member(Some(one.user_id)))
                    .await
                    .map(|e| tr!(lang, "employee-linked", id = e.id, name = e.name, member = one.name.clone())),
                _ => Err(Error::Refused(Refusal::NotFound)),
            };
            match result {
                Ok(text) => ctx.say(text).await?,
                Err(Error::Refused(refusal)) => ctx.say(ctx.refusal_text(&refusal)).await?,
                Err(e) => return Err(e),
            };
            return Ok(());
        }
        let Some((id, edit)) = employee_edit(head, rest) else {
            ctx.say(ctx.t("employee-usage")).await?;
            return Ok(());
        };
        match edit {
            Ok(edit) => payroll::edit_employee(db, &actor, id, edit)
                .await
                .map(|e| tr!(lang, "employee-saved", id = e.id, name = e.name)),
            Err(refusal) => Err(Error::Refused(refusal)),
        }
    };
    match result {
        Ok(text) => ctx.say(text).await?,
        Err(Error::Refused(refusal)) => ctx.say(ctx.refusal_text(&refusal)).await?,
        Err(e) => return Err(e),
    };
    Ok(())
}

/// `NAME; PINFL; POSITION; SALARY[; BRANCH]` (the branch by name); `None` when not that shape.
async fn new_employee(ctx: &Ctx, text: &str) -> Result<Option<Result<NewEmployee, Refusal>>, Error> {
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    if !(4..=5).contains(&parts.len()) {
        return Ok(None);
    }
    let salary = match payroll::salary(parts[3]) {
        Ok(salary) => salary,
        Err(refusal) => return Ok(Some(Err(refusal))),
    };
    let branch_id = match parts.get(4) {
        None => None,
        Some(name) => {
            let company_id = ctx.actor(Action::Payroll)?.company_id;
            let branches = crate::domain::company::branches(&ctx.app.db, company_id).await?;
            match branches.into_iter().find(|b| b.name.eq_ignore_ascii_case(name)) {
                Some(b) => Some(b.id),
                None => return Ok(Some(Err(Refusal::NotFound))),
            }
        }
    };
    Ok(Some(Ok(NewEmployee {
        name: parts[0].to_string(),
        pinfl: parts[1].to_string(),
        position: parts[2].to_string(),
        branch_id,
        salary,
        user_id: None,
    })))
}

/// `ID member NAME`: the employee and the member's name (or part of it).
fn member_link<'a>(id: &str, rest: &'a str) -> Option<(i64, &'a str)> {
    let id: i64 = id.parse().ok()?;
    let (field, name) = rest.trim().split_once(char::is_whitespace)?;
    (field.eq_ignore_ascii_case("member") && !name.trim().is_empty()).then_some((id, name.trim()))
}

fn employee_edit(id: &str, rest: &str) -> Option<(i64, Result<EmployeeEdit, Refusal>)> {
    let id: i64 = id.parse().ok()?;
    let (field, value) = rest.trim().split_once(char::is_whitespace).unwrap_or((rest.trim(), ""));
    let value = value.trim().to_string();
    let edit = match field.to_lowercase().as_str() {
        "off" => Ok(EmployeeEdit::Active(false)),
        "on" => Ok(EmployeeEdit::Active(true)),
        "name" => Ok(EmployeeEdit::Name(value)),
        "pinfl" => payroll::pinfl(&value).map(EmployeeEdit::Pinfl),
        "position" => Ok(EmployeeEdit::Position(value)),
        "salary" => payroll::salary(&value).map(EmployeeEdit::Salary),
        _ => return None,
    };
    Some((id, edit))
}

/// `/taxrate`: the rates in force; `/taxrate KIND PERCENT YYYY-MM-DD`; `/taxrate regime vat|turnover`.
pub async fn taxrate(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::ViewReports)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    let parts: Vec<&str> = args.split_whitespace().collect();
    let result = match parts.as_slice() {
        [] => {
            let today = actor.calendar(db).await?.today();
            let regime = tax::regime(db, actor.company_id).await?;
            let mut lines =
                vec![tr!(lang, "taxrate-title", regime = t(lang, &format!("tax-regime-{}", regime.as_str())))];
            for r in tax::rates(db, &actor, today).await? {
                let name = TaxKind::parse(r.kind).map(|k| t(lang, k.label_key())).unwrap_or_default();
                let next = match r.next {
                    Some((bp, from)) => tr!(
                        lang,
                        "taxrate-next",
                        rate = crate::domain::money::format_rate_bp(bp),
                        from = from.format("%d.%m.%Y").to_string()
                    ),
                    None => String::new(),
                };
                lines.push(tr!(
                    lang,
                    "taxrate-line",
                    name = name,
                    rate = crate::domain::money::format_rate_bp(r.rate_bp),
                    since = r.since.format("%d.%m.%Y").to_string(),
                    next = next
                ));
            }
            lines.push(String::new());
            lines.push(ctx.t("taxrate-usage"));
            ctx.say(lines.join("\n")).await?;
            return Ok(());
        }
        [word, regime] if word.eq_ignore_ascii_case("regime") => match Regime::parse(regime) {
            Some(regime) => tax::set_regime(db, &actor, regime)
                .await
                .map(|_| tr!(lang, "taxrate-regime-set", regime = t(lang, &format!("tax-regime-{}", regime.as_str())))),
            None => Err(Error::Refused(Refusal::BadArgument(regime.to_string()))),
        },
        [kind, rate, from] => {
            let (Some(kind), Some(rate_bp), Ok(from)) =
                (TaxKind::parse(kind), percent_bp(rate), NaiveDate::parse_from_str(from, "%Y-%m-%d"))
            else {
                ctx.say(ctx.t("taxrate-usage")).await?;
                return Ok(());
            };
            tax::set_rate(db, &actor, kind, rate_bp, from).await.map(|_| {
                tr!(
                    lang,
                    "taxrate-set",
                    name = t(lang, kind.label_key()),
                    rate = crate::domain::money::format_rate_bp(rate_bp),
                    from = from.format("%d.%m.%Y").to_string()
                )
            })
        }
        _ => {
            ctx.say(ctx.t("taxrate-usage")).await?;
            return Ok(());
        }
    };
    match result {
        Ok(text) => ctx.say(text).await?,
        Err(Error::Refused(refusal)) => ctx.say(ctx.refusal_text(&refusal)).await?,
        Err(e) => return Err(e),
    };
    Ok(())
}

/// `12`, `12.5` or `12,5` per cent in basis points.
fn percent_bp(text: &str) -> Option<i64> {
    let text = text.trim().trim_end_matches('%').replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || whole.len() > 3 || fraction.len() > 2 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    Some(whole * 100 + fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents() {
        assert_eq!(percent_bp("12"), Some(1200));
        assert_eq!(percent_bp("12,5"), Some(1250));
        assert_eq!(percent_bp("0.1%"), Some(10));
        assert_eq!(percent_bp("abc"), None);
        assert_eq!(percent_bp("1.234"), None);
    }
}
