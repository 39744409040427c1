# Savdo — English

currency-uzs = UZS
lang-name = English
lang-choose = Choose a language:
lang-changed = Language changed: { $language }.
lang-unknown = No such language. Available: uz, ru, en.

## Commands
cmd-start = start, or join through an invite
cmd-help = list of commands
cmd-find = find a product: price and stock
cmd-product = add or edit a product
cmd-invite = invite a colleague
cmd-users = people: role, branch, blocking
cmd-branches = branches
cmd-lang = change the language
cmd-cancel = cancel what is in progress
help-header = Savdo commands ({ $role }, “{ $company }”):
help-header-guest = Savdo commands:

## Refusals and errors
refuse-no-company = You are not in a company yet. Send /start to create one, or ask your manager for an invite link.
refuse-blocked = Your account is blocked. Please contact your company’s administrator.
refuse-role = Your role ({ $role }) may not do this.
err-tin = A TIN has exactly 9 digits. Please type it again:
err-name = The name is empty or too long. Please type it again:
err-question-limit = The assistant’s question limit for today is reached.
err-bad-argument = I could not read that: check the period, branch or number and try again.
err-file-too-large = The file is too large: up to 20 MB, please.
err-image-too-large = The image is too large: up to 40 megapixels, please.
err-file-format = I cannot read this kind of file: send a JPEG, PNG, TIFF, WebP or PDF.
err-file-unreadable = The file could not be read: it may be damaged. Please take the photo again.
err-no-text = No text was found in the picture. Photograph the document in good light, straight and closer.
err-ocr-unavailable = Reading pictures (OCR) is not working on this server right now. Enter the details by hand or tell your administrator.
err-invite-unknown = This invite link is unknown. Ask your manager for a new one.
err-invite-expired = This invite link has expired. Ask your manager for a new one.
err-invite-used = This invite link has already been used. Ask your manager for a new one.
err-last-admin = The company must keep at least one active administrator.
err-branch-exists = A branch with this name exists. Please type another name:
err-not-found = Not found.
err-branch-required = Choose a branch for this role.
err-stale-button = This button is out of date. Please send the command again.
err-code = A code may hold letters, digits and - _ . (up to 32). Please type it again:
err-price = I did not understand the price. For example: 12 500 or 12500.50
err-qty = I did not understand the quantity. For example: 10 or 2.5
err-barcode = A barcode has 8–14 digits. Please type it again, or send “-”:
error-internal = Something went wrong. Please try again in a moment.
text-only = For now I understand text messages only. Commands: /help
unknown-text = Sorry, I did not understand. Try: “sales today”, “how many items did we sell today?”, “how many cola left?”, “who owes us?”. Commands: /help
unknown-command = No such command. Commands: /help
cancelled = Cancelled.
nothing-to-cancel = Nothing to cancel.
saved = Saved
no-branch = —
no-value = —

## Onboarding
start-welcome = Hello, { $name }! I am Savdo, an assistant that runs your sales and stock in Telegram.
    Let us register your company. What is the company’s name?
start-member = Welcome back, { $name }! You are in “{ $company }”: { $role }. Commands: /help
onboard-ask-tin = Type the TIN (STIR) of “{ $company }” (9 digits):
onboard-ask-branch = Name your first branch (a shop or a warehouse):
onboard-done = ✅ “{ $company }” is registered, first branch: { $branch }.
    You are its administrator. Invite colleagues with /invite; commands: /help
join-done = ✅ You have joined “{ $company }”.
    Role: { $role }. Branch: { $branch }.
    Commands: /help
join-notify = 👤 { $name } joined through an invite: { $role }, branch: { $branch }.

## Invites
invite-choose-role = Whom are we inviting? Choose a role:
invite-choose-branch = Which branch will the { $role } work in?
invite-link = The invite is ready: { $role }, branch: { $branch }.
    Send the link to your colleague. It is valid for { $hours } hours and works once:
    { $link }

## People and branches
users-header = People: { $count }. Whom do we change?
user-card = 👤 { $name }
    Role: { $role }
    Branch: { $branch }
    Status: { $status }
status-active = active
status-blocked = blocked
btn-change-role = Change role
btn-change-branch = Change branch
btn-block = 🚫 Block
btn-unblock = ✅ Unblock
btn-back = ⬅️ Back
user-choose-role = New role for { $name }:
user-choose-branch = Branch for { $name }:
branches-header = Branches: { $count }
btn-add-branch = ➕ Add a branch
branch-ask-name = Type the new branch’s name:
branch-added = ✅ Branch “{ $name }” added.

## Roles
role-admin = Administrator
role-manager = Manager
role-cashier = Cashier
role-warehouse = Warehouse keeper
role-agent = Sales agent
role-employee = Employee

## Products
product-ask-code = Type the product code (for example A-100). An existing code edits that product:
product-editing = Editing “{ $name }”. Send “-” to keep a current value.
product-current = Now: { $value }
product-ask-name = Product name:
product-ask-unit = Unit:
product-ask-sale-price = Sale price (so‘m), for example 12 500:
product-ask-purchase-price = Purchase price (so‘m):
product-ask-barcode = Barcode (8–14 digits), or “-” to skip:
product-ask-min = Minimum stock (I warn when it falls below), for example 10:
product-summary = Please check:
    Code: { $code }
    Name: { $name }
    Unit: { $unit }
    Sale price: { $sale }
    Purchase price: { $purchase }
    VAT: { $vat }
    Barcode: { $barcode }
    Minimum stock: { $min }
product-confirm-hint = Press “Save” or “Cancel”.
product-saved = ✅ Product saved: { $code } — { $name }.
product-ask-wholesale = Wholesale price (so‘m): wholesale customers and wholesale sales pay it. Send “-” to remove it:
product-summary-wholesale = Wholesale price: { $price }
btn-wholesale-price = 🏷 Wholesale price
btn-save = ✅ Save
btn-cancel = ✖️ Cancel
unit-pcs = pcs
unit-kg = kg
unit-l = l
unit-m = m
unit-box = box
unit-pack = pack
find-usage = What are we looking for? For example: /find cola or /find 4780000000017
find-none = Nothing found for “{ $query }”.
find-item = 📦 { $name } ({ $code })
    Price: { $price }
    Stock: { $stock }
find-more = … there are more. Please narrow the search.

## Console (savdo console)
console-banner = Savdo console — you are { $name } (Telegram id { $id }). Type /start to begin.
console-help = A number presses the button shown with it; \N sends the number as text; /quit or Ctrl-D ends.
console-button-gone = (that button is no longer there)
console-edited = (edited)

## Sales: commands
cmd-sales = sales report: today, yesterday, week, month
cmd-sell = sell: a new receipt
cmd-return = refund a receipt: /return receipt number
cmd-invoice = invoice (hisob-faktura): /invoice receipt number
cmd-customer = customers: /customer name or phone
cmd-debts = who owes what (credit sales)
cmd-stock = a product's stock per branch
cmd-forecast = 4-week sales forecast and reorder point
cmd-purchase = receive goods
cmd-count = stock count
cmd-suppliers = suppliers and what is owed to them
cmd-pay = pay a supplier
cmd-orders = purchase orders to suppliers
cmd-apikey = API keys

## Sales report
period-today = Today
period-yesterday = Yesterday
period-week = This week
period-month = This month
period-last-month = Last month
period-last-week = Last week
period-range = Period
sales-title = 📊 Sales — { $period } ({ $dates }), { $scope }
sales-scope-all = all branches
sales-scope-mine = my receipts
sales-empty = No sales in this period.
sales-units = 📦 Sold: { $units }
sales-total = Total: { $total }
sales-change-up = (▲ { $pct } on the previous period)
sales-change-down = (▼ { $pct } on the previous period)
sales-receipts = Receipts: { $count } · average receipt: { $avg }
sales-types = Retail: { $retail } · wholesale: { $wholesale }
sales-payments = Payments: { $list }
sales-returns = Returns: { $count }, { $amount }
sales-top-products = Best sellers:
sales-top-cashiers = Top cashiers:
sales-cashier-line = { $n }. { $name } — { $total } ({ $receipts } receipts)
sales-usage = I did not understand the period. For example: /sales today, /sales yesterday, /sales week, /sales month, /sales last month or /sales 01.11.2026-15.11.2026
sales-choose-branch = Choose a branch:
sales-chart-caption = Sales per day, so‘m — { $dates }, { $scope }
btn-branches = 🏬 Branch
btn-chart = 📈 Chart
pay-cash = cash
pay-card = card
pay-transfer = transfer
pay-click = Click
pay-payme = Payme
pay-debt = on credit
type-retail = retail
type-wholesale = wholesale

## Selling
sell-start = 🛒 New receipt ({ $branch }). Type a product’s name, code or barcode:
sell-choose = Several products match. Choose one:
sell-ask-qty = { $name } — { $price } / { $unit }. In stock: { $stock }. How many?
sell-cart = 🛒 Receipt ({ $kind }):
sell-total = Total: { $total }
btn-sell-customer = 👤 Customer
sell-ask-customer = Type the customer’s name or phone:
sell-cart-customer = Customer: { $name }
sell-cart-hint = Type another product, or press a button.
sell-choose-payment = How is it paid?
sell-edit = Which line do we remove?
sell-credit-ask-customer = On credit: type the customer's name or phone:
sell-credit-ask-paid =
    👤 { $name } · owes { $owes } · limit { $limit }
    Receipt: { $total }. How much is paid now? (0 if nothing)
sell-credit-done = ✅ Sold on credit.
btn-sell-anyway = ⚠️ Sell anyway
btn-new-customer = ➕ New customer
customer-ask = Type the customer's name or phone:
customer-none = No customer matches “{ $query }”.
customer-choose = Customers matching “{ $query }”. Choose one:
customer-ask-name = The new customer's name (or company name):
customer-edit-name = { $name }: type the new name (“-” keeps it):
customer-ask-phone = Phone number (“-” for none, or to keep it):
customer-ask-tin = TIN (9 digits; “-” for none, or to keep it). Invoices need it:
customer-ask-kind = Customer type:
customer-ask-limit = Credit limit in so‘m (0 for no credit, “-” for no limit, or to keep it):
customer-kind-retail = Retail
customer-kind-wholesale = Wholesale
customer-no-limit = no limit
customer-phone = 📞 { $phone }
customer-tin = TIN: { $tin }
customer-kind = Type: { $kind }
customer-limit = Credit limit: { $limit }
customer-owes = Owes: { $amount }
customer-limit-state = { $name }: owes { $owes }, limit { $limit }.
btn-take-payment = 💵 Take a payment
btn-statement = 📄 Statement
btn-statement-xlsx = 📎 Statement (XLSX)
btn-edit = ✏️ Edit
btn-remind = 🔔 Remind
debt-pay-amount = { $name } owes { $amount }. How much is being paid?
debt-pay-how = { $amount }: paid how?
debt-paid = ✅ { $name } paid { $amount } ({ $payment }). Still owed: { $left }
debt-reminder-ready = The reminder is ready: forward it to the customer ({ $phone }).
debt-reminder = Dear { $name }, you owe { $company } { $amount }. Please pay it at your earliest convenience. Thank you!
statement-header = 📄 { $name }: latest entries
statement-empty = No entries yet.
debts-none = Nobody owes anything.
debts-header = 📒 Customers who owe: { $count } · { $total } in all
debts-age = { $age } days: { $amount }
debts-more = … and { $count } more
debts-weekly = 📒 Weekly: overdue debts (over 30 days): { $count } customers, { $total } in all
debts-weekly-line = • { $name }: { $overdue } overdue ({ $owes } owed in all, since { $since })
debts-weekly-hint = Details: /debts
suppliers-none = No suppliers yet: they are added in /purchase.
suppliers-header = 🚚 Owed to suppliers: { $total }. Choose one:
suppliers-unnamed = For goods received with no supplier named: { $amount }
supplier-owed = We owe: { $amount }
btn-pay-supplier = 💸 Pay
supplier-pay-amount = How much do we pay { $name }?
supplier-pay-from = { $amount }: from where?
supplier-paid = ✅ Paid { $name } { $amount } ({ $from }). We still owe: { $left }
btn-pay = 💳 Pay
btn-edit-cart = ✏️ Edit
btn-switch-type = ⇄ { $kind }
receipt-header = 🧾 Receipt №{ $number } · { $when }
receipt-return-header = ↩️ Refund №{ $number } (receipt №{ $original }) · { $when }
receipt-where = Branch: { $branch } · cashier: { $cashier }
receipt-vat = VAT included: { $vat }
receipt-payment = Paid: { $payment } · { $kind }
receipt-credit = On credit: { $name } · paid now { $paid } · owes in all { $owes }
return-usage = Give the receipt number, for example: /return 125
btn-return-all = ↩️ Refund all
err-unknown-product = No such product.
err-bad-period = The period ends before it starts.
err-amount-too-large = That amount is too large: at most 1,000,000,000,000 UZS.
err-qty-too-large = That quantity is too large: at most 1,000,000 on one line.
err-phone = A phone number has 9 to 15 digits, for example 90 123 45 67.
err-notes-too-long = Notes may be at most 500 characters.
err-customer-required = Choose a customer to sell on credit.
err-credit-limit = The customer's credit limit does not allow this: the sale would take their debt past it.
err-payment-above-debt = The payment is more than the customer owes.
err-payment-method = A debt is paid in cash, by card or by transfer.
err-order-closed = This purchase order is closed: it can no longer be changed or received.
err-receive-too-much = More would be received than was ordered.
err-pdf-too-long = Too many rows for a PDF (over 5,000): choose XLSX or CSV.
err-buyer-tin = An invoice needs the buyer's TIN: add it in /customer.
err-unknown-cashier = That cashier is not a member of this company.
err-empty-sale = The receipt has no products.
err-discount = A discount cannot exceed the line amount.
err-return-too-much = More cannot be returned than was sold (the receipt may already be refunded).
err-not-a-sale = Only a sale receipt can be refunded.

## Stock
stock-usage = Which product? For example: /stock cola
stock-line = { $mark }{ $branch }: { $qty } (min { $min }) · { $value }
stock-value = Total at cost: { $value }
alert-low-stock = ⚠️ Running low: { $product } — { $qty } left in { $branch } (minimum { $min }).
alert-reorder-point = ⚠️ Time to reorder: { $product } — { $qty } left in { $branch } (reorder point from the forecast { $min }).
btn-purchase-draft = 🛒 Draft an order
btn-snooze-day = 😴 Snooze 1 day
snoozed = Snoozed for a day
purchase-ask-supplier = Type the supplier’s name (or “-”):
purchase-ask-product = Which product arrived? Name, code or barcode:
purchase-ask-qty = { $name }: how many { $unit } arrived?
purchase-ask-cost = Price of one { $unit } (VAT included). Now: { $cost }. “-” keeps it:
purchase-cart = 📦 Goods received, supplier: { $supplier }
purchase-hint = Type another product, or press “Receive”.
btn-receive = ✅ Receive
purchase-done = ✅ Receipt of goods №{ $number }: { $total }, VAT included { $vat }. Stock updated.
orders-none = No open purchase orders. The low-stock alert's button drafts one.
orders-header = 📝 Open purchase orders:
order-status-draft = draft
order-status-sent = sent
order-status-partial = partly received
order-status-received = received
order-status-cancelled = cancelled
order-header = 📝 Order №{ $number } · { $branch } · supplier: { $supplier } · { $status }
order-line = { $n }. { $name } — { $qty } × { $cost } (received { $received })
order-ask-received = { $name }: how much came? ({ $due } due)
order-title = Purchase order №{ $number }
order-subtitle = { $company } · { $branch } · supplier: { $supplier }
btn-order-send = 📤 Send (PDF)
btn-order-supplier = 🚚 Choose the supplier
order-ask-supplier = The supplier’s name (an existing one is picked, a new one added):
btn-order-receive-all = 📥 Receive all
btn-order-receive-part = 📦 Part
btn-order-pdf = 📄 PDF
btn-order-cancel = ✖️ Cancel
count-start = 📋 Stock count ({ $branch }). Type a product’s name, code or barcode:
count-ask = { $name }: the books say { $books }. How many are there?
count-list = Counted:
count-hint = Type the next product, or post the differences.
btn-post-count = ✅ Post differences
count-ask-reason = Give a reason (for example: monthly stock count):
count-posted = ✅ Stock count №{ $number } posted: { $count } products.

## API keys
apikey-header = API keys: { $count }
btn-new-key = ➕ New key
btn-revoke = 🗑 Revoke { $prefix }
apikey-created = 🔑 A new API key. It is shown only now — keep it safe:
    { $key }
    Send it in the X-API-Key header.
apikey-revoked = Key revoked

## Import
import-progress = ⏳ Checking { $name }…
import-writing = ⏳ { $name }: { $rows } rows checked, saving…
import-done = ✅ Imported: { $receipts } receipts, { $rows } rows, { $total } in all.
import-refused = ❌ The file was not imported; nothing was saved. Problems: { $count }
import-line = Row { $line }: { $problem }
import-more = … and { $count } more problems
import-too-big = The file is too big (at most { $value }).
import-unreadable = The file could not be read: { $value }
import-wrong-type = Only CSV or XLSX files are taken (not { $value }).
import-empty = The file has no rows.
import-too-many-rows = The file has too many rows (at most { $value }).
import-missing-columns = Columns missing: { $value }
import-bad-branch = no such branch: “{ $value }”
import-bad-product = no product with code “{ $value }”
import-bad-qty = wrong quantity: “{ $value }”
import-bad-date = wrong date: “{ $value }” (for example 2026-11-21 14:30)
import-bad-payment = wrong payment: “{ $value }” (cash, card, transfer, click, payme, debt)
import-bad-type = wrong sale type: “{ $value }” (retail or wholesale)
import-bad-price = wrong amount: “{ $value }”
import-bad-receipt = the receipt number is empty or too long
import-bad-customer = no such customer (or more than one): “{ $value }”; the name, phone or TIN as in /customer
import-debt-needs-customer = receipt “{ $value }” is on credit: name the customer in the customer column
import-receipt-mismatch = the rows of receipt “{ $value }” differ in branch, date, payment or type
import-already = receipt “{ $value }” was imported before

## Morning digest
digest-title = 🌅 Morning digest: products below their minimum
digest-line = • { $product } — { $qty } (min { $min })

## Transfers and settings
cmd-transfer = move goods to another branch
cmd-digest = morning digest time: /digest 08:30
transfer-no-branch = There is no other branch. Add one with /branches first.
transfer-choose-branch = 🚚 From { $from } to which branch?
transfer-choose-first = Choose the receiving branch first.
transfer-ask-product = Which product goes? Name, code or barcode:
transfer-ask-qty = { $name }: how many { $unit } go?
transfer-list = 🚚 To { $to }:
transfer-hint = Type another product, or press “Send”.
btn-send-transfer = ✅ Send
transfer-done = ✅ Transfer №{ $number } done: { $count } products.
digest-current = The morning digest comes every day at { $time }. To change it: /digest 08:30
digest-set = ✅ The morning digest will now come at { $time }.
digest-usage = Give the time as HH:MM, for example: /digest 08:30

## Expenses, cash, reports: errors
err-already-decided = This has already been decided.
err-shift-open = A shift is already open on this register.
err-no-shift = No shift is open. Open one with /kassa first.

## Expenses
cmd-expense = file an expense
cmd-expenses = expenses: to approve, or your own
expense-ask-amount = 💸 Type the expense amount (so‘m):
expense-ask-category = Choose a category:
expense-ask-description = What for? In a few words:
expense-ask-photo = Send a photo of the receipt, or skip:
expense-ask-paid-from = Paid from where?
expense-use-buttons = Please press one of the buttons.
expense-filed = ✅ Expense №{ $number } ({ $amount }) sent for approval.
expense-card = 💸 Expense №{ $number } — { $amount }
    { $category }: { $description }
    { $name }, { $branch } · { $paid }
expense-to-approve = Needs your approval:
expense-to-approve-admin = Needs your approval (above the threshold, admin):
expense-photo-caption = Receipt for expense №{ $number }
expense-approved-by = ✅ Approved by { $name }
expense-rejected-by = ❌ Rejected by { $name }. Reason: { $reason }
expense-withdrawn = ↩️ Withdrawn by its author
expense-pending = ⏳ Waiting for approval
expense-ask-reason = Type the reason for rejecting it:
expense-none = No expenses.
expense-threshold-set = ✅ Expenses above { $amount } now need an admin’s approval.
btn-approve = ✅ Approve
btn-reject = ❌ Reject
btn-withdraw = ↩️ Withdraw
btn-skip = Skip
btn-from-cash = from the till
btn-from-bank = from the bank

## Cash register
cmd-kassa = cash register: shift, balance, cash in and out
kassa-status = 💵 { $register }: balance { $balance }
kassa-shift-open = The shift is open.
kassa-shift-closed = The shift is closed.
kassa-today = Today’s movements:
btn-open-shift = 🟢 Open shift
btn-close-shift = 🔴 Close shift
btn-cash-in = ⬇️ Cash from bank
btn-cash-out = ⬆️ Cash to bank
kassa-ask-opening = Count the cash in the till and type the amount (so‘m):
kassa-ask-counted = Closing the shift: count the cash and type the amount (so‘m):
kassa-ask-in = How much cash came from the bank (so‘m)?
kassa-ask-out = How much went to the bank (so‘m)?
kassa-opened = ✅ Shift opened ({ $register }), opening cash { $amount }.
kassa-closed = ✅ Shift closed: expected { $expected }, counted { $counted }. No difference.
kassa-closed-short = ⚠️ Shift closed: expected { $expected }, counted { $counted }. Shortage: { $difference }.
kassa-closed-over = ✅ Shift closed: expected { $expected }, counted { $counted }. Surplus: { $difference }.
kassa-moved = ✅ { $amount } recorded. Cash in the till: { $balance }.
kassa-alert-short = ⚠️ Shortage of { $difference }: { $name } ({ $branch }) closed the shift — expected { $expected }, counted { $counted }.
kassa-alert-over = ℹ️ Surplus of { $difference }: { $name } ({ $branch }) closed the shift — expected { $expected }, counted { $counted }.

## Reports
cmd-report = financial report: /report pnl|balance|cash|trial [period]
cmd-export = export to a file: sales, purchases, stock, debts (XLSX, PDF, CSV)
report-usage = For example: /report pnl 2026-02, /report balance, /report cash week, /report trial
report-progress = ⏳ Preparing the report…
report-pnl = Profit and loss
report-balance = Balance sheet
report-cash = Cash flow (direct method)
report-trial = Trial balance
report-pnl-summary = 📈 Profit and loss, { $dates }
    Net revenue: { $revenue }
    Gross profit: { $gross }
    Operating profit: { $operating }
    Net profit: { $net }
report-balance-summary = 📒 Balance sheet at { $date }: assets { $assets } = liabilities and equity { $liabilities }
report-cash-summary = 💵 Cash flow, { $dates }
    Opening: { $opening }
    In: { $inflow }
    Out: { $outflow }
    Closing: { $closing }
report-trial-summary = 🧮 Trial balance, { $dates }: debit { $debit } = credit { $credit }
col-item = Item
col-amount = Amount, so‘m
col-account = Account
col-opening = Opening balance
col-debit = Debit
col-credit = Credit
col-closing = Closing balance
col-total = Total
col-code = Code
col-product = Product
col-qty = Quantity
col-price = Price, so‘m
col-price-net = Price (net of VAT)
col-amount-net = Amount (net of VAT)
col-vat-rate = VAT rate
invoice-title = INVOICE № { $number } · { $date }
invoice-parties = Seller: { $seller } (TIN { $seller_tin }) · Buyer: { $buyer } (TIN { $buyer_tin })
invoice-usage = Give the receipt number: /invoice 123
invoice-caption = 🧾 Invoice № { $number }: { $buyer }
btn-invoice = 🧾 Invoice
col-date = Date
col-receipt = Receipt
col-receipts = Receipts
col-branch = Branch
col-cashier = Cashier
col-customer = Customer
col-supplier = Supplier
col-document = Document
col-documents = Documents
col-number = Number
col-vat = VAT, so‘m
col-profit = Gross profit, so‘m
col-avg-cost = Average cost, so‘m
col-value = Value, so‘m
col-min = Minimum
col-below-min = Below minimum
col-phone = Phone
col-age-30 = 0–30 days
col-age-60 = 31–60 days
col-age-90 = 61–90 days
col-age-older = 90+ days
col-balance = Balance, so‘m
yes = yes
no = no
statement-opening = Opening balance
export-sales = Sales (lines)
export-sales-by-day = Sales by day
export-sales-by-branch = Sales by branch
export-sales-by-cashier = Sales by cashier
export-sales-by-product = Sales by product
export-sales-by-customer = Sales by customer
export-purchases = Purchases (lines)
export-purchases-by-supplier = Purchases by supplier
export-purchases-by-product = Purchases by product
export-inventory = Inventory
export-debts = Debts
export-customer-statement = Customer statement
export-supplier-statement = Supplier statement
export-choose = 📤 What to export?
export-choose-period = 📤 { $kind }: which period?
export-choose-format = 📤 { $kind }: which format?
export-chosen = 📤 { $kind }
export-progress = ⏳ Preparing the file…
export-progress-rows = ⏳ Preparing the file… { $rows } rows
export-done = ✅ Done: { $rows } rows.
export-too-big = The file is too big for Telegram (over 50 MB, { $rows } rows). Choose a shorter period, or use the API or savdo export.
pnl-revenue = Revenue from goods (net of VAT)
pnl-returns = Returns
pnl-discounts = Discounts
pnl-net-revenue = Net revenue
pnl-cost = Cost of goods sold
pnl-gross = Gross profit
pnl-other-income = Other operating income
pnl-selling = Selling expenses
pnl-admin = Administrative expenses
pnl-other-expenses = Other operating expenses
pnl-operating = Operating profit
pnl-tax = Profit tax ({ $rate }, estimate)
pnl-net = Net profit
balance-assets = Assets
balance-total-assets = Total assets
balance-liabilities = Liabilities
balance-equity = Equity
balance-current-result = Result of the current period
balance-total-liabilities = Total liabilities and equity
cash-opening = Cash at the start
cash-closing = Cash at the end
cf-sale = Receipts from sales
cf-return = Refunds to customers
cf-purchase = Purchases of goods
cf-supplier_payment = Payments to suppliers
cf-expense = Expenses
cf-shift_open = Difference at shift opening
cf-shift_close = Difference at shift closing
cf-cash_in = Bank to till
cf-cash_out = Till to bank
cf-count = Stock count
cf-reversal = Corrections
cf-customer_payment = Debt payments from customers
account-2910 = Goods in the warehouse
account-4010 = Receivables from buyers
account-4310 = Advances paid to suppliers
account-4410 = Tax prepayments (input VAT)
account-5010 = Cash in so‘m
account-5110 = Settlement account
account-5910 = Shortages and losses
account-6010 = Payables to suppliers
account-6310 = Advances received from buyers
account-6410 = Taxes payable (VAT)
account-6520 = Social tax payable
account-6710 = Salaries payable
account-8330 = Charter capital
account-8710 = Retained earnings
account-9020 = Revenue from sale of goods
account-9040 = Returns of goods sold
account-9050 = Discounts
account-9120 = Cost of goods sold
account-9390 = Other operating income
account-9410 = Selling expenses
account-9420 = Administrative expenses
account-9430 = Other operating expenses
cmd-account = add a sub-account: /account 5011 Till 2
cmd-category = expense categories: /category 9420 Security
account-usage = For example: /account 5011 Till 2 (4 digits, starting like its parent 5010)
account-added = ✅ Account { $code } — { $name } added under { $parent }.
category-list = Expense categories:
category-usage = A new one: /category 9410|9420|9430 Name (9410 selling, 9420 administrative, 9430 other)
category-added = ✅ Category “{ $name }” added ({ $account }).
kassa-default-name = Main till

## Activity log
cmd-audit = activity log: who changed what
cmd-assistant = the assistant: questions today, limit, feedback
audit-usage = Usage: /audit [product|user|expense|sale ID] [period], for example: /audit product 3 week
audit-title = 📜 Activity log — { $scope }
audit-scope-all = whole company
audit-empty = No changes in this period.
audit-by-key = API key ({ $name })
audit-by-job = system ({ $name })
audit-by-cli = server command line
audit-yes = yes
audit-no = no
audit-company-created = Company created
audit-company-setting = Setting changed
audit-branch-added = Branch added
audit-invite-created = Invite created
audit-invite-accepted = Invite accepted
audit-user-role = Role changed
audit-user-branch = Branch changed
audit-user-blocked = User blocked
audit-user-unblocked = User unblocked
audit-product-created = Product added
audit-product-edited = Product edited
audit-sale-recorded = Sale
audit-sale-returned = Return
audit-purchase-recorded = Purchase received
audit-stock-counted = Stock count
audit-stock-transferred = Transfer between branches
audit-expense-filed = Expense filed
audit-expense-approved = Expense approved
audit-expense-rejected = Expense rejected
audit-expense-withdrawn = Expense withdrawn
audit-category-added = Expense category added
audit-account-added = Sub-account added
audit-shift-opened = Shift opened
audit-shift-closed = Shift closed
audit-cash-moved = Cash moved
audit-supplier-paid = Supplier paid
audit-partner-added = Partner added
audit-api-key-created = API key created
audit-api-key-revoked = API key revoked
audit-customer-edited = Customer edited
audit-customer-paid = Customer paid a debt
audit-customer-reminded = Customer reminded of a debt
audit-order-created = Purchase order created
audit-order-sent = Purchase order sent
audit-order-received = Goods received against an order
audit-order-cancelled = Purchase order cancelled
audit-order-supplier-set = Purchase order supplier named
audit-invoice-issued = Invoice issued
audit-field-name = name
audit-field-sale-price = sale price
audit-field-purchase-price = purchase price
audit-field-min-qty = minimum stock
audit-field-barcode = barcode
audit-field-unit = unit
audit-field-role = role
audit-field-branch-id = branch
audit-field-blocked = blocked
audit-field-status = status
audit-field-reason = reason
audit-field-amount = amount
audit-field-total = total
audit-field-payment = payment
audit-field-digest-time = digest time
audit-field-expense-threshold = admin approval limit
audit-entity-company = company
audit-entity-branch = branch
audit-entity-user = user
audit-entity-invite = invite
audit-entity-product = product
audit-entity-sale = receipt
audit-entity-purchase = purchase
audit-entity-count = count
audit-entity-transfer = transfer
audit-entity-expense = expense
audit-entity-expense-category = expense category
audit-entity-account = account
audit-entity-shift = shift
audit-entity-cash-move = cash move
audit-entity-api-key = API key
audit-entity-supplier = supplier
audit-entity-customer = customer
audit-entity-purchase-order = purchase order
audit-entity-invoice = invoice
audit-field-code = code
audit-field-vat-rate-bp = VAT
audit-field-cashier-id = cashier
audit-field-source = source
audit-field-return-of = return of
audit-field-lines = lines
audit-field-branch = branch
audit-field-tin = TIN
audit-field-user-id = user
audit-field-from-branch-id = from branch
audit-field-to-branch-id = to branch
audit-field-supplier-id = supplier
audit-field-credit-limit = credit limit
audit-field-notes = notes
audit-field-order-id = order
audit-field-sale-id = receipt
audit-field-number = number
audit-field-register-id = register
audit-field-kind = kind
audit-field-counted = counted
audit-field-expected = expected
audit-field-difference = difference
audit-field-category-id = category
audit-field-description = description
audit-field-prefix = prefix
audit-field-acts-for = acts for
audit-field-revoked = revoked
audit-field-parent = parent account
audit-field-account = account
audit-field-entry-id = entry
audit-field-from = from
audit-field-phone = phone
audit-status-pending = pending
audit-status-approved = approved
audit-status-rejected = rejected
audit-status-withdrawn = withdrawn
audit-status-open = open
audit-status-closed = closed
audit-source-chat = chat
audit-source-api = API
audit-source-import = import
audit-source-return = return

## Forecasts
forecast-nothing-sold = Nothing was sold in the last 4 weeks: there is nothing to forecast from.
forecast-top-title = 📈 Forecast for the next 4 weeks — { $scope }:
forecast-top-hint = For one product's chart: /forecast name or code
forecast-no-history = { $product }: no sales history, so no forecast.
forecast-chart-title = 📈 { $product } — { $scope }
forecast-whole-company = whole company
forecast-line = { $product } — { $total } in 4 weeks (95 %: { $low } – { $high })
forecast-more-branches = … and { $count } more branches: /reorder CODE
forecast-weeks = Week by week: { $weeks }
forecast-method = Method: { $method }; its error over the last 4 weeks { $mape }.
forecast-method-new = Method: { $method } (too little history to check it yet).
forecast-reorder = { $branch }: reorder point { $point }; order up to { $up_to } (delivery takes { $lead } days).
method-ma = moving average
method-ses = exponential smoothing
method-holt = Holt (trend)
method-holt-damped = Holt (damped trend)
method-hw-add = Holt-Winters (weekly, additive)
method-hw-mul = Holt-Winters (weekly, multiplicative)
method-hw-add-damped = Holt-Winters (damped trend, additive)
method-hw-mul-damped = Holt-Winters (damped trend, multiplicative)
method-croston = Croston (intermittent demand)
method-seasonal-naive = last week repeated
cmd-reorder = reorder settings: lead time, service level, pack size
reorder-usage = Reorder point settings:
  /reorder CODE — a product's settings and reorder points
  /reorder CODE DAYS [SERVICE %] [PACK] — e.g. /reorder A-100 10 97 12: 10 days' delivery, enough 97 % of the time, packs of 12
  /reorder supplier NAME DAYS — a supplier's usual delivery time
reorder-default = { $value } (default)
reorder-from-supplier = { $value } (from { $supplier })
reorder-days = { $days } days
reorder-no-pack = none
reorder-settings = ⚙️ { $product }: delivery { $lead }, service level { $service }, pack { $pack }.
reorder-saved = ✅ Saved. { $product }: delivery { $lead }, service level { $service }, pack { $pack }. The reorder point is recomputed tonight.
reorder-unknown-supplier = No supplier named “{ $name }”.
reorder-supplier-saved = ✅ { $name }: delivery { $lead } days. Applies to what was last bought from them from tonight's recompute.

# The assistant (plain questions)
ask-sales = 📊 Sales, { $whose }, { $dates }: { $total }; receipts: { $receipts }, average { $average }
ask-change = Against the { $days } days before: { $change }
ask-units = 📦 Sold: { $units }
ask-top-short = 🏆 Best: { $list }
ask-compare = 📊 { $whose }: { $dates } — { $total } ({ $per_day } a day); { $before_dates } — { $before_total } ({ $before_per_day } a day).
ask-compare-change = Per day: { $change }
ask-why-receipts = Receipts a day: { $receipts }; average receipt: { $average }.
ask-why-falls = ▼ Fell most: { $list }
ask-why-rises = ▲ Rose most: { $list }
ask-why-nothing = No product changed noticeably.
ask-top-title = 🏆 Best sellers, { $whose }, { $dates }:
ask-products-title = 📦 Sold, { $whose }, { $dates }:
ask-products-none = Nothing sold in { $dates }.
ask-slow-title = 🐢 In stock but hardly sold in { $days } days:
ask-slow-line = • { $name } — { $on_hand } on hand ({ $value }), sold { $sold }
ask-slow-none = Everything in stock sold in the last { $days } days.
ask-low-title = ⚠️ Running out ({ $count }), most urgent first:
ask-low-line = • { $name } ({ $branch }) — { $qty }, reorder at { $threshold }
ask-low-none = Nothing is running out.
ask-stock-line = 📦 { $name }: { $qty } ({ $branches })
ask-stock-none = No product found for “{ $query }”.
ask-expenses-title = 💸 Expenses { $dates }: { $total }
ask-expenses-none = No approved expenses { $dates }.
ask-cash-title = 💵 Cash in the tills: { $total }
ask-debts-title = 🧾 { $count } customers owe { $total }, overdue { $overdue }. Most:
ask-debts-none = No customer owes anything.
ask-payables-title = 🏭 We owe suppliers { $total }:
ask-payables-none = We owe no supplier anything.
ask-profit = 📈 { $dates }: revenue { $revenue }, cost of sales { $cost }, expenses { $expenses }, net profit { $profit }.
ask-limit-reached = Today’s { $limit } questions to the language model are used up; here is the offline answer.
ask-q-today = Sales today
ask-q-compare-month = Compare this month with last month
ask-q-why-week = Why did sales change this week?
ask-q-top = Best-selling products this month
ask-q-slow = Slow-moving products
ask-q-running-out = What is running out?
ask-q-debts = Who owes us the most?
ask-q-cash = Cash in the tills
ask-q-profit = Profit this month
ask-q-expenses = Expenses this month
ask-act-order = 🛒 Order { $name }
ask-act-customer = 👤 { $name }
ask-btn-comment = 💬 Add a comment
ask-feedback-thanks = Thank you for the feedback!
ask-comment-prompt = Write your comment on the answer (or /cancel):
ask-comment-saved = Comment saved. Thank you!
assistant-model-on = 🤖 Language model: { $model }
assistant-model-off = 🤖 No language model configured: questions are answered offline (free).
assistant-today = Today: { $model } of { $limit } model answers, { $offline } offline.
assistant-feedback = Last 30 days: 👍 { $up } · 👎 { $down }
assistant-not-understood = Not understood lately: { $list }
assistant-limit-usage = Set the daily limit of model answers: /assistant limit 100
assistant-limit-set = Daily limit of model answers: { $limit }.
rec-title = 💡 This week’s observations:
rec-running-out = { $count } products are running out, first { $name } ({ $qty } left): order before it is gone.
rec-slow = { $count } products did not sell in 30 days and tie up { $value }, such as { $name }: a discount or a return to the supplier frees the money.
rec-margin = Gross margin fell to { $now } from { $before } over the last four weeks: check purchase prices and discounts.
rec-expense = “{ $category }” grew fast: { $now } this month against { $before } in all of last month.
rec-overdue = { $count } customers are over 30 days late with { $total }, most { $name }: a reminder helps.
rec-sales-drop = The last seven days sold { $change } against the seven before.
ask-forecast-title = 🔮 The next { $days } days:
ask-forecast-line = • { $name } — about { $expected } ({ $lower } to { $upper }; { $method })
ask-forecast-reorder = , reorder at { $point }
ask-forecast-none = No product found to forecast.
ask-whose-cashier = cashier { $name }
ask-whose-customer = customer { $name }
ask-why-branches = 🏬 Branches: { $list }

## Photographed invoices and receipts
scan-progress = 🔎 Reading “{ $name }”…
scan-album = 🗂 { $count } pages read:
scan-btn-open = 📄 { $n }
scan-card-invoice = 🧾 Invoice № { $number } · { $date }
scan-card-receipt = 🧾 Receipt № { $number } · { $date }
scan-seller = Seller: { $name } · TIN { $tin }
scan-buyer = Buyer: { $name } · TIN { $tin }
scan-supplier-known = (a supplier in Savdo)
scan-supplier-new = (a new supplier)
scan-line = { $n }. { $name }: { $qty } { $unit } × { $price } = { $amount }
scan-line-matched = → { $product }
scan-line-new = → 🆕 new product
scan-total = Total: { $total } (VAT { $vat })
scan-fiscal = 🔗 Fiscal receipt: { $link }
scan-warn-line = ⚠️ Line { $line }: quantity × price is not the amount
scan-warn-total = ⚠️ The lines add up to { $lines }, the total says { $total }
scan-warn-tin = ⚠️ The { $party } TIN is not 9 digits
scan-party-seller = seller’s
scan-party-buyer = buyer’s
scan-warn-future = ⚠️ Dated in the future
scan-warn-no-lines = ⚠️ No lines of goods were found
scan-warn-no-total = ⚠️ No total was found
scan-nothing-saved = ❓ marks what was read with little confidence: check it. Nothing is saved until you press a button.
scan-btn-purchase = 📦 Save as purchase
scan-btn-expense = 💸 Save as expense
scan-btn-edit = ✏️ Edit
scan-btn-cancel = ✖️ Cancel
scan-status-purchase = ✅ Saved as purchase № { $id }.
scan-status-expense = ✅ Saved as expense № { $id }.
scan-cancelled = Draft cancelled: nothing was saved.
scan-saved-purchase = ✅ Purchase № { $id } saved: { $total }. The goods are in stock and owed to the supplier.
scan-new-products = New products added (check their sale price): { $names }
scan-expense-category = Which category is this expense?
scan-edit-which = Which field shall we correct?
scan-field-number = Number
scan-field-date = Date
scan-field-seller = Seller
scan-field-tin = Seller TIN
scan-field-total = Total
scan-field-line = A line
scan-edit-prompt = Type the new value.
scan-edit-line-prompt = Type the line number, the quantity and the price, for example: 2 40 56000
cmd-scans = documents: invoices and receipts read
scan-none = No documents yet. Photograph an invoice or a receipt and send it.
scan-recent = 🗂 Latest documents:
scan-state-draft = draft
scan-state-saving = saving
scan-state-purchase = purchase
scan-state-expense = expense
scan-state-cancelled = cancelled
scan-btn-original = 🖼 Original and text
scan-original-caption = Document №{ $id }: the original
scan-raw-text = Recognised text:

## Taxes and payroll
role-accountant = Accountant
audit-employee-added = Employee added
audit-employee-edited = Employee edited
audit-payroll-confirmed = Payroll confirmed
audit-tax-rate-set = Tax rate set
audit-tax-sent = Tax report sent
audit-entity-employee = employee
audit-entity-payroll-run = payroll
audit-entity-tax-rate = tax rate
audit-entity-tax-submission = tax report
account-6411 = Taxes payable (personal income tax)
account-6412 = INPS payable (individual pension accounts)
err-pinfl = A PINFL has 14 digits.
err-employee-exists = An employee with this PINFL exists already.
err-payroll-confirmed = This month's payroll is confirmed. To correct it, press “Correct”: a new version is posted.
err-no-employees = There are no active employees. Add one: /employee add
err-future-month = That month has not begun yet.
err-rate-in-past = A new rate applies from tomorrow at the earliest: the past does not change.
err-bad-rate = A tax rate is between 0 and 100 %.
err-no-tax-cabinet = No tax cabinet is configured on this server (TAX_CABINET_URL).
err-payroll-not-confirmed = the month's payroll is not confirmed (/payroll)
cmd-tax = send the month's tax reports: /tax [YYYY-MM]
cmd-payroll = the month's payroll: /payroll [YYYY-MM]
cmd-employee = employees (for payroll)
cmd-taxrate = tax rates and regime
tax-kind-vat = VAT
tax-kind-profit = Profit tax
tax-kind-turnover = Turnover tax
tax-kind-income = Personal income tax
tax-kind-inps = INPS (out of income tax)
tax-kind-social = Social tax
tax-regime-vat = VAT payer (VAT and profit tax)
tax-regime-turnover = turnover tax payer
tax-report-sales = Sales
tax-report-vat = VAT
tax-report-payroll = Payroll
tax-report-declaration = Declaration
tax-report-title = { $report } report, { $period }
tax-report-subtitle = { $company } · TIN { $tin }
col-payment = Payment
col-gross = With VAT, so‘m
col-employee = Employee
col-pinfl = PINFL
col-position = Position
col-gross-salary = Gross, so‘m
col-pit = Income tax, so‘m
col-inps = INPS, so‘m
col-social = Social tax, so‘m
col-net-pay = Net pay, so‘m
tax-vat-sales = Taxable sales (net of VAT)
tax-vat-output = Output VAT ({ $rate })
tax-vat-purchases = Purchases (net of VAT)
tax-vat-input = Input VAT
tax-vat-payable = VAT payable
tax-decl-revenue = Net revenue
tax-decl-cost = Cost of goods sold
tax-decl-expenses = Operating expenses
tax-decl-other-income = Other income
tax-decl-profit = Profit (loss)
tax-decl-base = Tax base
tax-decl-profit-tax = Profit tax ({ $rate })
tax-decl-turnover-tax = Turnover tax ({ $rate })
tax-status-accepted = accepted
tax-status-rejected = rejected
tax-status-failed = not delivered
tax-status-not-built = not built
tax-summary-title = 📑 Tax reports for { $period }
tax-summary-figures =
    Sales: { $sales }
    VAT payable: { $vat }
    Profit: { $profit }
    Tax due: { $due }
tax-dev-cabinet = ⚠️ Sent to the DEVELOPMENT tax cabinet: this is not a real filing.
payroll-title-confirmed = 💼 Payroll for { $period } (confirmed, version { $version })
payroll-title-draft = 💼 Payroll for { $period }: draft
payroll-line = { $name }: { $gross }, income tax { $pit }, net { $net }
payroll-totals =
    Gross: { $gross }
    Income tax: { $pit } (INPS { $inps } of it)
    Social tax: { $social }
    Net pay: { $net }
tax-usage = For example: /tax or /tax 2026-11
tax-choose = Tick the reports for { $period } to send:
tax-send = 📤 Send
tax-already-sent = This was sent already.
tax-progress-one = ⏳ { $report }: building and sending…
tax-resend = 🔁 Resend: { $report }
payroll-usage = For example: /payroll or /payroll 2026-11
payroll-correct = ✏️ Correct (new version)
payroll-no-employees = No active employees. Add one: /employee add Full name; PINFL; position; salary
payroll-pay-cash = 💵 Pay from cash
payroll-pay-bank = 🏦 Pay from the bank
payroll-confirmed = ✅ Confirmed and posted to the books.
employee-list-title = 👥 Employees:
employee-line = #{ $id } { $name } — { $position }, { $salary }{ $state }
employee-none = No employees yet.
employee-usage =
    Add: /employee add Full name; PINFL (14 digits); position; monthly salary[; branch]
    Change: /employee ID name|pinfl|position|salary VALUE
    Link to a member: /employee ID member NAME
    Pause / resume: /employee ID off|on
employee-added = ✅ #{ $id } { $name } added.
employee-saved = ✅ #{ $id } { $name } saved.
taxrate-title = 🧾 Tax regime: { $regime }. Rates in force:
taxrate-next = , { $rate } from { $from }
taxrate-line = { $name }: { $rate } (since { $since }){ $next }
taxrate-usage =
    New rate: /taxrate vat|profit|turnover|income|inps|social PERCENT YYYY-MM-DD (such as /taxrate vat 12 2027-01-01)
    Regime: /taxrate regime vat|turnover
taxrate-regime-set = ✅ Tax regime: { $regime }.
taxrate-set = ✅ { $name }: { $rate } from { $from }. Past periods do not change.
tax-due-vat = the VAT return and payment
tax-due-payroll = income tax and social tax on salaries
tax-due-payroll-turnover = income tax, social tax and the turnover tax
tax-reminder = 🗓 Due by { $date }: { $what } (for { $period }). Prepare: /payroll { $period }, /tax { $period }
payroll-more = …and { $count } more employees (all of them in the report's file)
employee-linked = ✅ #{ $id } { $name } is now linked to the member { $member }.

## Online payments
btn-pay-link = 💳 Pay online
pay-link-title = 💳 Payment link for { $customer }: { $amount } (order #{ $order })
pay-link-hint = Forward it to the customer: once paid, the debt goes down by itself and you will be told.
payment-received = 💳 { $customer } paid { $amount } through { $provider }. Still owed: { $owed }.
btn-open-customer = 👤 Customer
err-nothing-owed = The customer owes nothing.
err-no-payment-provider = Neither Payme nor Click is configured on this server.
audit-customer-refunded = Online payment refunded

## REGOS
cmd-regos = REGOS sales sync
regos-not-connected = The company is not connected to REGOS. On the server: savdo regos connect --company ID --url … --integration … --client-id …
regos-title = 🔄 REGOS sync:
regos-never = No sync yet.
regos-sync-line = { $at } · { $mode } · { $status }: { $new } new, { $updated } updated, { $skipped } skipped
regos-mode-daily = daily
regos-mode-manual = manual
regos-mode-webhook = webhook
regos-mode-cli = command line
regos-status-done = done
regos-status-failed = failed
regos-status-running = running
regos-errors = Last errors:
regos-sync-now = 🔄 Sync now
regos-products-pending = { $count } new products came from REGOS: check their price and unit, then confirm.
regos-confirm-products = ✅ Confirm { $count } products
regos-products-confirmed = ✅ { $count } products confirmed.
regos-progress-start = ⏳ REGOS: fetching receipts…
regos-progress = ⏳ REGOS: { $pages } pages, { $new } new, { $updated } updated, { $skipped } skipped…
regos-done = ✅ REGOS: { $pages } pages, { $new } new receipts, { $updated } updated, { $skipped } skipped.
regos-failed = ⚠️ The REGOS sync stopped: { $pages } pages, { $new } new, { $updated } updated, { $skipped } skipped. Running it again is safe.
err-no-regos = The company is not connected to REGOS.
regos-problem-return = { $receipt }: a return — not brought in (REGOS does not say which sale it returns)
regos-problem-no-uuid = a document without a uuid ({ $detail })
regos-problem-mapping = { $receipt }: not read — { $detail }
regos-problem-gateway = Talking to REGOS: { $detail }

## The Savdo service (operators)
cmd-companies = the Savdo service: companies (operators)
refuse-not-operator = This command is for the Savdo service's operators only.
refuse-company-blocked = Your company is blocked by the Savdo service. Nothing is deleted; contact the service about it.
refuse-company-read-only = The company's balance has run out: until it is topped up you may only look.
company-now-blocked = ⛔ «{ $company }» has been blocked by the Savdo service. Nothing is deleted.
company-now-read-only = ⚠️ «{ $company }» is out of balance: read-only until it is topped up.
company-now-active = ✅ «{ $company }» works again.
balance-low = 💳 Savdo balance: { $balance } — about { $days } days left. Remember to top it up.
companies-title = 🏢 Companies: { $count }
companies-line = #{ $id } { $name } · { $members } members · month's sales { $sales } · balance { $balance } · { $status }
companies-usage =
    Transfer: /companies transfer TELEGRAM_ID COMPANY_ID ROLE [BRANCH_ID]
    Tariff: /companies tariff COMPANY_ID month|user PRICE
    History: /companies history TELEGRAM_ID
companies-transferred = ✅ User { $user } moved to company #{ $company }.
companies-history = 📜 Where { $user } has worked:
company-status-active = active
company-status-blocked = blocked
company-status-read-only = read-only
tariff-month = a month
tariff-user = per member a month
tariff-line = { $price } { $kind }
company-card =
    🏢 #{ $id } { $name } (TIN { $tin })
    Status: { $status }
    Members: { $members }
    Sales this month: { $sales }
    Balance: { $balance }
    Tariff: { $tariff }
    Last activity: { $last }
company-block = ⛔ Block
company-unblock = ✅ Unblock
company-top-up = 💳 Top up
company-admin-invite = 👤 Add an administrator
company-top-up-ask = How much to add to #{ $id }'s balance? (so‘m)
company-topped-up = ✅ #{ $id }: +{ $amount }. Balance: { $balance }.
company-admin-link = An administrator's link for #{ $id } (works once): { $link }
audit-company-blocked = Company blocked
audit-company-unblocked = Company unblocked
audit-company-read-only = Company made read-only
audit-company-topped-up = Balance topped up
audit-company-charged = Daily charge taken
audit-company-tariff = Tariff changed
audit-user-transferred = User moved to another company

## Calls (PBX)
cmd-calls = calls: /calls [phone or customer]
calls-setup =
    ☎️ The PBX webhook: POST /webhooks/pbx/{ $company } with the header X-Pbx-Secret: { $secret }
    The old one no longer works.
calls-none = No calls in the last 30 days.
calls-title = ☎️ Recent calls (30 days):
calls-line = 📞 { $phone } · { $customer } · { $calls } calls, { $missed } missed · last { $last }
call-missed = 📵 Missed call from { $customer } ({ $at }). Call back: { $phone }. Owes: { $owed }.

## Settings
cmd-settings = settings: notifications, quiet hours
settings-title =
    ⚙️ Settings
    Language: { $language } (/lang)
    Quiet hours: { $quiet }
    Notifications (tap to turn on or off):
settings-quiet-none = none
settings-usage = Quiet hours: /settings quiet 22:00-08:00 (none: /settings quiet off)
notice-low-stock = Low stock
notice-digest = Morning digest
notice-approvals = Approval requests
notice-debts = Overdue debts
notice-tax = Tax deadlines
notice-recommendations = Weekly recommendations

## User administration
users-found = Members found: { $count } (with their last activity):
users-none-found = No member matches “{ $text }”.
btn-user-history = 📜 Actions
btn-user-revoke-keys = 🔑 Revoke API keys
btn-user-remove = 🗑 Remove from the company
user-history = 📜 { $name }: latest actions
user-keys-revoked = 🔑 { $name }: { $count } API keys revoked.
user-removed = 🗑 { $name } was removed from the company. Their documents stay under their name.
audit-user-removed = Member removed

## Company settings
cmd-company = the company's settings in one place
company-settings =
    🏢 Company settings
    Time zone: { $zone }
    Currency: { $currency }
    Morning digest: { $digest }
    Expenses above { $threshold } go to an admin
    Assistant's questions a day: { $questions }
    Tax regime: { $regime }
    A new customer's credit limit: { $credit }
company-settings-usage =
    Change: /company timezone Asia/Tashkent · /digest 08:30 · /expenses limit 2000000 · /assistant limit 100 · /taxrate regime vat|turnover · /company credit 500000|off

## SIM cards
cmd-simcards = SIM cards: per shop, add, sell
sim-title = 📶 SIM cards:
sim-none = No SIM cards yet.
sim-warehouse = warehouse
sim-changes = Latest changes:
sim-status-in-stock = in stock
sim-status-assigned = in a shop
sim-status-sold = sold
sim-status-active = active
sim-status-blocked = blocked
sim-usage =
    Add: /simcards add, then one card a line: ICCID; number; operator[; tariff[; purchase price[; sale price]]]
    To a shop: /simcards assign SHOP ICCID…
    Sell: /simcards sell ICCID or number
    Check: /simcards check · Automatically (every 30 minutes): /simcards auto on|off
sim-added = ✅ { $count } SIM cards added to stock.
sim-list-refused = The list was refused — nothing was added:
sim-line-problem = Line { $line }: { $problem }
sim-assigned = ✅ { $count } SIM cards given to { $shop }.
sim-sold-here = ✅ SIM card sold: { $iccid } ({ $phone }), { $price }.
sim-no-operator = No operator API is configured on this server (SIM_OPERATOR_URL).
sim-checked = 📶 Checked: { $checked }, changed: { $changed }, no answer: { $failed }.
sim-auto-on = ✅ The automatic check is on (every 30 minutes).
sim-auto-off = The automatic check is off.
sim-sold = 📶 SIM card { $iccid } was sold ({ $branch }).
sim-active = 📶 SIM card { $iccid } is now active ({ $branch }).
err-iccid = An ICCID has 19 or 20 digits with a valid check digit.
err-iccid-exists = A SIM card with this ICCID exists already.
err-sim-not-in-stock = That SIM card is not in stock or in a shop.
cmd-sim = sell a SIM card: /sim ICCID or number

# The catalogue API (issue 16)
err-username = A username is 3 to 150 letters, digits and @ . + - _.
err-username-taken = This username is taken.
err-weak-password = A password is 10 to 256 characters.
err-in-use = It has sales, stock or documents: it cannot be deleted.
err-code-taken = This 1C code is used by another record.
err-coordinates = Latitude is −90 to 90 and longitude −180 to 180.
err-bad-value = This value is not valid.
audit-by-api-user = API user ({ $name })
audit-api-user-created = API user added
audit-api-user-revoked = API user revoked
audit-project-created = Project created
audit-project-edited = Project edited
audit-project-deleted = Project deleted
audit-product-deleted = Product deleted
audit-customer-deleted = Customer deleted
audit-image-added = Picture added
audit-image-removed = Picture removed
audit-product-described = Product description written
audit-entity-api-user = API user
audit-entity-project = project
audit-entity-image = picture
cmd-apiuser = API users: logins and tokens
cmd-agents = where the agents are: last locations
catalogue-imported = ✅ { $sheet }: { $created } added, { $updated } updated.
catalogue-import-refused = Nothing was saved: { $count } errors. Fix them and send the file again:
catalogue-import-line = Row { $row }, { $field }: { $problem }
picture-added = 🖼 Picture added: { $name } ({ $code }).
picture-added-main = 🖼 Main picture: { $name } ({ $code }).
location-saved = 📍 Location saved.
location-live = 📍 Live location: Savdo keeps it until you stop sharing.
agents-none = No agent has shared a location yet.
agents-header = 📍 Agents: { $count }
agents-line = { $name } · { $age } ago{ $battery }
age-minutes = { $n } min
age-hours = { $n } h
age-days = { $n } d
apiuser-header = API users: { $count }
apiuser-line = 👤 { $name } — { $role }{ $state }
apiuser-revoked-mark =  (revoked)
apiuser-created =
    👤 API user { $name } ({ $role }). The password is shown only now:
    { $password }
    Tokens: POST /api/token/
apiuser-revoked = API user { $name } revoked: their tokens no longer work.
apiuser-usage =
    /apiuser add NAME ROLE [BRANCH_ID] — add
    /apiuser revoke NAME — revoke
cmd-sync = bring products or clients from 1C: /sync [clients]
sync-none = No 1C integration is set up: POST /api/v1/integration/ (address, login, password).
sync-started = ⏳ { $name }: fetching the files from 1C…
sync-progress = ⏳ { $name }: { $done } / { $total } ({ $percent }%)
sync-done = ✅ { $name }: { $created } added, { $updated } updated, { $skipped } skipped.
sync-failed = ❌ { $name }: the sync stopped: { $reason }
err-sheet-missing = Send the file in the “file” field (XLSX or CSV).
err-sheet-unreadable = The file could not be read: send an XLSX or CSV table with a header row.
