//! `/start`: a stranger registers a company (name → TIN → first branch) and becomes its
//! admin; `/start <token>` joins a company through an invite link.
//!
//! ```text
//! user: /start                     bot: welcome, "company name?"
//! user: Baraka Savdo               bot: "TIN (9 digits)?"
//! user: 301234567                  bot: "first branch?"
//! user: Markaz                     bot: "company created, you are its admin"
//! ```

use super::state::State;
use super::Ctx;
use crate::domain::company::{self, Tin};
use crate::domain::{clean_name, Error};
use crate::i18n::t;
use crate::notify;
use crate::tr;

pub async fn start(ctx: &Ctx, args: &str) -> Result<(), Error> {
    if !args.is_empty() {
        return join(ctx, args).await;
    }
    match &ctx.sender.member {
        Some(m) if m.blocked => {
            ctx.say(ctx.t("refuse-blocked")).await?;
        }
        Some(m) => {
            let text = tr!(
                ctx.lang(),
                "start-member",
                name = ctx.sender.user.name.clone(),
                company = m.company_name.clone(),
                role = ctx.t(m.role.label_key())
            );
            ctx.say(text).await?;
        }
        None => {
            ctx.say(tr!(ctx.lang(), "start-welcome", name = ctx.sender.user.name.clone())).await?;
            ctx.set_state(State::OnboardName).await?;
        }
    }
    Ok(())
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    match ctx.state().await? {
        State::OnboardName => match clean_name(text, 100) {
            Ok(name) => {
                ctx.say(tr!(ctx.lang(), "onboard-ask-tin", company = name.clone())).await?;
                ctx.set_state(State::OnboardTin { name }).await?;
            }
            Err(refusal) => {
                ctx.say(ctx.refusal_text(&refusal)).await?;
            }
        },
        State::OnboardTin { name } => match Tin::parse(text) {
            Ok(tin) => {
                ctx.say(ctx.t("onboard-ask-branch")).await?;
                ctx.set_state(State::OnboardBranch { name, tin: tin.as_str().to_string() }).await?;
            }
            Err(refusal) => {
                ctx.say(ctx.refusal_text(&refusal)).await?;
            }
        },
        State::OnboardBranch { name, tin } => {
            let tin = Tin::parse(&tin)?;
            let member =
                match company::create_company(&ctx.app.db, ctx.sender.user.id, &name, &tin, text, ctx.lang().code())
                    .await
                {
                    Err(Error::Refused(refusal)) => {
                        ctx.say(ctx.refusal_text(&refusal)).await?;
                        return Ok(());
                    }
                    other => other?,
                };
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let text = tr!(
                ctx.lang(),
                "onboard-done",
                company = member.company_name.clone(),
                branch = member.branch_name.clone().unwrap_or_default()
            );
            ctx.say(text).await?;
        }
        _ => {}
    }
    Ok(())
}

async fn join(ctx: &Ctx, token: &str) -> Result<(), Error> {
    let (member, events) = company::accept_invite(&ctx.app.db, token, ctx.sender.user.id).await?;
    let lang = ctx.lang();
    let branch = member.branch_name.clone().unwrap_or_else(|| t(lang, "no-branch"));
    let role = t(lang, member.role.label_key());
    ctx.say(tr!(lang, "join-done", company = member.company_name.clone(), role = role, branch = branch.clone()))
        .await?;
    notify::deliver(&ctx.app, &events).await;
    Ok(())
}
