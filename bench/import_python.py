"""The import benchmark's other side and its input. `make` writes the same sales as CSV and
XLSX (XlsxWriter) from a demo database's branches and products; `openpyxl` only parses the
XLSX with openpyxl in read-only mode (what a Python importer would do before any checking or
writing) and prints the rows and seconds.

    python3 bench/import_python.py make DB ROWS OUT_PREFIX
    python3 bench/import_python.py openpyxl FILE.xlsx
"""

import csv
import random
import sqlite3
import sys
import time

HEADER = ["date", "branch", "receipt", "product_code", "qty", "payment", "price"]
PAYMENTS = ["cash", "card", "transfer", "click", "payme"]


def make(db, rows, prefix):
    con = sqlite3.connect(db)
    company = con.execute("SELECT MIN(id) FROM companies").fetchone()[0]
    branches = [r[0] for r in con.execute("SELECT name FROM branches WHERE company_id = ?", (company,))]
    products = [r[0] for r in con.execute("SELECT code FROM products WHERE company_id = ?", (company,))]
    rng = random.Random(11)
    table = []
    receipt = 0
    while len(table) < rows:
        receipt += 1
        day = 1 + receipt * 28 // (rows // 3 + 1)
        branch = rng.choice(branches)
        payment = rng.choice(PAYMENTS)
        at = f"2025-03-{day:02d} {9 + receipt % 12:02d}:{receipt % 60:02d}"
        for _ in range(min(3, rows - len(table))):
            qty = rng.randint(1, 5)
            price = rng.randint(5, 500) * 100
            table.append([at, branch, f"BENCH-{receipt}", rng.choice(products), qty, payment, price])
    with open(prefix + ".csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(table)
    import xlsxwriter

    book = xlsxwriter.Workbook(prefix + ".xlsx", {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(table, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    print(company, len(table), receipt)


def parse_openpyxl(path):
    import openpyxl

    started = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True)
    n = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    print(n, round(time.perf_counter() - started, 3))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        parse_openpyxl(sys.argv[2])
