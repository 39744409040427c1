"""The /sales answer as the seed system computes it: Flask-SQLAlchemy models over the same
SQLite file, ORM queries for the period's receipts and lines, sums and rankings in Python.

Usage: python seed_sales.py PATH/TO/savdo.db [--runs N] [--json OUT]
It answers the same four cases as `savdo bench` and reports p50/p99 per case.
"""
import argparse
import json
import os
import statistics
import time
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class User(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    telegram_id = db.Column(db.Integer)
    name = db.Column(db.String)
    current_company_id = db.Column(db.Integer)


class Branch(db.Model):
    __tablename__ = "branches"
    id = db.Column(db.Integer, primary_key=True)
    company_id = db.Column(db.Integer)
    name = db.Column(db.String)


class Product(db.Model):
    __tablename__ = "products"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String)
    unit = db.Column(db.String)


class Sale(db.Model):
    __tablename__ = "sales"
    id = db.Column(db.Integer, primary_key=True)
    company_id = db.Column(db.Integer)
    branch_id = db.Column(db.Integer)
    cashier_id = db.Column(db.Integer)
    kind = db.Column(db.String)
    sale_type = db.Column(db.String)
    payment = db.Column(db.String)
    day = db.Column(db.String)
    total = db.Column(db.Integer)
    lines = db.relationship("SaleLine", lazy="select")


class SaleLine(db.Model):
    __tablename__ = "sale_lines"
    id = db.Column(db.Integer, primary_key=True)
    sale_id = db.Column(db.Integer, db.ForeignKey("sales.id"))
    product_id = db.Column(db.Integer)
    qty = db.Column(db.Integer)
    total = db.Column(db.Integer)


def period_sales(company_id, start, end, branch_id=None):
    q = Sale.query.filter(Sale.company_id == company_id, Sale.day >= start.isoformat(), Sale.day <= end.isoformat())
    if branch_id:
        q = q.filter(Sale.branch_id == branch_id)
    return q.all()


def summary(company_id, start, end, branch_id=None):
    sales = period_sales(company_id, start, end, branch_id)
    total = sum(s.total for s in sales)
    receipts = sum(1 for s in sales if s.kind == "sale")
    by_type, by_payment, by_cashier = defaultdict(int), defaultdict(int), defaultdict(lambda: [0, 0])
    for s in sales:
        by_type[s.sale_type] += s.total
        by_payment[s.payment] += s.total
        if s.cashier_id:
            by_cashier[s.cashier_id][0] += s.total
            by_cashier[s.cashier_id][1] += 1 if s.kind == "sale" else 0
    days = (end - start).days + 1
    previous = period_sales(company_id, start - timedelta(days=days), start - timedelta(days=1), branch_id)
    previous_total = sum(s.total for s in previous)
    ids = [s.id for s in sales]
    by_product = defaultdict(lambda: [0, 0])
    for chunk in range(0, len(ids), 900):
        for line in SaleLine.query.filter(SaleLine.sale_id.in_(ids[chunk:chunk + 900])).all():
            by_product[line.product_id][0] += line.qty
            by_product[line.product_id][1] += line.total
    top = sorted(by_product.items(), key=lambda kv: -kv[1][1])[:5]
    top_products = [(db.session.get(Product, pid).name, qty, amount) for pid, (qty, amount) in top]
    cashiers = sorted(by_cashier.items(), key=lambda kv: -kv[1][0])[:3]
    top_cashiers = [(db.session.get(User, uid).name, r, t) for uid, (t, r) in cashiers]
    change = None if previous_total == 0 else (total - previous_total) * 100.0 / abs(previous_total)
    return dict(total=total, receipts=receipts, retail=by_type["retail"], wholesale=by_type["wholesale"],
                payments=dict(by_payment), change=change, top_products=top_products, top_cashiers=top_cashiers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json")
    args = parser.parse_args()
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{os.path.abspath(args.database)}"
    db.init_app(app)
    with app.app_context():
        admin = User.query.filter_by(telegram_id=1001).one()
        company = admin.current_company_id
        branch = Branch.query.filter_by(company_id=company).order_by(Branch.id).first().id
        today = datetime.now(timezone(timedelta(hours=5))).date()  # Asia/Tashkent
        month_start = today.replace(day=1)
        last_month_end = month_start - timedelta(days=1)
        cases = [
            ("/sales today", (today, today, None)),
            ("this month (button)", (month_start, today, None)),
            ("last month with comparison (button)", (last_month_end.replace(day=1), last_month_end, None)),
            ("one branch, this month (button)", (month_start, today, branch)),
        ]
        rows = []
        for name, (start, end, branch_id) in cases:
            times = []
            for i in range(args.runs + 2):
                db.session.expunge_all()  # each request starts with a fresh session, as in Flask
                started = time.perf_counter()
                summary(company, start, end, branch_id)
                took = (time.perf_counter() - started) * 1000
                db.session.remove()
                if i >= 2:
                    times.append(took)
            times.sort()
            p = lambda q: times[round((len(times) - 1) * q)]
            rows.append(dict(case=name, runs=args.runs, p50_ms=p(0.5), p99_ms=p(0.99), mean_ms=statistics.mean(times)))
            print(f"| Python (Flask-SQLAlchemy) | {name} | {args.runs} | {p(0.5):.2f} | {p(0.99):.2f} | {statistics.mean(times):.2f} |")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(dict(database="Sqlite", rows=rows), f, indent=2)


if __name__ == "__main__":
    main()
