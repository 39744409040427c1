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
unknown-text = Sorry, I did not understand. Commands: /help
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
