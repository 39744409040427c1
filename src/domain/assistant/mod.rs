//! The assistant: plain questions about the business answered from live data, as the asking
//! member may see it. [`ask`] is the one entry for every door (chat, `POST /api/v1/ask`,
//! `savdo ask`): with a language model configured it answers through [`model`] and the
//! [`tools`]; without one, or when the model fails, times out or the company's daily limit is
//! reached, the offline parser ([`understand`]) picks the same tools and [`render`]s their
//! figures. Every question is stored ([`turns`]).

pub mod model;
pub mod recommend;
pub mod render;
pub mod tools;
pub mod turns;
mod understand;

use std::time::Instant;

use serde::Serialize;
use serde_json::json;

pub use self::model::{Call, Model, Outcome};
use self::tools::{Figures, Tool};
pub use self::turns::Source;
pub use self::understand::{name_in, period_in, period_words, understand, unknown_words, Question};
use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::calendar::Period;
use crate::domain::roles::{self, Action, Role};
use crate::domain::{catalog, company, Error, Refusal, Result};
use crate::i18n::{t, Lang};
use crate::tr;

/// The longest question taken (a forwarded message may be long; a question is not).
pub const MAX_QUESTION_CHARS: usize = 2000;
/// Earlier turns of the conversation the model sees.
const HISTORY: i64 = 3;

/// What the assistant answered.
#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub turn_id: i64,
    pub source: Source,
    /// What the offline parser understood (also when the model answered).
    pub understood: Option<Question>,
    pub calls: Vec<Call>,
    pub text: String,
    /// Follow-up questions to offer, as indices of [`suggested`].
    pub suggestions: Vec<u8>,
    /// Actions to offer: each runs the ordinary flow.
    pub actions: Vec<Act>,
    /// The daily limit stopped the model: the answer is offline.
    pub limit_reached: bool,
    pub elapsed_ms: i64,
}

/// An action an answer offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Act {
    /// Draft a purchase order for a product running out in a branch.
    DraftOrder { branch_id: i64, product_id: i64, name: String },
    /// Open a customer who owes (pay, remind, statement).
    OpenCustomer { customer_id: i64, name: String },
}

/// `question` asked by `actor` in `conversation` (a chat, an API key, the command line).
pub async fn ask(
    db: &Db,
    actor: &Actor,
    model: Option<&Model>,
    lang: Lang,
    conversation: &str,
    question: &str,
) -> Result<Answer> {
    if actor.blocked {
        return Err(Refusal::Blocked.into());
    }
    let started = Instant::now();
    let question: String = question.trim().chars().take(MAX_QUESTION_CHARS).collect();
    let understood = understand(&question);
    let mut limit_reached = false;
    let mut model_error = None;
    let mut answered = None;
    if let Some(model) = model {
        if turns::model_answers_today(db, actor).await? >= turns::limit(db, actor.company_id).await? {
            limit_reached = true;
        } else {
            let history = turns::history(db, actor, conversation, HISTORY).await?;
            let asked = model::answer(model, db, actor, lang, &question, &history);
            match tokio::time::timeout(model.timeout, asked).await {
                Ok(Ok(answer)) => answered = Some(answer),
                Ok(Err(e)) => model_error = Some(format!("{e:#}")),
                Err(_) => model_error = Some(format!("no answer within {} s", model.timeout.as_secs())),
            }
            if let Some(e) = &model_error {
                tracing::warn!(error = %e, company = actor.company_id, "the model failed; answering offline");
            }
        }
    }
    let (source, text, calls) = match answered {
        Some(answer) => (Source::Model, answer.text, answer.calls),
        None => offline(db, actor, lang, &question, understood.as_ref()).await?,
    };
    let text = if limit_reached { format!("{}\n\n{text}", limit_notice(db, actor, lang).await?) } else { text };
    let figures: Vec<&Figures> = calls
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::Answered { figures } => Some(figures),
            _ => None,
        })
        .collect();
    let actions = figures.iter().flat_map(|f| actions_for(actor.role, f)).take(4).collect();
    let suggestions = suggestions_after(understood.as_ref(), actor.role);
    let elapsed_ms = started.elapsed().as_millis() as i64;
    let turn = turns::Turn {
        conversation,
        question: &question,
        source,
        intent: understood.as_ref().map(|q| json!(q)),
        calls: json!(calls),
        answer: &text,
        model_error: model_error.as_deref(),
        elapsed_ms,
    };
    let turn_id = turns::record(db, actor, &turn).await?;
    Ok(Answer { turn_id, source, understood, calls, text, suggestions, actions, limit_reached, elapsed_ms })
}

/// Stores a question a door answered with its own view of the same figures (the chat's sales
/// view with its chart, a product's card), so the conversation is complete.
pub async fn record_view(
    db: &Db,
    actor: &Actor,
    conversation: &str,
    question: &str,
    understood: &Question,
) -> Result<i64> {
    let turn = turns::Turn {
        conversation,
        question,
        source: Source::Offline,
        intent: Some(json!(understood)),
        calls: json!([]),
        answer: "(view)",
        model_error: None,
        elapsed_ms: 0,
    };
    turns::record(db, actor, &turn).await
}

async fn limit_notice(db: &Db, actor: &Actor, lang: Lang) -> Result<String> {
    Ok(tr!(lang, "ask-limit-reached", limit = turns::limit(db, actor.company_id).await?))
}

/// The offline answer: the parser's question as tools, their figures as templates. A refusal
/// (another branch, a role without the right) is the answer, in the asker's language.
async fn offline(
    db: &Db,
    actor: &Actor,
    lang: Lang,
    text: &str,
    understood: Option<&Question>,
) -> Result<(Source, String, Vec<Call>)> {
    let Some(question) = understood else {
        return Ok((Source::NotUnderstood, t(lang, "unknown-text"), Vec::new()));
    };
    let tool = tool_for(db, actor, text, question).await?;
    let call = |outcome| Call { tool: tool.name().into(), arguments: tool.arguments(), outcome };
    let figures = match tools::run(db, actor, &tool).await {
        Ok(figures) => figures,
        Err(Error::Refused(refusal)) => {
            let reason = refused_text(lang, actor, &refusal);
            return Ok((Source::Offline, reason.clone(), vec![call(Outcome::Refused { reason })]));
        }
        Err(e) => return Err(e),
    };
    let text = render::figures(lang, &figures);
    Ok((Source::Offline, text, vec![call(Outcome::Answered { figures })]))
}

fn refused_text(lang: Lang, actor: &Actor, refusal: &Refusal) -> String {
    tr!(lang, refusal.message_key(), role = t(lang, actor.role.label_key()))
}

/// The tool that answers an understood question, with the branch or product the words name.
async fn tool_for(db: &Db, actor: &Actor, text: &str, question: &Question) -> Result<Tool> {
    let by_sales = matches!(
        question,
        Question::Sales(_)
            | Question::Units(_)
            | Question::Compare(_)
            | Question::Why(_)
            | Question::Top(_)
            | Question::Forecast
    );
    if !by_sales {
        return Ok(tool_of(question, None, None, Party::default()));
    }
    let branches = company::branches(db, actor.company_id).await?;
    let names: Vec<(i64, &str)> = branches.iter().map(|b| (b.id, b.name.as_str())).collect();
    let branch = name_in(text, &names).and_then(|id| branches.iter().find(|b| b.id == id)).map(|b| b.name.clone());
    let product = match question {
        Question::Sales(_) | Question::Units(_) | Question::Forecast => product_named(db, actor, text).await?,
        _ => None,
    };
    let party = match question {
        Question::Sales(_) | Question::Units(_) if product.is_none() => party_named(db, actor, text).await?,
        _ => Party::default(),
    };
    Ok(tool_of(question, branch, product, party))
}

/// A cashier or a customer a sales question names ("Dilnoza bugun qancha sotdi?", "Anvarga bu
/// oy qancha sotdik?").
#[derive(Clone, Debug, Default)]
struct Party {
    cashier: Option<String>,
    customer: Option<String>,
}

async fn party_named(db: &Db, actor: &Actor, text: &str) -> Result<Party> {
    let words = understand::unknown_words(text);
    if words.is_empty() {
        return Ok(Party::default());
    }
    let members = company::members(db, actor.company_id).await?;
    let names: Vec<(i64, &str)> = members.iter().map(|m| (m.user_id, m.name.as_str())).collect();
    if let Some(id) = name_in(&words.join(" "), &names) {
        let name = members.iter().find(|m| m.user_id == id).map(|m| m.name.clone());
        return Ok(Party { cashier: name, customer: None });
    }
    if !roles::can(actor.role, Action::Customers) {
        return Ok(Party::default());
    }
    for word in &words {
        // "Anvarga", "Anvarning": the name with an Uzbek ending taken off.
        let chars: Vec<char> = word.chars().collect();
        for cut in 0..=4.min(chars.len().saturating_sub(4)) {
            let stem: String = chars[..chars.len() - cut].iter().collect();
            if let [one] = crate::domain::customers::find(db, actor, &stem, 2).await?.as_slice() {
                return Ok(Party { cashier: None, customer: Some(one.name.clone()) });
            }
        }
    }
    Ok(Party::default())
}

/// The tool a question maps to.
fn tool_of(question: &Question, branch: Option<String>, product: Option<String>, party: Party) -> Tool {
    let period = |p: &Period| Some(period_arg(*p));
    let sales = |p: &Period| tools::Sales { period: period(p), branch: branch.clone(), ..Default::default() };
    match question {
        Question::Sales(p) | Question::Units(p) if product.is_some() => {
            Tool::ProductSales(tools::ProductSales { period: period(p), branch: branch.clone(), product })
        }
        Question::Sales(p) | Question::Units(p) => {
            Tool::SalesSummary(tools::Sales { cashier: party.cashier, customer: party.customer, ..sales(p) })
        }
        Question::Compare(p) => Tool::CompareSales(sales(p)),
        Question::Why(p) => Tool::ExplainChange(sales(p)),
        Question::Top(p) => {
            Tool::ProductSales(tools::ProductSales { period: period(p), branch: branch.clone(), product: None })
        }
        Question::Slow => Tool::SlowMovers(tools::Empty {}),
        Question::RunningOut => Tool::LowStock(tools::Empty {}),
        Question::Stock(product) => Tool::Stock(tools::StockArgs { product: product.clone() }),
        Question::Debts => Tool::Debts(tools::Empty {}),
        Question::Payables => Tool::Payables(tools::Empty {}),
        Question::Expenses(p) => Tool::Expenses(tools::PeriodOnly { period: period(p) }),
        Question::Profit(p) => Tool::Profit(tools::PeriodOnly { period: period(p) }),
        Question::Cash => Tool::Cash(tools::Empty {}),
        Question::Forecast => Tool::Forecast(tools::ForecastArgs { product, days: None }),
    }
}

/// The tool the offline parser would call for `question`, as the development model calls it.
pub fn tool_for_question(question: &Question) -> Tool {
    tool_of(question, None, None, Party::default())
}

/// A period as the tools' argument.
pub fn period_arg(period: Period) -> String {
    match period {
        Period::Today => "today".into(),
        Period::Yesterday => "yesterday".into(),
        Period::ThisWeek => "this_week".into(),
        Period::LastWeek => "last_week".into(),
        Period::ThisMonth => "this_month".into(),
        Period::LastMonth => "last_month".into(),
        Period::Range(a, b) => format!("{a}..{b}"),
    }
}

/// The product a sales question names ("bugun Cola nechta sotildi"): the words the parser did
/// not use, when the catalogue finds a product by them.
pub async fn product_named(db: &Db, actor: &Actor, text: &str) -> Result<Option<String>> {
    let words = understand::unknown_words(text);
    if words.is_empty() {
        return Ok(None);
    }
    let mut candidates = vec![words.join(" ")];
    let mut single = words.clone();
    single.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    candidates.extend(single.into_iter().take(3));
    for candidate in candidates {
        if !catalog::search(db, actor.company_id, &candidate, 1).await?.is_empty() {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

/// Whether a sales question names a product, a cashier or a customer: then it is the
/// assistant's to answer, not a command's view of the whole shop.
pub async fn narrows(db: &Db, actor: &Actor, text: &str) -> Result<bool> {
    if product_named(db, actor, text).await?.is_some() {
        return Ok(true);
    }
    let party = party_named(db, actor, text).await?;
    Ok(party.cashier.is_some() || party.customer.is_some())
}

/// Buttons an answer's figures call for, within the member's role.
fn actions_for(role: Role, figures: &Figures) -> Vec<Act> {
    match figures {
        Figures::LowStock { products, .. } if roles::can(role, Action::PurchaseOrders) => products
            .iter()
            .take(3)
            .map(|s| Act::DraftOrder {
                branch_id: s.branch_id,
                product_id: s.product_id,
                name: format!("{} ({})", s.product_name, s.branch_name),
            })
            .collect(),
        Figures::Debts { top, .. } if roles::can(role, Action::Customers) => {
            top.iter().take(3).map(|o| Act::OpenCustomer { customer_id: o.id, name: o.name.clone() }).collect()
        }
        _ => Vec::new(),
    }
}

/// The questions offered as buttons: (message key, question).
pub fn suggested(index: u8) -> Option<(&'static str, Question)> {
    Some(match index {
        0 => ("ask-q-today", Question::Sales(Period::Today)),
        1 => ("ask-q-compare-month", Question::Compare(Period::ThisMonth)),
        2 => ("ask-q-why-week", Question::Why(Period::ThisWeek)),
        3 => ("ask-q-top", Question::Top(Period::ThisMonth)),
        4 => ("ask-q-slow", Question::Slow),
        5 => ("ask-q-running-out", Question::RunningOut),
        6 => ("ask-q-debts", Question::Debts),
        7 => ("ask-q-cash", Question::Cash),
        8 => ("ask-q-profit", Question::Profit(Period::ThisMonth)),
        9 => ("ask-q-expenses", Question::Expenses(Period::ThisMonth)),
        _ => return None,
    })
}

/// What to ask next, after `question`: related questions the member's role may ask.
fn suggestions_after(question: Option<&Question>, role: Role) -> Vec<u8> {
    let next: &[u8] = match question {
        Some(Question::Sales(_) | Question::Units(_)) => &[1, 3, 2],
        Some(Question::Compare(_)) => &[2, 3, 4],
        Some(Question::Why(_)) => &[3, 4, 5],
        Some(Question::Top(_)) => &[4, 5, 1],
        Some(Question::Slow | Question::RunningOut | Question::Stock(_) | Question::Forecast) => &[5, 4, 3, 1],
        Some(Question::Debts | Question::Payables) => &[7, 8, 0],
        Some(Question::Expenses(_) | Question::Profit(_) | Question::Cash) => &[8, 9, 1, 0],
        None => &[0, 1, 6],
    };
    next.iter()
        .copied()
        .filter(|i| suggested(*i).is_some_and(|(_, q)| Some(&q) != question && may_ask(role, &q)))
        .take(3)
        .collect()
}

/// Whether the member's role may ask `question` at all (a suggestion it would refuse is not offered).
fn may_ask(role: Role, question: &Question) -> bool {
    tool_of(question, None, None, Party::default()).allowed_for(role)
}
