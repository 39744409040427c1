//! Plain questions in chat, answered by the core's assistant: the answer, buttons to act on it,
//! suggested follow-up questions and 👍/👎 with an optional comment. `/assistant` shows an
//! admin the day's use, the limit and the feedback, and sets the limit.
//!
//! Without a language model, the questions a command answers as well (sales with its chart
//! and period buttons, a product's card, the debtors' list) open that command's view.

use teloxide::types::{ChatAction, MessageId};

use super::commands::Access;
use super::state::State;
use super::{catalog, customers, lookup, require, statements, suppliers, Ctx};
use crate::domain::assistant::{self, Answer, Question};
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::i18n::t;
use crate::telegram::{act_button, keyboard, Cb};
use crate::tr;

pub async fn on_question(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let understood = assistant::understand(text);
    if ctx.app.model.is_none() {
        if let Some(question) = &understood {
            if opened_view(ctx, text, question).await? {
                if let Some(member) = ctx.sender.active() {
                    assistant::record_view(&ctx.app.db, &member.actor(), &conversation(ctx), text, question).await?;
                }
                return Ok(());
            }
        }
    }
    let Some(member) = ctx.sender.active() else {
        ctx.say(ctx.t("unknown-text")).await?;
        return Ok(());
    };
    let actor = member.actor();
    if ctx.app.model.is_some() {
        // A model takes seconds: show that the question is being worked on.
        ctx.bot.show_action(ctx.chat, ChatAction::Typing).await.map_err(anyhow::Error::from)?;
    }
    let answer =
        assistant::ask(&ctx.app.db, &actor, ctx.app.model.as_ref(), ctx.lang(), &conversation(ctx), text).await?;
    show(ctx, &answer).await
}

/// The chat's conversation key.
fn conversation(ctx: &Ctx) -> String {
    format!("chat:{}", ctx.chat.0)
}

/// The views of the commands that answer the same question (richer than a message: a chart,
/// period and branch buttons). `false` when the question has no such view.
async fn opened_view(ctx: &Ctx, text: &str, question: &Question) -> Result<bool, Error> {
    match question {
        Question::Sales(period) if !names_a_product(ctx, text).await? => {
            lookup::show_in(ctx, *period, lookup::branch_named(ctx, text).await?).await?
        }
        Question::Units(period) if !names_a_product(ctx, text).await? => {
            lookup::show_units(ctx, *period, lookup::branch_named(ctx, text).await?).await?
        }
        Question::Stock(product) => catalog::find(ctx, product).await?,
        Question::Debts => customers::debts(ctx).await?,
        Question::Payables => suppliers::command(ctx).await?,
        Question::Profit(period) => {
            statements::command(ctx, &format!("pnl {}", assistant::period_words(*period))).await?
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Whether a sales question names a product, a cashier or a customer ("bugun Cola nechta
/// sotildi", "Dilnoza bugun qancha sotdi?"): the core answers it.
async fn names_a_product(ctx: &Ctx, text: &str) -> Result<bool, Error> {
    let Some(member) = ctx.sender.active() else { return Ok(false) };
    Ok(assistant::narrows(&ctx.app.db, &member.actor(), text).await?)
}

async fn show(ctx: &Ctx, answer: &Answer) -> Result<(), Error> {
    let lang = ctx.lang();
    let mut rows: Vec<Vec<(String, Cb)>> = answer.actions.iter().map(|act| vec![act_button(lang, act)]).collect();
    for index in &answer.suggestions {
        if let Some((key, _)) = assistant::suggested(*index) {
            rows.push(vec![(t(lang, key), Cb::Ask(*index))]);
        }
    }
    if answer.source != assistant::Source::NotUnderstood {
        rows.push(vec![
            ("👍".into(), Cb::AskRate(answer.turn_id, true)),
            ("👎".into(), Cb::AskRate(answer.turn_id, false)),
        ]);
    }
    ctx.say_with(answer.text.clone(), keyboard(rows)).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, _message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::FindProducts))?.clone();
    let lang = ctx.lang();
    match cb {
        Cb::Ask(index) => {
            let Some((key, _)) = assistant::suggested(index) else { return Ok(None) };
            on_question(ctx, &t(lang, key)).await?;
            Ok(None)
        }
        Cb::AskRate(turn_id, helpful) => {
            assistant::turns::rate(&ctx.app.db, &member.actor(), turn_id, helpful).await?;
            let comment = vec![vec![(t(lang, "ask-btn-comment"), Cb::AskComment(turn_id))]];
            ctx.say_with(t(lang, "ask-feedback-thanks"), keyboard(comment)).await?;
            Ok(None)
        }
        Cb::AskComment(turn_id) => {
            assistant::turns::question_of(&ctx.app.db, &member.actor(), turn_id).await?;
            ctx.dialogue.update(State::AskComment { turn_id }).await.map_err(anyhow::Error::from)?;
            ctx.say(t(lang, "ask-comment-prompt")).await?;
            Ok(None)
        }
        _ => Ok(None),
    }
}

pub async fn on_comment(ctx: &Ctx, turn_id: i64, text: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::FindProducts))?.clone();
    ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
    assistant::turns::comment(&ctx.app.db, &member.actor(), turn_id, text).await?;
    ctx.say(ctx.t("ask-comment-saved")).await?;
    Ok(())
}

/// `/assistant`: today's questions against the limit, the feedback of 30 days; `/assistant
/// limit N` sets the daily limit of questions the language model answers.
pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ManageSettings))?.clone();
    let actor = member.actor();
    let lang = ctx.lang();
    if let Some(limit) = args.strip_prefix("limit") {
        let Ok(limit) = limit.trim().parse::<i64>() else {
            ctx.say(t(lang, "assistant-limit-usage")).await?;
            return Ok(());
        };
        assistant::turns::set_limit(&ctx.app.db, &actor, limit).await?;
        ctx.say(tr!(lang, "assistant-limit-set", limit = limit)).await?;
        return Ok(());
    }
    let s = assistant::turns::summary(&ctx.app.db, &actor).await?;
    let model = match &ctx.app.model {
        Some(m) => tr!(lang, "assistant-model-on", model = m.name.clone()),
        None => t(lang, "assistant-model-off"),
    };
    let mut lines = vec![
        model,
        tr!(lang, "assistant-today", model = s.model_today, limit = s.limit, offline = s.offline_today),
        tr!(lang, "assistant-feedback", up = s.helpful, down = s.unhelpful),
    ];
    for (name, question, helpful, comment) in &s.comments {
        lines.push(format!("{} {name}: «{question}» — {comment}", if *helpful { "👍" } else { "👎" }));
    }
    if !s.not_understood.is_empty() {
        lines.push(tr!(lang, "assistant-not-understood", list = s.not_understood.join("; ")));
    }
    lines.push(t(lang, "assistant-limit-usage"));
    ctx.say(lines.join("\n")).await?;
    Ok(())
}
