"""What a shop would otherwise write: the same sale lines read from Savdo's SQLite file (the
query `savdo export sales` runs) and written with Python's XlsxWriter (constant_memory) or
openpyxl (write_only) or the csv module. Prints rows and seconds.

    python3 bench/export_python.py DB {xlsxwriter|openpyxl|csv} OUT [--from YYYY-MM-DD]
"""

import csv
import sqlite3
import sys
import time

QUERY = """
SELECT s.day, s.id, b.name, u.name, c.name, p.name,
       CASE WHEN s.kind = 'return' THEN -l.qty ELSE l.qty END, l.total
FROM sale_lines l JOIN sales s ON s.id = l.sale_id JOIN branches b ON b.id = s.branch_id
JOIN products p ON p.id = l.product_id LEFT JOIN users u ON u.id = s.cashier_id
LEFT JOIN customers c ON c.id = s.customer_id
WHERE l.company_id = ? AND s.day >= ? ORDER BY l.id
"""
HEADERS = ["Date", "Receipt", "Branch", "Cashier", "Customer", "Product", "Quantity", "Amount, so‘m"]


def rows(db, since):
    con = sqlite3.connect(db)
    for day, receipt, branch, cashier, customer, product, qty, total in con.execute(QUERY, (1, since)):
        yield [day, receipt, branch, cashier or "", customer or "", product, qty / 1000, total / 100]


def with_xlsxwriter(db, out, since):
    import xlsxwriter

    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = book.add_worksheet("sales")
    money = book.add_format({"num_format": "#,##0.00"})
    qty = book.add_format({"num_format": "#,##0.###"})
    sheet.write_row(0, 0, HEADERS)
    n = 0
    for n, r in enumerate(rows(db, since), start=1):
        sheet.write_string(n, 0, r[0])
        sheet.write_number(n, 1, r[1])
        for c in (2, 3, 4, 5):
            if r[c]:
                sheet.write_string(n, c, r[c])
        sheet.write_number(n, 6, r[6], qty)
        sheet.write_number(n, 7, r[7], money)
    book.close()
    return n


def with_openpyxl(db, out, since):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("sales")
    sheet.append(HEADERS)
    n = 0
    for n, r in enumerate(rows(db, since), start=1):
        q = WriteOnlyCell(sheet, value=r[6])
        q.number_format = "#,##0.###"
        m = WriteOnlyCell(sheet, value=r[7])
        m.number_format = "#,##0.00"
        sheet.append(r[:6] + [q, m])
    book.save(out)
    return n


def with_csv(db, out, since):
    n = 0
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for n, r in enumerate(rows(db, since), start=1):
            w.writerow(r[:6] + [f"{r[6]:g}", f"{r[7]:.2f}"])
    return n


if __name__ == "__main__":
    db, engine, out = sys.argv[1:4]
    since = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--from" else "2000-01-01"
    started = time.perf_counter()
    n = {"xlsxwriter": with_xlsxwriter, "openpyxl": with_openpyxl, "csv": with_csv}[engine](db, out, since)
    print(f"{engine}: {n} rows in {time.perf_counter() - started:.2f} s", file=sys.stderr)
