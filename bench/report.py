"""Puts the Rust and Python figures side by side: python report.py rust-sqlite.json rust-postgres.json python.json"""
import json
import sys

rust_sqlite, rust_pg, python = (json.load(open(p)) for p in sys.argv[1:4])
py = {r["case"]: r for r in python["rows"]}
pg = {r["case"]: r for r in rust_pg["rows"]}
print("| case | Savdo SQLite p50 / p99 ms | Savdo PostgreSQL p50 / p99 ms | seed (Python) SQLite p50 / p99 ms | p50 ratio (Python / Savdo SQLite) |")
print("|---|---|---|---|---|")
for r in rust_sqlite["rows"]:
    p, g = py[r["case"]], pg[r["case"]]
    print(f"| {r['case']} | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} | {g['p50_ms']:.2f} / {g['p99_ms']:.2f} | "
          f"{p['p50_ms']:.1f} / {p['p99_ms']:.1f} | {p['p50_ms'] / r['p50_ms']:.0f}× |")
