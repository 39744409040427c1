//! The weekly recommendations: on Monday from the company's digest time, each admin and
//! manager gets up to five observations computed from what they may see, each with a button
//! that acts on it (draft an order, open a customer) or asks the question that looks into it.
//! Nothing is sent to someone with nothing to observe; a server that was down catches up that Monday.

use teloxide::types::ChatId;

use crate::app::AppRef;
use crate::domain::assistant::{self, recommend, render};
use crate::domain::company;
use crate::domain::roles::Role;
use crate::i18n::{t, Lang};
use crate::notify::language_of_telegram_user;
use crate::telegram::{act_button, keyboard, Cb};

/// Sends every company's recommendations due at `now`; returns how many messages went out.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let mut sent = 0;
    for company_id in super::due_on_monday(app, now, "recommend").await? {
        let readers = company::members_to_notify(&app.db, company_id, &[Role::Admin, Role::Manager], None).await?;
        for member in readers {
            let notice = crate::domain::settings::Notice::Recommendations;
            if !crate::domain::settings::hears(&app.db, member.telegram_id, member.time_zone, notice, now).await {
                continue;
            }
            let observations = recommend::observations(&app.db, &member.actor()).await?;
            if observations.is_empty() {
                continue;
            }
            let lang = language_of_telegram_user(app, member.telegram_id).await;
            let text = render::observations(lang, &observations);
            let markup = keyboard(buttons(lang, &observations));
            if let Err(e) = app.outbox.send_text(ChatId(member.telegram_id), text, Some(markup)).await {
                tracing::warn!(error = %e, "recommendations not sent");
                continue;
            }
            sent += 1;
        }
    }
    Ok(sent)
}

fn buttons(lang: Lang, observations: &[recommend::Observation]) -> Vec<Vec<(String, Cb)>> {
    observations
        .iter()
        .filter_map(|o| match (o.act(), o.question()) {
            (Some(act), _) => Some(act_button(lang, &act)),
            (None, Some(index)) => assistant::suggested(index).map(|(key, _)| (t(lang, key), Cb::Ask(index))),
            (None, None) => None,
        })
        .map(|button| vec![button])
        .collect()
}
