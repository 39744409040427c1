//! People and places: `/invite` (role, then branch, then a one-time link), `/users` (an
//! admin changes a user's role or branch, blocks or unblocks them) and `/branches`.

use teloxide::types::MessageId;

use super::commands::Access;
use super::state::State;
use super::{keyboard, require, Ctx};
use crate::domain::company::{self, Member};
use crate::domain::roles::{invitable_roles, Action, Role};
use crate::domain::Error;
use crate::i18n::t;
use crate::telegram::Cb;
use crate::tr;

pub async fn invite(ctx: &Ctx) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::Invite))?;
    let buttons: Vec<(String, Cb)> =
        invitable_roles(member.role).iter().map(|r| (ctx.t(r.label_key()), Cb::InviteRole(*r))).collect();
    ctx.say_with(ctx.t("invite-choose-role"), keyboard(buttons.chunks(2).map(|c| c.to_vec()).collect())).await?;
    Ok(())
}

pub async fn on_invite_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::Invite))?.clone();
    let (role, branch_id) = match cb {
        Cb::InviteRole(role) => (role, None),
        Cb::InviteBranch(role, branch) => (role, Some(branch)),
        _ => return Ok(None),
    };
    // An admin picks the branch for roles that work in one (skipped when there is only one).
    let branch_id = match (branch_id, member.role, role.needs_branch()) {
        (None, Role::Admin, true) => {
            let branches = company::branches(&ctx.app.db, member.company_id).await?;
            if let [only] = branches.as_slice() {
                Some(only.id)
            } else {
                let rows = branches.iter().map(|b| vec![(b.name.clone(), Cb::InviteBranch(role, b.id))]).collect();
                let text = tr!(ctx.lang(), "invite-choose-branch", role = ctx.t(role.label_key()));
                ctx.edit(message, text, Some(keyboard(rows))).await?;
                return Ok(None);
            }
        }
        (chosen, _, _) => chosen,
    };
    let invite = company::create_invite(&ctx.app.db, &member.actor(), role, branch_id, ctx.app.invite_ttl_secs).await?;
    let branch = match invite.branch_id {
        Some(id) => company::branch(&ctx.app.db, member.company_id, id).await?.name,
        None => ctx.t("no-branch"),
    };
    let link = format!("https://t.me/{}?start={}", ctx.app.bot_username, invite.token);
    let text = tr!(
        ctx.lang(),
        "invite-link",
        role = ctx.t(role.label_key()),
        branch = branch,
        hours = ctx.app.invite_ttl_secs / 3600,
        link = link
    );
    ctx.edit(message, text, None).await?;
    Ok(None)
}

/// `/users`: the members as buttons; `/users NAME` finds members with their last activity.
pub async fn users(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let admin = require(ctx, Access::Role(Action::ManageUsers))?.clone();
    if args.trim().is_empty() {
        let (text, kb) = users_list(ctx, &admin).await?;
        ctx.say_with(text, kb).await?;
        return Ok(());
    }
    let lang = ctx.lang();
    let found = company::search_members(&ctx.app.db, &admin.actor(), args).await?;
    if found.is_empty() {
        ctx.say(tr!(lang, "users-none-found", text = args.trim().to_string())).await?;
        return Ok(());
    }
    let rows = found
        .iter()
        .map(|f| {
            let last =
                f.last_activity.map(|at| admin.time_zone.format(at, "%d.%m %H:%M")).unwrap_or_else(|| "—".into());
            vec![(format!("{} · {last}", member_label(ctx, &f.member)), Cb::UserOpen(f.member.user_id))]
        })
        .collect();
    ctx.say_with(tr!(lang, "users-found", count = found.len()), keyboard(rows)).await?;
    Ok(())
}

async fn users_list(ctx: &Ctx, admin: &Member) -> Result<(String, teloxide::types::InlineKeyboardMarkup), Error> {
    let members = company::members(&ctx.app.db, admin.company_id).await?;
    let rows = members.iter().map(|m| vec![(member_label(ctx, m), Cb::UserOpen(m.user_id))]).collect();
    Ok((tr!(ctx.lang(), "users-header", count = members.len()), keyboard(rows)))
}

fn member_label(ctx: &Ctx, m: &Member) -> String {
    let mark = if m.blocked { "🚫 " } else { "" };
    match &m.branch_name {
        Some(branch) => format!("{mark}{} — {} · {branch}", m.name, ctx.t(m.role.label_key())),
        None => format!("{mark}{} — {}", m.name, ctx.t(m.role.label_key())),
    }
}

fn user_card(ctx: &Ctx, m: &Member) -> (String, teloxide::types::InlineKeyboardMarkup) {
    let lang = ctx.lang();
    let text = tr!(
        lang,
        "user-card",
        name = m.name.clone(),
        role = t(lang, m.role.label_key()),
        branch = m.branch_name.clone().unwrap_or_else(|| t(lang, "no-branch")),
        status = t(lang, if m.blocked { "status-blocked" } else { "status-active" })
    );
    let block = if m.blocked {
        (t(lang, "btn-unblock"), Cb::UserBlock(m.user_id, false))
    } else {
        (t(lang, "btn-block"), Cb::UserBlock(m.user_id, true))
    };
    let kb = keyboard(vec![
        vec![
            (t(lang, "btn-change-role"), Cb::UserRoleMenu(m.user_id)),
            (t(lang, "btn-change-branch"), Cb::UserBranchMenu(m.user_id)),
        ],
        vec![block, (t(lang, "btn-user-history"), Cb::UserHistory(m.user_id))],
        vec![
            (t(lang, "btn-user-revoke-keys"), Cb::UserRevokeKeys(m.user_id)),
            (t(lang, "btn-user-remove"), Cb::UserRemove(m.user_id)),
        ],
        vec![(t(lang, "btn-back"), Cb::UsersList)],
    ]);
    (text, kb)
}

pub async fn on_admin_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let access = if cb == Cb::BranchAdd { Action::ManageBranches } else { Action::ManageUsers };
    let admin = require(ctx, Access::Role(access))?.clone();
    let db = &ctx.app.db;
    let lang = ctx.lang();
    let find = |user_id: i64| async move {
        company::member(db, admin.company_id, user_id).await?.ok_or(Error::Refused(crate::domain::Refusal::NotFound))
    };
    match cb {
        Cb::UsersList => {
            let (text, kb) = users_list(ctx, &admin).await?;
            ctx.edit(message, text, Some(kb)).await?;
            Ok(None)
        }
        Cb::UserHistory(user_id) => {
            let target = find(user_id).await?;
            let entries = company::member_history(db, &admin.actor(), user_id, 10).await?;
            let mut text = vec![tr!(lang, "user-history", name = target.name.clone())];
            if entries.is_empty() {
                text.push(t(lang, "audit-empty"));
            }
            text.extend(super::audit::lines(ctx, admin.company_id, admin.time_zone, &entries).await?);
            ctx.say(text.join("\n")).await?;
            Ok(None)
        }
        Cb::UserRevokeKeys(user_id) => {
            let target = find(user_id).await?;
            let revoked = company::revoke_member_keys(db, &admin.actor(), user_id).await?;
            ctx.say(tr!(lang, "user-keys-revoked", name = target.name.clone(), count = revoked)).await?;
            Ok(None)
        }
        Cb::UserRemove(user_id) => {
            let target = find(user_id).await?;
            company::remove_member(db, &admin.actor(), user_id).await?;
            let (text, kb) = users_list(ctx, &admin).await?;
            ctx.edit(message, text, Some(kb)).await?;
            ctx.say(tr!(lang, "user-removed", name = target.name.clone())).await?;
            Ok(None)
        }
        Cb::UserOpen(user_id) => {
            let (text, kb) = user_card(ctx, &find(user_id).await?);
            ctx.edit(message, text, Some(kb)).await?;
            Ok(None)
        }
        Cb::UserRoleMenu(user_id) => {
            let target = find(user_id).await?;
            let mut rows: Vec<Vec<(String, Cb)>> = Role::ALL
                .chunks(2)
                .map(|pair| pair.iter().map(|r| (t(lang, r.label_key()), Cb::UserRole(user_id, *r))).collect())
                .collect();
            rows.push(vec![(t(lang, "btn-back"), Cb::UserOpen(user_id))]);
            ctx.edit(message, tr!(lang, "user-choose-role", name = target.name), Some(keyboard(rows))).await?;
            Ok(None)
        }
        Cb::UserBranchMenu(user_id) => {
            let target = find(user_id).await?;
            let mut rows: Vec<Vec<(String, Cb)>> = company::branches(db, admin.company_id)
                .await?
                .into_iter()
                .map(|b| vec![(b.name, Cb::UserBranch(user_id, b.id))])
                .collect();
            rows.push(vec![(t(lang, "btn-back"), Cb::UserOpen(user_id))]);
            ctx.edit(message, tr!(lang, "user-choose-branch", name = target.name), Some(keyboard(rows))).await?;
            Ok(None)
        }
        Cb::UserRole(user_id, role) => {
            let updated = company::set_role(db, &admin.actor(), user_id, role).await?;
            let (text, kb) = user_card(ctx, &updated);
            ctx.edit(message, text, Some(kb)).await?;
            Ok(Some(t(lang, "saved")))
        }
        Cb::UserBranch(user_id, branch_id) => {
            let updated = company::set_branch(db, &admin.actor(), user_id, branch_id).await?;
            let (text, kb) = user_card(ctx, &updated);
            ctx.edit(message, text, Some(kb)).await?;
            Ok(Some(t(lang, "saved")))
        }
        Cb::UserBlock(user_id, blocked) => {
            let updated = company::set_blocked(db, &admin.actor(), user_id, blocked).await?;
            let (text, kb) = user_card(ctx, &updated);
            ctx.edit(message, text, Some(kb)).await?;
            Ok(Some(t(lang, "saved")))
        }
        Cb::BranchAdd => {
            ctx.say(t(lang, "branch-ask-name")).await?;
            ctx.set_state(State::BranchName).await?;
            Ok(None)
        }
        _ => Ok(None),
    }
}

pub async fn branches(ctx: &Ctx) -> Result<(), Error> {
    let admin = require(ctx, Access::Role(Action::ManageBranches))?;
    let list = company::branches(&ctx.app.db, admin.company_id).await?;
    let lines: Vec<String> = list.iter().map(|b| format!("• {}", b.name)).collect();
    let text = format!("{}\n{}", tr!(ctx.lang(), "branches-header", count = list.len()), lines.join("\n"));
    ctx.say_with(text, keyboard(vec![vec![(ctx.t("btn-add-branch"), Cb::BranchAdd)]])).await?;
    Ok(())
}

pub async fn on_branch_name(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let admin = require(ctx, Access::Role(Action::ManageBranches))?;
    match company::add_branch(&ctx.app.db, &admin.actor(), text).await {
        Ok(branch) => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            ctx.say(tr!(ctx.lang(), "branch-added", name = branch.name)).await?;
        }
        // Stay in the dialogue so the admin can type another name.
        Err(Error::Refused(refusal)) => {
            ctx.say(ctx.refusal_text(&refusal)).await?;
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

/// `/digest 08:30`: when the morning digest comes (company time); `/digest` shows it.
pub async fn digest_time(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let admin = require(ctx, Access::Role(Action::ManageBranches))?;
    if args.is_empty() {
        let current = company::digest_time(&ctx.app.db, admin.company_id).await?;
        ctx.say(tr!(ctx.lang(), "digest-current", time = current)).await?;
        return Ok(());
    }
    match chrono::NaiveTime::parse_from_str(args.trim(), "%H:%M") {
        Ok(time) => {
            let time = time.format("%H:%M").to_string();
            company::set_digest_time(&ctx.app.db, &admin.actor(), &time).await?;
            ctx.say(tr!(ctx.lang(), "digest-set", time = time)).await?;
        }
        Err(_) => {
            ctx.say(ctx.t("digest-usage")).await?;
        }
    }
    Ok(())
}

/// `/company`: the company's settings in one place (admins), and `/company timezone ZONE`.
pub async fn settings(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::ManageSettings)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    if let Some(zone) = args.trim().strip_prefix("timezone") {
        company::set_time_zone(db, &actor, zone).await?;
    } else if let Some(limit) = args.trim().strip_prefix("credit") {
        let limit = match limit.trim() {
            "off" => None,
            amount => match ctx.accept(crate::domain::money::Money::read(amount)).await? {
                Some(m) => Some(m),
                None => return Ok(()),
            },
        };
        company::set_default_credit_limit(db, &actor, limit).await?;
    } else if !args.trim().is_empty() {
        ctx.say(ctx.t("company-settings-usage")).await?;
        return Ok(());
    }
    let s = company::settings(db, &actor).await?;
    let text = tr!(
        lang,
        "company-settings",
        zone = s.time_zone,
        currency = s.currency,
        digest = s.digest_time,
        threshold = crate::domain::money::Money(s.expense_threshold).format(lang),
        questions = s.question_limit,
        regime = t(lang, &format!("tax-regime-{}", s.tax_regime)),
        credit = match s.default_credit_limit {
            Some(l) => crate::domain::money::Money(l).format(lang),
            None => t(lang, "customer-no-limit"),
        }
    );
    ctx.say(format!("{text}\n\n{}", ctx.t("company-settings-usage"))).await?;
    Ok(())
}
