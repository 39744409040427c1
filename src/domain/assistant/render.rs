//! The offline answers: a tool's figures as a short message in the asker's language. The
//! language model gets the same text beside the figures, so both answers quote one rendering.

use crate::domain::calendar::dates_label;
use crate::domain::money::{format_permille, Money, Qty};
use crate::i18n::{t, Lang};
use crate::tr;

use super::tools::{Figures, Totals, Whose};

/// The figures as a message.
pub fn figures(lang: Lang, figures: &Figures) -> String {
    let money = |tiyin: i64| Money(tiyin).format(lang);
    let qty = |q: Qty, unit: &str| format!("{} {}", q.format(lang), t(lang, &format!("unit-{unit}")));
    match figures {
        Figures::Sales { whose, now, change_permille, units, top, .. } => {
            let mut lines = vec![tr!(
                lang,
                "ask-sales",
                whose = whose_name(lang, whose),
                dates = dates_label(now.from, now.to),
                total = money(now.total),
                receipts = now.receipts,
                average = money(now.average_receipt)
            )];
            if let Some(p) = change_permille {
                lines.push(tr!(lang, "ask-change", days = now.days, change = signed(lang, *p)));
            }
            if !units.is_empty() {
                let units: Vec<String> = units.iter().map(|(unit, q)| qty(*q, unit)).collect();
                lines.push(tr!(lang, "ask-units", units = units.join(", ")));
            }
            if !top.is_empty() {
                let names: Vec<String> = top.iter().map(|p| format!("{} ({})", p.name, money(p.total))).collect();
                lines.push(tr!(lang, "ask-top-short", list = names.join(", ")));
            }
            lines.join("\n")
        }
        Figures::Compare { whose, now, before, change_permille, .. } => {
            compared(lang, whose, now, before, *change_permille)
        }
        Figures::Why {
            whose,
            now,
            before,
            change_permille,
            receipts_change_permille,
            average_change_permille,
            falls,
            rises,
            branches,
            ..
        } => {
            let mut lines = vec![compared(lang, whose, now, before, *change_permille)];
            let change = |p: &Option<i64>| p.map(|p| signed(lang, p)).unwrap_or_else(|| "—".into());
            lines.push(tr!(
                lang,
                "ask-why-receipts",
                receipts = change(receipts_change_permille),
                average = change(average_change_permille)
            ));
            let list = |changes: &[super::tools::ProductChange]| {
                changes
                    .iter()
                    .map(|c| format!("{} ({}{})", c.name, if c.change > 0 { "+" } else { "" }, money(c.change)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !falls.is_empty() {
                lines.push(tr!(lang, "ask-why-falls", list = list(falls)));
            }
            if !rises.is_empty() {
                lines.push(tr!(lang, "ask-why-rises", list = list(rises)));
            }
            if !branches.is_empty() {
                lines.push(tr!(lang, "ask-why-branches", list = list(branches)));
            }
            if falls.is_empty() && rises.is_empty() {
                lines.push(t(lang, "ask-why-nothing"));
            }
            lines.join("\n")
        }
        Figures::Products { whose, from, to, searched, products, .. } => {
            if products.is_empty() {
                return tr!(lang, "ask-products-none", dates = dates_label(*from, *to));
            }
            let title = match searched {
                Some(_) => {
                    tr!(lang, "ask-products-title", dates = dates_label(*from, *to), whose = whose_name(lang, whose))
                }
                None => tr!(lang, "ask-top-title", dates = dates_label(*from, *to), whose = whose_name(lang, whose)),
            };
            let lines = products
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}. {} — {}, {}", i + 1, p.name, qty(Qty(p.qty), &p.unit), money(p.total)));
            std::iter::once(title).chain(lines).collect::<Vec<_>>().join("\n")
        }
        Figures::Slow { days, products } => {
            if products.is_empty() {
                return tr!(lang, "ask-slow-none", days = *days);
            }
            let lines = products.iter().map(|p| {
                tr!(
                    lang,
                    "ask-slow-line",
                    name = p.name.clone(),
                    on_hand = qty(p.on_hand, &p.unit),
                    value = money(p.value),
                    sold = qty(p.sold, &p.unit)
                )
            });
            std::iter::once(tr!(lang, "ask-slow-title", days = *days)).chain(lines).collect::<Vec<_>>().join("\n")
        }
        Figures::LowStock { count, products } => {
            if products.is_empty() {
                return t(lang, "ask-low-none");
            }
            let lines = products.iter().map(|s| {
                tr!(
                    lang,
                    "ask-low-line",
                    name = s.product_name.clone(),
                    branch = s.branch_name.clone(),
                    qty = qty(s.qty, &s.unit),
                    threshold = qty(s.threshold, &s.unit)
                )
            });
            std::iter::once(tr!(lang, "ask-low-title", count = *count)).chain(lines).collect::<Vec<_>>().join("\n")
        }
        Figures::Stock { searched, products } => {
            if products.is_empty() {
                return tr!(lang, "ask-stock-none", query = searched.clone());
            }
            products
                .iter()
                .map(|p| {
                    let branches: Vec<String> =
                        p.branches.iter().map(|(b, q)| format!("{b}: {}", q.format(lang))).collect();
                    tr!(
                        lang,
                        "ask-stock-line",
                        name = p.name.clone(),
                        qty = qty(p.total, &p.unit),
                        branches = branches.join(", ")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        Figures::Expenses { from, to, total, categories, .. } => {
            if categories.is_empty() {
                return tr!(lang, "ask-expenses-none", dates = dates_label(*from, *to));
            }
            let lines = categories.iter().map(|(name, amount)| format!("• {name} — {}", amount.format(lang)));
            std::iter::once(tr!(
                lang,
                "ask-expenses-title",
                dates = dates_label(*from, *to),
                total = total.format(lang)
            ))
            .chain(lines)
            .collect::<Vec<_>>()
            .join("\n")
        }
        Figures::Cash { total, registers } => {
            let lines = registers.iter().map(|r| {
                let name = if r.branch_name.is_empty() {
                    r.register_name.clone()
                } else {
                    format!("{}, {}", r.branch_name, r.register_name)
                };
                format!("• {name} — {}", r.balance.format(lang))
            });
            std::iter::once(tr!(lang, "ask-cash-title", total = total.format(lang)))
                .chain(lines)
                .collect::<Vec<_>>()
                .join("\n")
        }
        Figures::Debts { total, overdue, customers, top } => {
            if top.is_empty() {
                return t(lang, "ask-debts-none");
            }
            let lines =
                top.iter().enumerate().map(|(i, o)| format!("{}. {} — {}", i + 1, o.name, o.amount.format(lang)));
            let title = tr!(
                lang,
                "ask-debts-title",
                count = *customers,
                total = total.format(lang),
                overdue = overdue.format(lang)
            );
            std::iter::once(title).chain(lines).collect::<Vec<_>>().join("\n")
        }
        Figures::Payables { total, top } => {
            if total.0 == 0 {
                return t(lang, "ask-payables-none");
            }
            let lines = top.iter().map(|o| format!("• {} — {}", o.name, o.amount.format(lang)));
            std::iter::once(tr!(lang, "ask-payables-title", total = total.format(lang)))
                .chain(lines)
                .collect::<Vec<_>>()
                .join("\n")
        }
        Figures::Forecast { days, products } => {
            if products.is_empty() {
                return t(lang, "ask-forecast-none");
            }
            let units = |x: f64, unit: &str| qty(Qty((x * 1000.0).round() as i64), unit);
            let lines = products.iter().map(|p| {
                let mut line = tr!(
                    lang,
                    "ask-forecast-line",
                    name = p.name.clone(),
                    expected = units(p.expected, &p.unit),
                    lower = units(p.lower, &p.unit),
                    upper = units(p.upper, &p.unit),
                    method = p.method.clone()
                );
                if let Some(point) = p.reorder_point {
                    line.push_str(&tr!(lang, "ask-forecast-reorder", point = units(point, &p.unit)));
                }
                line
            });
            std::iter::once(tr!(lang, "ask-forecast-title", days = *days)).chain(lines).collect::<Vec<_>>().join("\n")
        }
        Figures::Profit { from, to, pnl, .. } => tr!(
            lang,
            "ask-profit",
            dates = dates_label(*from, *to),
            revenue = money(pnl.net_revenue),
            cost = money(pnl.cost_of_sales),
            expenses = money(pnl.selling + pnl.administrative + pnl.other_expenses),
            profit = money(pnl.net_profit)
        ),
    }
}

/// The weekly recommendations as one message.
pub fn observations(lang: Lang, observations: &[super::recommend::Observation]) -> String {
    use super::recommend::Observation as O;
    let money = |tiyin: i64| Money(tiyin).format(lang);
    let lines = observations.iter().enumerate().map(|(i, o)| {
        let text = match o {
            O::RunningOut { count, first } => tr!(
                lang,
                "rec-running-out",
                count = *count,
                name = first.product_name.clone(),
                qty = format!("{} {}", first.qty.format(lang), t(lang, &format!("unit-{}", first.unit)))
            ),
            O::SlowMovers { count, value, first } => {
                tr!(lang, "rec-slow", count = *count, value = money(*value), name = first.name.clone())
            }
            O::MarginDrop { now_bp, before_bp } => tr!(
                lang,
                "rec-margin",
                now = format_permille(lang, now_bp / 10),
                before = format_permille(lang, before_bp / 10)
            ),
            O::ExpenseGrowth { category, now, before } => tr!(
                lang,
                "rec-expense",
                category = category.clone(),
                now = now.format(lang),
                before = before.format(lang)
            ),
            O::Overdue { customers, total, first_name, .. } => {
                tr!(lang, "rec-overdue", count = *customers, total = total.format(lang), name = first_name.clone())
            }
            O::SalesDrop { change_permille } => tr!(lang, "rec-sales-drop", change = signed(lang, *change_permille)),
        };
        format!("{}. {text}", i + 1)
    });
    std::iter::once(t(lang, "rec-title")).chain(lines).collect::<Vec<_>>().join("\n")
}

fn compared(lang: Lang, whose: &Whose, now: &Totals, before: &Totals, change: Option<i64>) -> String {
    let money = |tiyin: i64| Money(tiyin).format(lang);
    let mut text = tr!(
        lang,
        "ask-compare",
        whose = whose_name(lang, whose),
        dates = dates_label(now.from, now.to),
        total = money(now.total),
        per_day = money(now.per_day),
        before_dates = dates_label(before.from, before.to),
        before_total = money(before.total),
        before_per_day = money(before.per_day)
    );
    if let Some(p) = change {
        text.push('\n');
        text.push_str(&tr!(lang, "ask-compare-change", change = signed(lang, p)));
    }
    text
}

fn signed(lang: Lang, p: i64) -> String {
    if p > 0 {
        format!("▲ +{}", format_permille(lang, p))
    } else if p < 0 {
        format!("▼ {}", format_permille(lang, p))
    } else {
        format_permille(lang, 0)
    }
}

fn whose_name(lang: Lang, whose: &Whose) -> String {
    match whose {
        Whose::Company => t(lang, "sales-scope-all"),
        Whose::Branch(name) => name.clone(),
        Whose::Own => t(lang, "sales-scope-mine"),
        Whose::Cashier(name) => tr!(lang, "ask-whose-cashier", name = name.clone()),
        Whose::Customer(name) => tr!(lang, "ask-whose-customer", name = name.clone()),
    }
}
