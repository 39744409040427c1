# Savdo — русский

currency-uzs = сум
lang-name = Русский
lang-choose = Выберите язык:
lang-changed = Язык изменён: { $language }.
lang-unknown = Такого языка нет. Доступны: uz, ru, en.

## Команды
cmd-start = начать или присоединиться по приглашению
cmd-help = список команд
cmd-find = найти товар: цена и остаток
cmd-product = добавить или изменить товар
cmd-invite = пригласить сотрудника
cmd-users = сотрудники: роль, филиал, блокировка
cmd-branches = филиалы
cmd-lang = сменить язык
cmd-cancel = отменить текущее действие
help-header = Команды Savdo ({ $role }, «{ $company }»):
help-header-guest = Команды Savdo:

## Отказы и ошибки
refuse-no-company = Вы пока не состоите ни в одной компании. Отправьте /start, чтобы создать компанию, или попросите у руководителя ссылку-приглашение.
refuse-blocked = Ваша учётная запись заблокирована. Обратитесь к администратору компании.
refuse-role = Это действие недоступно для вашей роли ({ $role }).
err-tin = ИНН должен состоять из 9 цифр. Введите ещё раз:
err-name = Название пустое или слишком длинное. Введите ещё раз:
err-question-limit = Дневной лимит вопросов ассистенту исчерпан.
err-bad-argument = Не удалось разобрать: проверьте период, филиал или число и повторите.
err-file-too-large = Файл слишком большой: до 20 МБ.
err-image-too-large = Изображение слишком большое: до 40 мегапикселей.
err-file-format = Не могу прочитать файл такого типа: пришлите JPEG, PNG, TIFF, WebP или PDF.
err-file-unreadable = Не удалось прочитать файл: возможно, он повреждён. Сфотографируйте ещё раз.
err-no-text = На изображении не найден текст. Сфотографируйте документ при хорошем свете, ровно и ближе.
err-ocr-unavailable = Распознавание изображений (OCR) на этом сервере сейчас не работает. Введите данные вручную или сообщите администратору.
err-invite-unknown = Ссылка-приглашение не найдена. Попросите у руководителя новую.
err-invite-expired = Срок действия приглашения истёк. Попросите у руководителя новое.
err-invite-used = Это приглашение уже использовано. Попросите у руководителя новое.
err-last-admin = В компании должен остаться хотя бы один активный администратор.
err-branch-exists = Филиал с таким названием уже есть. Введите другое:
err-not-found = Не найдено.
err-branch-required = Для этой роли выберите филиал.
err-stale-button = Эта кнопка устарела. Отправьте команду ещё раз.
err-code = Код может содержать только буквы, цифры и - _ . (до 32 символов). Введите ещё раз:
err-price = Не понял цену. Например: 12 500 или 12500,50
err-qty = Не понял количество. Например: 10 или 2,5
err-barcode = Штрихкод должен состоять из 8–14 цифр. Введите ещё раз или отправьте «-»:
error-internal = Что-то пошло не так. Попробуйте ещё раз чуть позже.
text-only = Пока я понимаю только текстовые сообщения. Команды: /help
unknown-text = Не понял. Спросите, например: «продажи сегодня», «сколько штук продали сегодня», «сколько осталось колы», «кто должен». Список команд: /help
unknown-command = Такой команды нет. Список команд: /help
cancelled = Отменено.
nothing-to-cancel = Нечего отменять.
saved = Сохранено
no-branch = —
no-value = —

## Регистрация
start-welcome = Здравствуйте, { $name }! Я Savdo — помощник, который ведёт продажи и склад в Telegram.
    Давайте зарегистрируем вашу компанию. Напишите название компании:
start-member = С возвращением, { $name }! Вы в компании «{ $company }»: { $role }. Список команд: /help
onboard-ask-tin = Введите ИНН (СТИР) компании «{ $company }» (9 цифр):
onboard-ask-branch = Напишите название первого филиала (магазина или склада):
onboard-done = ✅ Компания «{ $company }» создана, первый филиал: { $branch }.
    Вы администратор. Приглашайте сотрудников командой /invite, список команд: /help
join-done = ✅ Вы присоединились к компании «{ $company }».
    Роль: { $role }. Филиал: { $branch }.
    Список команд: /help
join-notify = 👤 { $name } присоединился по приглашению: { $role }, филиал: { $branch }.

## Приглашения
invite-choose-role = Кого приглашаем? Выберите роль:
invite-choose-branch = В каком филиале будет работать { $role }?
invite-link = Приглашение готово: { $role }, филиал: { $branch }.
    Отправьте ссылку сотруднику. Она действует { $hours } ч. и срабатывает один раз:
    { $link }

## Сотрудники и филиалы
users-header = Сотрудники: { $count }. Кого изменить?
user-card = 👤 { $name }
    Роль: { $role }
    Филиал: { $branch }
    Статус: { $status }
status-active = активен
status-blocked = заблокирован
btn-change-role = Сменить роль
btn-change-branch = Сменить филиал
btn-block = 🚫 Заблокировать
btn-unblock = ✅ Разблокировать
btn-back = ⬅️ Назад
user-choose-role = Новая роль для { $name }:
user-choose-branch = Филиал для { $name }:
branches-header = Филиалы: { $count }
btn-add-branch = ➕ Добавить филиал
branch-ask-name = Напишите название нового филиала:
branch-added = ✅ Филиал «{ $name }» добавлен.

## Роли
role-admin = Администратор
role-manager = Менеджер
role-cashier = Кассир
role-warehouse = Кладовщик
role-agent = Агент
role-employee = Сотрудник

## Товары
product-ask-code = Введите код товара (например, A-100). Если код уже есть, этот товар будет изменён:
product-editing = Изменяем «{ $name }». Чтобы оставить текущее значение, отправьте «-».
product-current = Сейчас: { $value }
product-ask-name = Название товара:
product-ask-unit = Единица измерения:
product-ask-sale-price = Цена продажи (сум), например 12 500:
product-ask-purchase-price = Цена закупки (сум):
product-ask-barcode = Штрихкод (8–14 цифр) или «-», чтобы пропустить:
product-ask-min = Минимальный остаток (предупрежу, когда станет меньше), например 10:
product-summary = Проверьте:
    Код: { $code }
    Название: { $name }
    Единица: { $unit }
    Цена продажи: { $sale }
    Цена закупки: { $purchase }
    НДС: { $vat }
    Штрихкод: { $barcode }
    Минимальный остаток: { $min }
product-confirm-hint = Нажмите «Сохранить» или «Отменить».
product-saved = ✅ Товар сохранён: { $code } — { $name }.
product-ask-wholesale = Оптовая цена (сум): по ней продаётся оптовым клиентам и в оптовых продажах. Чтобы убрать, отправьте «-»:
product-summary-wholesale = Оптовая цена: { $price }
btn-wholesale-price = 🏷 Оптовая цена
btn-save = ✅ Сохранить
btn-cancel = ✖️ Отменить
unit-pcs = шт
unit-kg = кг
unit-l = л
unit-m = м
unit-box = коробка
unit-pack = пачка
find-usage = Что ищем? Например: /find cola или /find 4780000000017
find-none = По запросу «{ $query }» ничего не найдено.
find-item = 📦 { $name } ({ $code })
    Цена: { $price }
    Остаток: { $stock }
find-more = … есть ещё. Уточните запрос.

## Консоль (savdo console)
console-banner = Консоль Savdo — вы { $name } (Telegram id { $id }). Чтобы начать, напишите /start.
console-help = Число нажимает кнопку с этим номером; \N отправляет число как текст; /quit или Ctrl-D — выход.
console-button-gone = (этой кнопки больше нет)
console-edited = (изменено)

## Продажи: команды
cmd-sales = отчёт о продажах: сегодня, вчера, неделя, месяц
cmd-sell = продажа: новый чек
cmd-return = возврат чека: /return номер чека
cmd-invoice = счёт-фактура: /invoice номер чека
cmd-customer = покупатели: /customer имя или телефон
cmd-debts = кто сколько должен (долги)
cmd-stock = остаток товара по филиалам
cmd-forecast = прогноз продаж на 4 недели и точка заказа
cmd-purchase = приём товара (приход)
cmd-count = инвентаризация
cmd-suppliers = поставщики и долг перед ними
cmd-pay = оплатить поставщику
cmd-orders = заказы поставщикам
cmd-apikey = ключи API

## Отчёт о продажах
period-today = Сегодня
period-yesterday = Вчера
period-week = Эта неделя
period-month = Этот месяц
period-last-month = Прошлый месяц
period-last-week = Прошлая неделя
period-range = Период
sales-title = 📊 Продажи — { $period } ({ $dates }), { $scope }
sales-scope-all = все филиалы
sales-scope-mine = мои чеки
sales-empty = За этот период продаж не было.
sales-units = 📦 Продано: { $units }
sales-total = Итого: { $total }
sales-change-up = (▲ { $pct } к предыдущему периоду)
sales-change-down = (▼ { $pct } к предыдущему периоду)
sales-receipts = Чеков: { $count } · средний чек: { $avg }
sales-types = Розница: { $retail } · опт: { $wholesale }
sales-payments = Оплата: { $list }
sales-returns = Возвраты: { $count }, { $amount }
sales-top-products = Лидеры продаж:
sales-top-cashiers = Лучшие кассиры:
sales-cashier-line = { $n }. { $name } — { $total } ({ $receipts } чек.)
sales-usage = Не понял период. Например: /sales сегодня, /sales вчера, /sales неделя, /sales месяц, /sales прошлый месяц или /sales 01.11.2026-15.11.2026
sales-choose-branch = Выберите филиал:
sales-chart-caption = Продажи по дням, сум — { $dates }, { $scope }
btn-branches = 🏬 Филиал
btn-chart = 📈 График
pay-cash = наличные
pay-card = карта
pay-transfer = перечисление
pay-click = Click
pay-payme = Payme
pay-debt = в долг
type-retail = розница
type-wholesale = опт

## Продажа
sell-start = 🛒 Новый чек ({ $branch }). Введите название, код или штрихкод товара:
sell-choose = Найдено несколько товаров. Выберите:
sell-ask-qty = { $name } — { $price } / { $unit }. Остаток: { $stock }. Введите количество:
sell-cart = 🛒 Чек ({ $kind }):
sell-total = Итого: { $total }
btn-sell-customer = 👤 Покупатель
sell-ask-customer = Напишите имя или телефон покупателя:
sell-cart-customer = Покупатель: { $name }
sell-cart-hint = Введите ещё товар или нажмите кнопку.
sell-choose-payment = Выберите способ оплаты:
sell-edit = Какую строку удалить?
sell-credit-ask-customer = В долг: напишите имя или телефон покупателя:
sell-credit-ask-paid =
    👤 { $name } · долг { $owes } · лимит { $limit }
    Чек: { $total }. Сколько платят сейчас? (0 — ничего)
sell-credit-done = ✅ Продано в долг.
btn-sell-anyway = ⚠️ Всё равно продать
btn-new-customer = ➕ Новый покупатель
customer-ask = Напишите имя или телефон покупателя:
customer-none = Покупатель «{ $query }» не найден.
customer-choose = Покупатели по запросу «{ $query }». Выберите:
customer-ask-name = Имя нового покупателя (или название компании):
customer-edit-name = { $name }: новое имя (“-” — без изменений):
customer-ask-phone = Телефон (“-” — нет или без изменений):
customer-ask-tin = ИНН (9 цифр; “-” — нет или без изменений). Нужен для счёт-фактуры:
customer-ask-kind = Тип покупателя:
customer-ask-limit = Кредитный лимит в сумах (0 — без долга, “-” — без лимита или без изменений):
customer-kind-retail = Розница
customer-kind-wholesale = Опт
customer-no-limit = без лимита
customer-phone = 📞 { $phone }
customer-tin = ИНН: { $tin }
customer-kind = Тип: { $kind }
customer-limit = Кредитный лимит: { $limit }
customer-owes = Долг: { $amount }
customer-limit-state = { $name }: долг { $owes }, лимит { $limit }.
btn-take-payment = 💵 Принять оплату
btn-statement = 📄 Выписка
btn-statement-xlsx = 📎 Выписка (XLSX)
btn-edit = ✏️ Изменить
btn-remind = 🔔 Напомнить
debt-pay-amount = Долг { $name }: { $amount }. Сколько оплачивают?
debt-pay-how = { $amount } — как оплачивают?
debt-paid = ✅ { $name } оплатил { $amount } ({ $payment }). Остаток долга: { $left }
debt-reminder-ready = Напоминание готово: перешлите его покупателю ({ $phone }).
debt-reminder = Уважаемый(ая) { $name }! Ваш долг перед { $company } составляет { $amount }. Пожалуйста, погасите его при первой возможности. Спасибо!
statement-header = 📄 { $name }: последние операции
statement-empty = Операций пока нет.
debts-none = Должников нет.
debts-header = 📒 Должники: { $count } · всего { $total }
debts-age = { $age } дн.: { $amount }
debts-more = … и ещё { $count }
debts-weekly = 📒 Еженедельно: просроченные долги (более 30 дней) — покупателей: { $count }, всего { $total }
debts-weekly-line = • { $name } — просрочено { $overdue } (всего долг { $owes }, с { $since })
debts-weekly-hint = Подробнее: /debts
suppliers-none = Поставщиков пока нет: они добавляются в /purchase.
suppliers-header = 🚚 Долг поставщикам: { $total }. Выберите:
suppliers-unnamed = За закупки без указанного поставщика: { $amount }
supplier-owed = Наш долг: { $amount }
btn-pay-supplier = 💸 Оплатить
supplier-pay-amount = Сколько платим { $name }?
supplier-pay-from = { $amount } — откуда?
supplier-paid = ✅ { $name } оплачено { $amount } ({ $from }). Наш долг: { $left }
btn-pay = 💳 Оплата
btn-edit-cart = ✏️ Изменить
btn-switch-type = ⇄ { $kind }
receipt-header = 🧾 Чек №{ $number } · { $when }
receipt-return-header = ↩️ Возврат №{ $number } (чек №{ $original }) · { $when }
receipt-where = Филиал: { $branch } · кассир: { $cashier }
receipt-vat = В том числе НДС: { $vat }
receipt-payment = Оплата: { $payment } · { $kind }
receipt-credit = В долг: { $name } · оплачено сейчас { $paid } · всего долг { $owes }
return-usage = Укажите номер чека, например: /return 125
btn-return-all = ↩️ Вернуть всё
err-unknown-product = Такого товара нет.
err-bad-period = Период заканчивается раньше, чем начинается.
err-amount-too-large = Слишком большая сумма: не более 1 000 000 000 000 сум.
err-qty-too-large = Слишком большое количество: не более 1 000 000 в одной строке.
err-phone = Номер телефона — от 9 до 15 цифр, например 90 123 45 67.
err-notes-too-long = Заметка — не длиннее 500 символов.
err-customer-required = Для продажи в долг выберите покупателя.
err-credit-limit = Кредитный лимит покупателя исчерпан: эта продажа превысит лимит долга.
err-payment-above-debt = Оплата больше долга покупателя.
err-payment-method = Долг оплачивается наличными, картой или перечислением.
err-order-closed = Этот заказ закрыт: его нельзя изменить или принять.
err-receive-too-much = Принимается больше, чем заказано.
err-pdf-too-long = Слишком много строк для PDF (больше 5 000): выберите XLSX или CSV.
err-buyer-tin = Для счёт-фактуры нужен ИНН покупателя: укажите его в /customer.
err-unknown-cashier = Такого кассира нет в этой компании.
err-empty-sale = В чеке нет товаров.
err-discount = Скидка не может превышать сумму строки.
err-return-too-much = Нельзя вернуть больше, чем продано (возможно, чек уже возвращён).
err-not-a-sale = Вернуть можно только чек продажи.

## Склад
stock-usage = Какой товар? Например: /stock cola
stock-line = { $mark }{ $branch }: { $qty } (мин. { $min }) · { $value }
stock-value = Итого по себестоимости: { $value }
alert-low-stock = ⚠️ Заканчивается: { $product } — в филиале { $branch } осталось { $qty } (минимум { $min }).
alert-reorder-point = ⚠️ Пора заказать: { $product } — в филиале { $branch } осталось { $qty } (точка заказа по прогнозу { $min }).
btn-purchase-draft = 🛒 Черновик заказа
btn-snooze-day = 😴 На 1 день
snoozed = Не напомню сутки
purchase-ask-supplier = Напишите поставщика (или «-»):
purchase-ask-product = Какой товар пришёл? Название, код или штрихкод:
purchase-ask-qty = { $name }: сколько { $unit } пришло?
purchase-ask-cost = Цена за { $unit } (с НДС). Сейчас: { $cost }. «-» — оставить:
purchase-cart = 📦 Приход, поставщик: { $supplier }
purchase-hint = Введите ещё товар или нажмите «Принять».
btn-receive = ✅ Принять
purchase-done = ✅ Приход №{ $number } принят: { $total }, в том числе НДС { $vat }. Остатки обновлены.
orders-none = Открытых заказов нет. Они создаются кнопкой в уведомлении о малом остатке.
orders-header = 📝 Открытые заказы:
order-status-draft = черновик
order-status-sent = отправлен
order-status-partial = принят частично
order-status-received = принят
order-status-cancelled = отменён
order-header = 📝 Заказ №{ $number } · { $branch } · поставщик: { $supplier } · { $status }
order-line = { $n }. { $name } — { $qty } × { $cost } (пришло { $received })
order-ask-received = { $name }: сколько пришло? (ожидается { $due })
order-title = Заказ №{ $number }
order-subtitle = { $company } · { $branch } · поставщик: { $supplier }
btn-order-send = 📤 Отправить (PDF)
btn-order-supplier = 🚚 Выбрать поставщика
order-ask-supplier = Название поставщика (найду существующего или добавлю нового):
btn-order-receive-all = 📥 Принять всё
btn-order-receive-part = 📦 Частично
btn-order-pdf = 📄 PDF
btn-order-cancel = ✖️ Отменить
count-start = 📋 Инвентаризация ({ $branch }). Введите название, код или штрихкод товара:
count-ask = { $name }: по учёту { $books }. Сколько на самом деле?
count-list = Посчитано:
count-hint = Введите следующий товар или проведите расхождения.
btn-post-count = ✅ Провести расхождения
count-ask-reason = Укажите причину (например: ежемесячная инвентаризация):
count-posted = ✅ Инвентаризация №{ $number } проведена: товаров — { $count }.

## Ключи API
apikey-header = Ключи API: { $count }
btn-new-key = ➕ Новый ключ
btn-revoke = 🗑 Отозвать { $prefix }
apikey-created = 🔑 Новый ключ API. Он показан только сейчас — сохраните его:
    { $key }
    Передавайте его в заголовке X-API-Key.
apikey-revoked = Ключ отозван

## Импорт
import-progress = ⏳ Проверяю { $name }…
import-writing = ⏳ { $name }: проверено строк: { $rows }, сохраняю…
import-done = ✅ Импортировано: чеков — { $receipts }, строк — { $rows }, на сумму { $total }.
import-refused = ❌ Файл не импортирован, ничего не сохранено. Ошибок: { $count }
import-line = Строка { $line }: { $problem }
import-more = … и ещё ошибок: { $count }
import-too-big = Файл слишком большой (не больше { $value }).
import-unreadable = Не удалось прочитать файл: { $value }
import-wrong-type = Принимаются только файлы CSV или XLSX (а не { $value }).
import-empty = В файле нет строк.
import-too-many-rows = В файле слишком много строк (не больше { $value }).
import-missing-columns = Не хватает столбцов: { $value }
import-bad-branch = нет такого филиала: «{ $value }»
import-bad-product = нет товара с кодом «{ $value }»
import-bad-qty = неверное количество: «{ $value }»
import-bad-date = неверная дата: «{ $value }» (например, 2026-11-21 14:30)
import-bad-payment = неверный способ оплаты: «{ $value }» (cash, card, transfer, click, payme, debt)
import-bad-type = неверный вид продажи: «{ $value }» (retail или wholesale)
import-bad-price = неверная сумма: «{ $value }»
import-bad-receipt = номер чека пустой или слишком длинный
import-bad-customer = нет такого покупателя (или их несколько): “{ $value }” — имя, телефон или ИНН, как в /customer
import-debt-needs-customer = чек “{ $value }” в долг: укажите покупателя в колонке customer
import-receipt-mismatch = в строках чека «{ $value }» разные филиал, дата, оплата или вид
import-already = чек «{ $value }» уже импортирован

## Утренняя сводка
digest-title = 🌅 Утренняя сводка: товары ниже минимума
digest-line = • { $product } — { $qty } (мин. { $min })

## Перемещение и настройки
cmd-transfer = переместить товар в другой филиал
cmd-digest = время утренней сводки: /digest 08:30
transfer-no-branch = Других филиалов нет. Сначала добавьте филиал через /branches.
transfer-choose-branch = 🚚 Из филиала { $from } — в какой филиал?
transfer-choose-first = Сначала выберите филиал-получатель.
transfer-ask-product = Какой товар отправляем? Название, код или штрихкод:
transfer-ask-qty = { $name }: сколько { $unit } отправить?
transfer-list = 🚚 В филиал { $to }:
transfer-hint = Введите ещё товар или нажмите «Отправить».
btn-send-transfer = ✅ Отправить
transfer-done = ✅ Перемещение №{ $number } проведено: товаров — { $count }.
digest-current = Утренняя сводка приходит каждый день в { $time }. Изменить: /digest 08:30
digest-set = ✅ Утренняя сводка теперь будет приходить в { $time }.
digest-usage = Укажите время в виде ЧЧ:ММ, например: /digest 08:30

## Расходы, касса, отчёты: ошибки
err-already-decided = Это уже решено.
err-shift-open = Смена на этой кассе уже открыта.
err-no-shift = Открытой смены нет. Сначала откройте смену через /kassa.

## Расходы
cmd-expense = внести расход
cmd-expenses = расходы: согласовать или свои
expense-ask-amount = 💸 Введите сумму расхода (сум):
expense-ask-category = Выберите статью:
expense-ask-description = На что? Коротко:
expense-ask-photo = Пришлите фото чека или пропустите:
expense-ask-paid-from = Откуда оплачено?
expense-use-buttons = Нажмите одну из кнопок.
expense-filed = ✅ Расход №{ $number } ({ $amount }) отправлен на согласование.
expense-card = 💸 Расход №{ $number } — { $amount }
    { $category }: { $description }
    { $name }, { $branch } · { $paid }
expense-to-approve = Нужно согласовать:
expense-to-approve-admin = Нужно согласовать (выше порога, администратор):
expense-photo-caption = Чек к расходу №{ $number }
expense-approved-by = ✅ Согласовано: { $name }
expense-rejected-by = ❌ Отклонено: { $name }. Причина: { $reason }
expense-withdrawn = ↩️ Отозван автором
expense-pending = ⏳ Ждёт согласования
expense-ask-reason = Напишите причину отказа:
expense-none = Расходов нет.
expense-threshold-set = ✅ Расходы больше { $amount } согласует администратор.
btn-approve = ✅ Согласовать
btn-reject = ❌ Отклонить
btn-withdraw = ↩️ Отозвать
btn-skip = Пропустить
btn-from-cash = из кассы
btn-from-bank = с банка

## Касса
cmd-kassa = касса: смена, остаток, приход и расход
kassa-status = 💵 { $register }: остаток { $balance }
kassa-shift-open = Смена открыта.
kassa-shift-closed = Смена закрыта.
kassa-today = Движения за сегодня:
btn-open-shift = 🟢 Открыть смену
btn-close-shift = 🔴 Закрыть смену
btn-cash-in = ⬇️ Приход из банка
btn-cash-out = ⬆️ Сдать в банк
kassa-ask-opening = Пересчитайте наличные в кассе и введите сумму (сум):
kassa-ask-counted = Закрытие смены: пересчитайте наличные и введите сумму (сум):
kassa-ask-in = Сколько наличных получено из банка (сум)?
kassa-ask-out = Сколько сдано в банк (сум)?
kassa-opened = ✅ Смена открыта ({ $register }), остаток на начало { $amount }.
kassa-closed = ✅ Смена закрыта: ожидалось { $expected }, посчитано { $counted }. Расхождений нет.
kassa-closed-short = ⚠️ Смена закрыта: ожидалось { $expected }, посчитано { $counted }. Недостача: { $difference }.
kassa-closed-over = ✅ Смена закрыта: ожидалось { $expected }, посчитано { $counted }. Излишек: { $difference }.
kassa-moved = ✅ Проведено { $amount }. Остаток в кассе: { $balance }.
kassa-alert-short = ⚠️ Недостача { $difference }: { $name } ({ $branch }) закрыл(а) смену — ожидалось { $expected }, посчитано { $counted }.
kassa-alert-over = ℹ️ Излишек { $difference }: { $name } ({ $branch }) закрыл(а) смену — ожидалось { $expected }, посчитано { $counted }.

## Отчёты
cmd-report = финансовый отчёт: /report pnl|balance|cash|trial [период]
cmd-export = выгрузка в файл: продажи, закупки, склад, долги (XLSX, PDF, CSV)
report-usage = Например: /report pnl 2026-02, /report balance, /report cash неделя, /report trial
report-progress = ⏳ Готовлю отчёт…
report-pnl = Прибыль и убытки
report-balance = Бухгалтерский баланс
report-cash = Движение денежных средств (прямой метод)
report-trial = Оборотно-сальдовая ведомость
report-pnl-summary = 📈 Прибыль и убытки, { $dates }
    Чистая выручка: { $revenue }
    Валовая прибыль: { $gross }
    Операционная прибыль: { $operating }
    Чистая прибыль: { $net }
report-balance-summary = 📒 Баланс на { $date }: активы { $assets } = обязательства и капитал { $liabilities }
report-cash-summary = 💵 Движение денег, { $dates }
    На начало: { $opening }
    Поступления: { $inflow }
    Выплаты: { $outflow }
    На конец: { $closing }
report-trial-summary = 🧮 Оборотно-сальдовая ведомость, { $dates }: дебет { $debit } = кредит { $credit }
col-item = Показатель
col-amount = Сумма, сум
col-account = Счёт
col-opening = Сальдо на начало
col-debit = Дебет
col-credit = Кредит
col-closing = Сальдо на конец
col-total = Итого
col-code = Код
col-product = Товар
col-qty = Количество
col-price = Цена, сум
col-price-net = Цена (без НДС)
col-amount-net = Сумма (без НДС)
col-vat-rate = Ставка НДС
invoice-title = СЧЁТ-ФАКТУРА № { $number } · { $date }
invoice-parties = Продавец: { $seller } (ИНН { $seller_tin }) · Покупатель: { $buyer } (ИНН { $buyer_tin })
invoice-usage = Укажите номер чека: /invoice 123
invoice-caption = 🧾 Счёт-фактура № { $number } — { $buyer }
btn-invoice = 🧾 Счёт-фактура
col-date = Дата
col-receipt = Чек
col-receipts = Чеков
col-branch = Филиал
col-cashier = Кассир
col-customer = Покупатель
col-supplier = Поставщик
col-document = Документ
col-documents = Документов
col-number = Номер
col-vat = НДС, сум
col-profit = Валовая прибыль, сум
col-avg-cost = Средняя себестоимость, сум
col-value = Стоимость, сум
col-min = Минимум
col-below-min = Ниже минимума
col-phone = Телефон
col-age-30 = 0–30 дн.
col-age-60 = 31–60 дн.
col-age-90 = 61–90 дн.
col-age-older = 90+ дн.
col-balance = Остаток, сум
yes = да
no = нет
statement-opening = Начальный остаток
export-sales = Продажи (строки)
export-sales-by-day = Продажи по дням
export-sales-by-branch = Продажи по филиалам
export-sales-by-cashier = Продажи по кассирам
export-sales-by-product = Продажи по товарам
export-sales-by-customer = Продажи по покупателям
export-purchases = Закупки (строки)
export-purchases-by-supplier = Закупки по поставщикам
export-purchases-by-product = Закупки по товарам
export-inventory = Складские остатки
export-debts = Должники
export-customer-statement = Выписка покупателя
export-supplier-statement = Выписка поставщика
export-choose = 📤 Что выгрузить?
export-choose-period = 📤 { $kind }: за какой период?
export-choose-format = 📤 { $kind }: в каком формате?
export-chosen = 📤 { $kind }
export-progress = ⏳ Готовлю файл…
export-progress-rows = ⏳ Готовлю файл… { $rows } строк
export-done = ✅ Готово: { $rows } строк.
export-too-big = Файл слишком велик для Telegram (больше 50 МБ, { $rows } строк). Сократите период или используйте API / savdo export.
pnl-revenue = Выручка от продажи товаров (без НДС)
pnl-returns = Возвраты товаров
pnl-discounts = Скидки
pnl-net-revenue = Чистая выручка
pnl-cost = Себестоимость проданных товаров
pnl-gross = Валовая прибыль
pnl-other-income = Прочие операционные доходы
pnl-selling = Расходы на реализацию
pnl-admin = Административные расходы
pnl-other-expenses = Прочие операционные расходы
pnl-operating = Операционная прибыль
pnl-tax = Налог на прибыль ({ $rate }, оценка)
pnl-net = Чистая прибыль
balance-assets = Активы
balance-total-assets = Итого активы
balance-liabilities = Обязательства
balance-equity = Капитал
balance-current-result = Результат текущего периода
balance-total-liabilities = Итого обязательства и капитал
cash-opening = Деньги на начало периода
cash-closing = Деньги на конец периода
cf-sale = Поступления от продаж
cf-return = Возвраты покупателям
cf-purchase = Закупка товаров
cf-supplier_payment = Оплата поставщикам
cf-expense = Расходы
cf-shift_open = Расхождение при открытии смены
cf-shift_close = Расхождение при закрытии смены
cf-cash_in = Из банка в кассу
cf-cash_out = Из кассы в банк
cf-count = Инвентаризация
cf-reversal = Исправления
cf-customer_payment = Оплаты долгов покупателями
account-2910 = Товары на складе
account-4010 = Счета к получению от покупателей
account-4310 = Авансы поставщикам
account-4410 = Авансовые платежи по налогам (НДС)
account-5010 = Касса (сум)
account-5110 = Расчётный счёт
account-5910 = Недостачи и потери
account-6010 = Счета к оплате поставщикам
account-6310 = Авансы полученные от покупателей
account-6410 = Задолженность по платежам в бюджет (НДС)
account-6520 = Задолженность по социальному налогу
account-6710 = Расчёты с персоналом по оплате труда
account-8330 = Уставный капитал
account-8710 = Нераспределённая прибыль
account-9020 = Доходы от реализации товаров
account-9040 = Возврат проданных товаров
account-9050 = Скидки
account-9120 = Себестоимость реализованных товаров
account-9390 = Прочие операционные доходы
account-9410 = Расходы по реализации
account-9420 = Административные расходы
account-9430 = Прочие операционные расходы
cmd-account = добавить субсчёт: /account 5011 Касса 2
cmd-category = статьи расходов: /category 9420 Охрана
account-usage = Например: /account 5011 Касса 2 (код из 4 цифр, начинается как родительский 5010)
account-added = ✅ Счёт { $code } — { $name } добавлен под { $parent }.
category-list = Статьи расходов:
category-usage = Новая статья: /category 9410|9420|9430 Название (9410 — реализация, 9420 — административные, 9430 — прочие)
category-added = ✅ Статья «{ $name }» добавлена ({ $account }).
kassa-default-name = Основная касса

## Activity log
cmd-audit = журнал действий: кто что изменил
cmd-assistant = ассистент: вопросы за сегодня, лимит, отзывы
audit-usage = Использование: /audit [product|user|expense|sale ID] [период], например: /audit product 3 неделя
audit-title = 📜 Журнал действий — { $scope }
audit-scope-all = вся компания
audit-empty = За этот период изменений нет.
audit-by-key = API-ключ ({ $name })
audit-by-job = система ({ $name })
audit-by-cli = командная строка сервера
audit-yes = да
audit-no = нет
audit-company-created = Компания создана
audit-company-setting = Настройка изменена
audit-branch-added = Филиал добавлен
audit-invite-created = Создано приглашение
audit-invite-accepted = Приглашение принято
audit-user-role = Роль изменена
audit-user-branch = Филиал изменён
audit-user-blocked = Пользователь заблокирован
audit-user-unblocked = Пользователь разблокирован
audit-product-created = Товар добавлен
audit-product-edited = Товар изменён
audit-sale-recorded = Продажа
audit-sale-returned = Возврат
audit-purchase-recorded = Приход
audit-stock-counted = Инвентаризация
audit-stock-transferred = Перемещение между филиалами
audit-expense-filed = Расход подан
audit-expense-approved = Расход одобрен
audit-expense-rejected = Расход отклонён
audit-expense-withdrawn = Расход отозван
audit-category-added = Добавлена категория расходов
audit-account-added = Добавлен субсчёт
audit-shift-opened = Смена открыта
audit-shift-closed = Смена закрыта
audit-cash-moved = Движение по кассе
audit-supplier-paid = Оплата поставщику
audit-partner-added = Добавлен контрагент
audit-api-key-created = Создан API-ключ
audit-api-key-revoked = API-ключ отозван
audit-customer-edited = Покупатель изменён
audit-customer-paid = Покупатель оплатил долг
audit-customer-reminded = Покупателю напомнили о долге
audit-order-created = Заказ создан
audit-order-sent = Заказ отправлен
audit-order-received = По заказу принят товар
audit-order-cancelled = Заказ отменён
audit-order-supplier-set = Поставщик заказа выбран
audit-invoice-issued = Выписана счёт-фактура
audit-field-name = название
audit-field-sale-price = цена продажи
audit-field-purchase-price = закупочная цена
audit-field-min-qty = минимальный остаток
audit-field-barcode = штрихкод
audit-field-unit = единица
audit-field-role = роль
audit-field-branch-id = филиал
audit-field-blocked = заблокирован
audit-field-status = статус
audit-field-reason = причина
audit-field-amount = сумма
audit-field-total = итого
audit-field-payment = оплата
audit-field-digest-time = время утренней сводки
audit-field-expense-threshold = порог одобрения админом
audit-entity-company = компания
audit-entity-branch = филиал
audit-entity-user = сотрудник
audit-entity-invite = приглашение
audit-entity-product = товар
audit-entity-sale = чек
audit-entity-purchase = приход
audit-entity-count = инвентаризация
audit-entity-transfer = перемещение
audit-entity-expense = расход
audit-entity-expense-category = категория расходов
audit-entity-account = счёт
audit-entity-shift = смена
audit-entity-cash-move = движение по кассе
audit-entity-api-key = API-ключ
audit-entity-supplier = поставщик
audit-entity-customer = покупатель
audit-entity-purchase-order = заказ поставщику
audit-entity-invoice = счёт-фактура
audit-field-code = код
audit-field-vat-rate-bp = НДС
audit-field-cashier-id = кассир
audit-field-source = источник
audit-field-return-of = возврат чека
audit-field-lines = строк
audit-field-branch = филиал
audit-field-tin = ИНН
audit-field-user-id = сотрудник
audit-field-from-branch-id = из филиала
audit-field-to-branch-id = в филиал
audit-field-supplier-id = поставщик
audit-field-credit-limit = кредитный лимит
audit-field-notes = заметки
audit-field-order-id = заказ
audit-field-sale-id = чек
audit-field-number = номер
audit-field-register-id = касса
audit-field-kind = вид
audit-field-counted = пересчитано
audit-field-expected = по учёту
audit-field-difference = разница
audit-field-category-id = категория
audit-field-description = описание
audit-field-prefix = начало
audit-field-acts-for = от имени
audit-field-revoked = отозван
audit-field-parent = родительский счёт
audit-field-account = счёт
audit-field-entry-id = проводка
audit-field-from = откуда
audit-field-phone = телефон
audit-status-pending = ожидает
audit-status-approved = одобрен
audit-status-rejected = отклонён
audit-status-withdrawn = отозван
audit-status-open = открыта
audit-status-closed = закрыта
audit-source-chat = чат
audit-source-api = API
audit-source-import = импорт
audit-source-return = возврат

## Forecasts
forecast-nothing-sold = За последние 4 недели продаж не было: прогнозировать не из чего.
forecast-top-title = 📈 Прогноз на 4 недели — { $scope }:
forecast-top-hint = График по одному товару: /forecast название или код
forecast-no-history = { $product }: нет истории продаж, прогноз невозможен.
forecast-chart-title = 📈 { $product } — { $scope }
forecast-whole-company = вся компания
forecast-line = { $product } — за 4 недели { $total } (95 %: { $low } – { $high })
forecast-more-branches = … и ещё филиалов: { $count }; /reorder КОД
forecast-weeks = По неделям: { $weeks }
forecast-method = Метод: { $method }; ошибка на последних 4 неделях { $mape }.
forecast-method-new = Метод: { $method } (истории пока мало для проверки).
forecast-reorder = { $branch }: точка заказа { $point }; заказывать до { $up_to } (поставка { $lead } дн.).
method-ma = скользящее среднее
method-ses = экспоненциальное сглаживание
method-holt = Холт (тренд)
method-holt-damped = Холт (затухающий тренд)
method-hw-add = Холт-Винтерс (недельный, аддитивный)
method-hw-mul = Холт-Винтерс (недельный, мультипликативный)
method-hw-add-damped = Холт-Винтерс (затухающий тренд, аддитивный)
method-hw-mul-damped = Холт-Винтерс (затухающий тренд, мультипликативный)
method-croston = Кростон (редкий спрос)
method-seasonal-naive = повтор прошлой недели
cmd-reorder = настройки заказа: срок поставки, уровень сервиса, упаковка
reorder-usage = Настройки точки заказа:
  /reorder КОД — настройки товара и его точки заказа
  /reorder КОД ДНИ [СЕРВИС %] [УПАКОВКА] — например /reorder A-100 10 97 12: поставка 10 дней, хватает в 97 % случаев, упаковка по 12
  /reorder supplier НАЗВАНИЕ ДНИ — обычный срок поставки поставщика
reorder-default = { $value } (по умолчанию)
reorder-from-supplier = { $value } (по поставщику { $supplier })
reorder-days = { $days } дн.
reorder-no-pack = нет
reorder-settings = ⚙️ { $product }: поставка { $lead }, уровень сервиса { $service }, упаковка { $pack }.
reorder-saved = ✅ Сохранено. { $product }: поставка { $lead }, уровень сервиса { $service }, упаковка { $pack }. Точка заказа пересчитается этой ночью.
reorder-unknown-supplier = Поставщик «{ $name }» не найден.
reorder-supplier-saved = ✅ { $name }: поставка { $lead } дн. Для товаров от него — с ночного пересчёта.

# The assistant (plain questions)
ask-sales = 📊 Продажи, { $whose }, { $dates }: { $total } — чеков { $receipts }, средний { $average }
ask-change = К предыдущим { $days } дн.: { $change }
ask-units = 📦 Продано: { $units }
ask-top-short = 🏆 Лучшие: { $list }
ask-compare = 📊 { $whose }: { $dates } — { $total } ({ $per_day } в день); { $before_dates } — { $before_total } ({ $before_per_day } в день).
ask-compare-change = В день: { $change }
ask-why-receipts = Чеков в день: { $receipts }; средний чек: { $average }.
ask-why-falls = ▼ Упали больше всего: { $list }
ask-why-rises = ▲ Выросли больше всего: { $list }
ask-why-nothing = Заметно не изменился ни один товар.
ask-top-title = 🏆 Самые продаваемые, { $whose }, { $dates }:
ask-products-title = 📦 Продано, { $whose }, { $dates }:
ask-products-none = За { $dates } ничего не продано.
ask-slow-title = 🐢 Есть на складе, но почти не продаются за { $days } дн.:
ask-slow-line = • { $name } — на складе { $on_hand } ({ $value }), продано { $sold }
ask-slow-none = Всё, что есть на складе, продавалось за последние { $days } дн.
ask-low-title = ⚠️ Заканчивается ({ $count }), самое срочное первым:
ask-low-line = • { $name } ({ $branch }) — { $qty }, заказывать при { $threshold }
ask-low-none = Ничего не заканчивается.
ask-stock-line = 📦 { $name }: { $qty } ({ $branches })
ask-stock-none = Товар «{ $query }» не найден.
ask-expenses-title = 💸 Расходы { $dates }: { $total }
ask-expenses-none = Утверждённых расходов { $dates } нет.
ask-cash-title = 💵 В кассах: { $total }
ask-debts-title = 🧾 Должны { $count } клиентов: { $total }, просрочено { $overdue }. Больше всех:
ask-debts-none = Никто из клиентов не должен.
ask-payables-title = 🏭 Мы должны поставщикам { $total }:
ask-payables-none = Мы никому из поставщиков не должны.
ask-profit = 📈 { $dates }: выручка { $revenue }, себестоимость { $cost }, расходы { $expenses }, чистая прибыль { $profit }.
ask-limit-reached = Сегодняшние { $limit } вопросов к языковой модели исчерпаны; вот ответ без неё.
ask-q-today = Продажи сегодня
ask-q-compare-month = Сравнить этот месяц с прошлым
ask-q-why-week = Почему продажи на этой неделе изменились?
ask-q-top = Самые продаваемые товары
ask-q-slow = Какие товары плохо продаются?
ask-q-running-out = Что заканчивается?
ask-q-debts = Кто больше всех должен?
ask-q-cash = Сколько денег в кассе?
ask-q-profit = Прибыль за этот месяц
ask-q-expenses = Расходы за этот месяц
ask-act-order = 🛒 Заказать { $name }
ask-act-customer = 👤 { $name }
ask-btn-comment = 💬 Добавить комментарий
ask-feedback-thanks = Спасибо за отзыв!
ask-comment-prompt = Напишите комментарий к ответу (или /cancel):
ask-comment-saved = Комментарий сохранён. Спасибо!
assistant-model-on = 🤖 Языковая модель: { $model }
assistant-model-off = 🤖 Языковая модель не настроена: вопросы отвечаются без неё (бесплатно).
assistant-today = Сегодня: ответов модели { $model } из { $limit }, без модели { $offline }.
assistant-feedback = За 30 дней: 👍 { $up } · 👎 { $down }
assistant-not-understood = Недавно не понятые вопросы: { $list }
assistant-limit-usage = Дневной лимит ответов модели: /assistant limit 100
assistant-limit-set = Дневной лимит ответов модели: { $limit }.
rec-title = 💡 Наблюдения недели:
rec-running-out = Заканчиваются { $count } товаров, первый — { $name } (осталось { $qty }): закажите, пока не кончился.
rec-slow = { $count } товаров не продавались 30 дней и держат { $value }, например { $name }: скидка или возврат поставщику освободят деньги.
rec-margin = Валовая маржа за четыре недели упала до { $now } с { $before }: проверьте закупочные цены и скидки.
rec-expense = «{ $category }» быстро растёт: { $now } в этом месяце против { $before } за весь прошлый.
rec-overdue = { $count } клиентов просрочили больше 30 дней на { $total }, больше всех { $name }: напоминание поможет.
rec-sales-drop = Последние семь дней продали { $change } к семи дням до них.
ask-forecast-title = 🔮 Следующие { $days } дн.:
ask-forecast-line = • { $name } — около { $expected } (от { $lower } до { $upper }; { $method })
ask-forecast-reorder = , заказывать при { $point }
ask-forecast-none = Товар для прогноза не найден.
ask-whose-cashier = кассир { $name }
ask-whose-customer = покупатель { $name }
ask-why-branches = 🏬 Филиалы: { $list }

## Photographed invoices and receipts
scan-progress = 🔎 Читаю «{ $name }»…
scan-album = 🗂 Прочитано страниц: { $count }
scan-btn-open = 📄 { $n }
scan-card-invoice = 🧾 Счёт-фактура № { $number } · { $date }
scan-card-receipt = 🧾 Чек № { $number } · { $date }
scan-seller = Поставщик: { $name } · ИНН { $tin }
scan-buyer = Покупатель: { $name } · ИНН { $tin }
scan-supplier-known = (поставщик есть в Savdo)
scan-supplier-new = (новый поставщик)
scan-line = { $n }. { $name }: { $qty } { $unit } × { $price } = { $amount }
scan-line-matched = → { $product }
scan-line-new = → 🆕 новый товар
scan-total = Итого: { $total } (НДС { $vat })
scan-fiscal = 🔗 Фискальный чек: { $link }
scan-warn-line = ⚠️ Строка { $line }: количество × цена не равно сумме
scan-warn-total = ⚠️ Строки дают { $lines }, а итого — { $total }
scan-warn-tin = ⚠️ ИНН { $party } — не 9 цифр
scan-party-seller = поставщика
scan-party-buyer = покупателя
scan-warn-future = ⚠️ Дата в будущем
scan-warn-no-lines = ⚠️ Строки товаров не найдены
scan-warn-no-total = ⚠️ Итоговая сумма не найдена
scan-nothing-saved = ❓ — прочитано неуверенно, проверьте. Ничего не сохранится, пока не нажата кнопка.
scan-btn-purchase = 📦 Сохранить как закупку
scan-btn-expense = 💸 Сохранить как расход
scan-btn-edit = ✏️ Исправить
scan-btn-cancel = ✖️ Отменить
scan-status-purchase = ✅ Сохранено как закупка № { $id }.
scan-status-expense = ✅ Сохранено как расход № { $id }.
scan-cancelled = Черновик отменён: ничего не сохранено.
scan-saved-purchase = ✅ Закупка № { $id } сохранена: { $total }. Товар на складе, долг поставщику записан.
scan-new-products = Добавлены новые товары (проверьте цену продажи): { $names }
scan-expense-category = К какой категории относится расход?
scan-edit-which = Какое поле исправить?
scan-field-number = Номер
scan-field-date = Дата
scan-field-seller = Поставщик
scan-field-tin = ИНН поставщика
scan-field-total = Итого
scan-field-line = Строка
scan-edit-prompt = Напишите новое значение.
scan-edit-line-prompt = Напишите номер строки, количество и цену, например: 2 40 56000
cmd-scans = документы: прочитанные счета-фактуры и чеки
scan-none = Документов пока нет. Сфотографируйте счёт-фактуру или чек и пришлите.
scan-recent = 🗂 Последние документы:
scan-state-draft = черновик
scan-state-saving = сохраняется
scan-state-purchase = закупка
scan-state-expense = расход
scan-state-cancelled = отменён
scan-btn-original = 🖼 Оригинал и текст
scan-original-caption = Документ №{ $id }: оригинал
scan-raw-text = Распознанный текст:

## Taxes and payroll
role-accountant = Бухгалтер
audit-employee-added = Сотрудник добавлен
audit-employee-edited = Данные сотрудника изменены
audit-payroll-confirmed = Зарплата подтверждена
audit-tax-rate-set = Установлена ставка налога
audit-tax-sent = Налоговый отчёт отправлен
audit-entity-employee = сотрудник
audit-entity-payroll-run = зарплата
audit-entity-tax-rate = ставка налога
audit-entity-tax-submission = налоговый отчёт
account-6411 = Задолженность по платежам в бюджет (НДФЛ)
account-6412 = Задолженность по ИНПС (накопительная пенсия)
err-pinfl = ПИНФЛ состоит из 14 цифр.
err-employee-exists = Сотрудник с таким ПИНФЛ уже есть.
err-payroll-confirmed = Зарплата за этот месяц подтверждена. Для исправления нажмите «Исправить» — будет записана новая версия.
err-no-employees = Нет активных сотрудников. Добавить: /employee add
err-future-month = Этот месяц ещё не начался.
err-rate-in-past = Новая ставка действует не раньше чем с завтрашнего дня — прошлое не меняется.
err-bad-rate = Ставка налога — от 0 до 100 %.
err-no-tax-cabinet = На этом сервере не настроен налоговый кабинет (TAX_CABINET_URL).
err-payroll-not-confirmed = зарплата за месяц не подтверждена (/payroll)
cmd-tax = отправить налоговые отчёты за месяц: /tax [ГГГГ-ММ]
cmd-payroll = зарплата за месяц: /payroll [ГГГГ-ММ]
cmd-employee = список сотрудников (для зарплаты)
cmd-taxrate = ставки налогов и режим
tax-kind-vat = НДС
tax-kind-profit = Налог на прибыль
tax-kind-turnover = Налог с оборота
tax-kind-income = НДФЛ
tax-kind-inps = ИНПС (из НДФЛ)
tax-kind-social = Социальный налог
tax-regime-vat = плательщик НДС (НДС и налог на прибыль)
tax-regime-turnover = плательщик налога с оборота
tax-report-sales = Продажи
tax-report-vat = НДС
tax-report-payroll = Зарплата
tax-report-declaration = Декларация
tax-report-title = Отчёт «{ $report }», { $period }
tax-report-subtitle = { $company } · ИНН { $tin }
col-payment = Вид оплаты
col-gross = С НДС, сум
col-employee = Сотрудник
col-pinfl = ПИНФЛ
col-position = Должность
col-gross-salary = Начислено, сум
col-pit = НДФЛ, сум
col-inps = ИНПС, сум
col-social = Соцналог, сум
col-net-pay = К выплате, сум
tax-vat-sales = Облагаемые продажи (без НДС)
tax-vat-output = Начисленный НДС ({ $rate })
tax-vat-purchases = Закупки (без НДС)
tax-vat-input = НДС к зачёту
tax-vat-payable = НДС к уплате
tax-decl-revenue = Чистая выручка
tax-decl-cost = Себестоимость проданных товаров
tax-decl-expenses = Расходы периода
tax-decl-other-income = Прочие доходы
tax-decl-profit = Прибыль (убыток)
tax-decl-base = Налоговая база
tax-decl-profit-tax = Налог на прибыль ({ $rate })
tax-decl-turnover-tax = Налог с оборота ({ $rate })
tax-status-accepted = принят
tax-status-rejected = отклонён
tax-status-failed = не доставлен
tax-status-not-built = не сформирован
tax-summary-title = 📑 Налоговые отчёты за { $period }
tax-summary-figures =
    Продажи: { $sales }
    НДС к уплате: { $vat }
    Прибыль: { $profit }
    Налогов к уплате: { $due }
tax-dev-cabinet = ⚠️ Отчёты отправлены в ТЕСТОВЫЙ налоговый кабинет — это не настоящая сдача.
payroll-title-confirmed = 💼 Зарплата за { $period } (подтверждена, версия { $version })
payroll-title-draft = 💼 Зарплата за { $period } — черновик
payroll-line = { $name }: { $gross }, НДФЛ { $pit }, к выплате { $net }
payroll-totals =
    Начислено: { $gross }
    НДФЛ: { $pit } (в т.ч. ИНПС { $inps })
    Соцналог: { $social }
    К выплате: { $net }
tax-usage = Например: /tax или /tax 2026-11
tax-choose = Отметьте отчёты за { $period } для отправки:
tax-send = 📤 Отправить
tax-already-sent = Это уже отправлено.
tax-progress-one = ⏳ { $report }: формируется и отправляется…
tax-resend = 🔁 Отправить снова: { $report }
payroll-usage = Например: /payroll или /payroll 2026-11
payroll-correct = ✏️ Исправить (новая версия)
payroll-no-employees = Нет активных сотрудников. Добавить: /employee add Имя Фамилия; ПИНФЛ; должность; оклад
payroll-pay-cash = 💵 Выплатить из кассы
payroll-pay-bank = 🏦 Выплатить с банка
payroll-confirmed = ✅ Подтверждено и проведено в учёте.
employee-list-title = 👥 Сотрудники:
employee-line = #{ $id } { $name } — { $position }, { $salary }{ $state }
employee-none = Сотрудников пока нет.
employee-usage =
    Добавить: /employee add Имя Фамилия; ПИНФЛ (14 цифр); должность; оклад[; филиал]
    Изменить: /employee ID name|pinfl|position|salary ЗНАЧЕНИЕ
    Связать с участником: /employee ID member ИМЯ
    Отключить / вернуть: /employee ID off|on
employee-added = ✅ #{ $id } { $name } добавлен(а).
employee-saved = ✅ #{ $id } { $name }: сохранено.
taxrate-title = 🧾 Налоговый режим: { $regime }. Действующие ставки:
taxrate-next = , с { $from } — { $rate }
taxrate-line = { $name }: { $rate } (с { $since }){ $next }
taxrate-usage =
    Новая ставка: /taxrate vat|profit|turnover|income|inps|social ПРОЦЕНТ ГГГГ-ММ-ДД (например /taxrate vat 12 2027-01-01)
    Режим: /taxrate regime vat|turnover
taxrate-regime-set = ✅ Налоговый режим: { $regime }.
taxrate-set = ✅ { $name }: { $rate } с { $from }. Прошлые периоды не меняются.
tax-due-vat = декларация и уплата НДС
tax-due-payroll = НДФЛ и социальный налог с зарплаты
tax-due-payroll-turnover = НДФЛ, социальный налог и налог с оборота
tax-reminder = 🗓 До { $date }: { $what } (за { $period }). Подготовить: /payroll { $period }, /tax { $period }
payroll-more = …и ещё { $count } сотрудников (все — в файле отчёта)
employee-linked = ✅ #{ $id } { $name } связан(а) с участником { $member }.

## Online payments
btn-pay-link = 💳 Оплата онлайн
pay-link-title = 💳 Ссылка на оплату для { $customer }: { $amount } (заказ №{ $order })
pay-link-hint = Перешлите ссылку клиенту: после оплаты долг уменьшится сам, и вам придёт сообщение.
payment-received = 💳 { $customer } оплатил(а) { $amount } через { $provider }. Остаток долга: { $owed }.
btn-open-customer = 👤 Клиент
err-nothing-owed = У клиента нет долга.
err-no-payment-provider = На этом сервере не настроены Payme или Click.
audit-customer-refunded = Онлайн-оплата возвращена

## REGOS
cmd-regos = синхронизация продаж с REGOS
regos-not-connected = Компания не подключена к REGOS. Администратор на сервере: savdo regos connect --company ID --url … --integration … --client-id …
regos-title = 🔄 Синхронизация с REGOS:
regos-never = Ещё не синхронизировано.
regos-sync-line = { $at } · { $mode } · { $status }: новых { $new }, обновлено { $updated }, пропущено { $skipped }
regos-mode-daily = ежедневная
regos-mode-manual = вручную
regos-mode-webhook = вебхук
regos-mode-cli = командная строка
regos-status-done = готово
regos-status-failed = ошибка
regos-status-running = идёт
regos-errors = Последние ошибки:
regos-sync-now = 🔄 Синхронизировать
regos-products-pending = Из REGOS пришло новых товаров: { $count }. Проверьте цену и единицу и подтвердите.
regos-confirm-products = ✅ Подтвердить товары ({ $count })
regos-products-confirmed = ✅ Подтверждено товаров: { $count }.
regos-progress-start = ⏳ REGOS: загружаем чеки…
regos-progress = ⏳ REGOS: страниц { $pages }, новых { $new }, обновлено { $updated }, пропущено { $skipped }…
regos-done = ✅ REGOS: страниц { $pages }, новых чеков { $new }, обновлено { $updated }, пропущено { $skipped }.
regos-failed = ⚠️ Синхронизация с REGOS прервалась: страниц { $pages }, новых { $new }, обновлено { $updated }, пропущено { $skipped }. Повторить безопасно.
err-no-regos = Компания не подключена к REGOS.
regos-problem-return = { $receipt }: чек возврата — не загружен (REGOS не указывает, какая продажа возвращена)
regos-problem-no-uuid = документ без uuid ({ $detail })
regos-problem-mapping = { $receipt }: не прочитан — { $detail }
regos-problem-gateway = Связь с REGOS: { $detail }

## The Savdo service (operators)
cmd-companies = сервис Savdo: компании (для операторов)
refuse-not-operator = Эта команда только для операторов сервиса Savdo.
refuse-company-blocked = Ваша компания заблокирована сервисом Savdo. Данные сохранены; по вопросам обратитесь в сервис.
refuse-company-read-only = Баланс компании исчерпан: до пополнения можно только смотреть.
company-now-blocked = ⛔ «{ $company }» заблокирована сервисом Savdo. Данные сохранены.
company-now-read-only = ⚠️ Баланс «{ $company }» исчерпан: до пополнения только просмотр.
company-now-active = ✅ «{ $company }» снова работает.
balance-low = 💳 Баланс Savdo: { $balance } — примерно на { $days } дн. Не забудьте пополнить.
companies-title = 🏢 Компании: { $count }
companies-line = #{ $id } { $name } · участников { $members } · продажи месяца { $sales } · баланс { $balance } · { $status }
companies-usage =
    Перевод: /companies transfer TELEGRAM_ID ID_КОМПАНИИ РОЛЬ [ID_ФИЛИАЛА]
    Тариф: /companies tariff ID_КОМПАНИИ month|user ЦЕНА
    История: /companies history TELEGRAM_ID
companies-transferred = ✅ Пользователь { $user } переведён в компанию #{ $company }.
companies-history = 📜 Компании пользователя { $user }:
company-status-active = активна
company-status-blocked = заблокирована
company-status-read-only = только чтение
tariff-month = в месяц
tariff-user = за участника в месяц
tariff-line = { $price } { $kind }
company-card =
    🏢 #{ $id } { $name } (ИНН { $tin })
    Статус: { $status }
    Участников: { $members }
    Продажи за месяц: { $sales }
    Баланс: { $balance }
    Тариф: { $tariff }
    Последняя активность: { $last }
company-block = ⛔ Заблокировать
company-unblock = ✅ Разблокировать
company-top-up = 💳 Пополнить баланс
company-admin-invite = 👤 Добавить администратора
company-top-up-ask = Сколько добавить на баланс #{ $id }? (в сумах)
company-topped-up = ✅ #{ $id }: +{ $amount }. Баланс: { $balance }.
company-admin-link = Ссылка администратора для #{ $id } (одноразовая): { $link }
audit-company-blocked = Компания заблокирована
audit-company-unblocked = Компания разблокирована
audit-company-read-only = Компания переведена в режим чтения
audit-company-topped-up = Баланс пополнен
audit-company-charged = Списана дневная плата
audit-company-tariff = Тариф изменён
audit-user-transferred = Пользователь переведён в другую компанию

## Calls (PBX)
cmd-calls = звонки: /calls [телефон или клиент]
calls-setup =
    ☎️ Вебхук для АТС: POST /webhooks/pbx/{ $company }, заголовок X-Pbx-Secret: { $secret }
    Старый больше не работает.
calls-none = Звонков за 30 дней нет.
calls-title = ☎️ Последние звонки (30 дней):
calls-line = 📞 { $phone } · { $customer } · звонков { $calls }, пропущено { $missed } · последний { $last }
call-missed = 📵 Пропущен звонок от { $customer } ({ $at }). Перезвонить: { $phone }. Долг: { $owed }.

## Settings
cmd-settings = настройки: уведомления, тихие часы
settings-title =
    ⚙️ Настройки
    Язык: { $language } (/lang)
    Тихие часы: { $quiet }
    Уведомления (нажмите, чтобы включить или выключить):
settings-quiet-none = нет
settings-usage = Тихие часы: /settings quiet 22:00-08:00 (выключить: /settings quiet off)
notice-low-stock = Мало товара
notice-digest = Утренняя сводка
notice-approvals = Запросы на одобрение
notice-debts = Просроченные долги
notice-tax = Налоговые сроки
notice-recommendations = Еженедельные рекомендации

## User administration
users-found = Найдено участников: { $count } (с последней активностью):
users-none-found = Участников по «{ $text }» не найдено.
btn-user-history = 📜 Действия
btn-user-revoke-keys = 🔑 Отозвать API-ключи
btn-user-remove = 🗑 Удалить из компании
user-history = 📜 { $name }: последние действия
user-keys-revoked = 🔑 { $name }: отозвано API-ключей: { $count }.
user-removed = 🗑 { $name } удалён(а) из компании. Документы остаются под его именем.
audit-user-removed = Участник удалён

## Company settings
cmd-company = настройки компании в одном месте
company-settings =
    🏢 Настройки компании
    Часовой пояс: { $zone }
    Валюта: { $currency }
    Утренняя сводка: { $digest }
    Расходы утверждает администратор: выше { $threshold }
    Вопросов помощнику в день: { $questions }
    Налоговый режим: { $regime }
    Кредитный лимит нового клиента: { $credit }
company-settings-usage =
    Изменить: /company timezone Asia/Tashkent · /digest 08:30 · /expenses limit 2000000 · /assistant limit 100 · /taxrate regime vat|turnover · /company credit 500000|off

## SIM cards
cmd-simcards = SIM-карты: по магазинам, добавить, продать
sim-title = 📶 SIM-карты:
sim-none = SIM-карт пока нет.
sim-warehouse = склад
sim-changes = Последние изменения:
sim-status-in-stock = на складе
sim-status-assigned = в магазине
sim-status-sold = продана
sim-status-active = активна
sim-status-blocked = заблокирована
sim-usage =
    Добавить: /simcards add и на следующих строках: ICCID; номер; оператор[; тариф[; цена закупки[; цена продажи]]]
    В магазин: /simcards assign МАГАЗИН ICCID…
    Продать: /simcards sell ICCID или номер
    Проверить: /simcards check · Автопроверка (30 минут): /simcards auto on|off
sim-added = ✅ На склад добавлено SIM-карт: { $count }.
sim-list-refused = Список не принят — ничего не добавлено:
sim-line-problem = Строка { $line }: { $problem }
sim-assigned = ✅ SIM-карт передано в { $shop }: { $count }.
sim-sold-here = ✅ SIM-карта продана: { $iccid } ({ $phone }), { $price }.
sim-no-operator = На этом сервере не настроен API оператора (SIM_OPERATOR_URL).
sim-checked = 📶 Проверено: { $checked }, изменилось: { $changed }, без ответа: { $failed }.
sim-auto-on = ✅ Автопроверка включена (каждые 30 минут).
sim-auto-off = Автопроверка выключена.
sim-sold = 📶 SIM-карта { $iccid } продана ({ $branch }).
sim-active = 📶 SIM-карта { $iccid } активирована ({ $branch }).
err-iccid = ICCID — 19–20 цифр с верной контрольной цифрой.
err-iccid-exists = SIM-карта с таким ICCID уже есть.
err-sim-not-in-stock = Этой SIM-карты нет ни на складе, ни в магазине.
cmd-sim = продать SIM-карту: /sim ICCID или номер

# The catalogue API (issue 16)
err-username = Имя пользователя — от 3 до 150 букв, цифр и знаков @ . + - _.
err-username-taken = Это имя пользователя уже занято.
err-weak-password = Пароль должен быть от 10 до 256 символов.
err-in-use = По нему есть продажи, остатки или документы: удалить нельзя.
err-code-taken = Этот код 1С уже занят другой записью.
err-coordinates = Широта — от −90 до 90, долгота — от −180 до 180.
err-bad-value = Недопустимое значение.
audit-by-api-user = пользователь API ({ $name })
audit-api-user-created = Добавлен пользователь API
audit-api-user-revoked = Пользователь API отключён
audit-project-created = Создан проект
audit-project-edited = Изменён проект
audit-project-deleted = Удалён проект
audit-product-deleted = Удалён товар
audit-customer-deleted = Удалён клиент
audit-image-added = Добавлено изображение
audit-image-removed = Удалено изображение
audit-product-described = Написано описание товара
audit-entity-api-user = пользователь API
audit-entity-project = проект
audit-entity-image = изображение
cmd-apiuser = пользователи API: логин и токены
cmd-agents = где агенты: последнее местоположение
catalogue-imported = ✅ { $sheet }: добавлено { $created }, обновлено { $updated }.
catalogue-import-refused = Ничего не сохранено: ошибок — { $count }. Исправьте и отправьте файл снова:
catalogue-import-line = Строка { $row }, { $field }: { $problem }
picture-added = 🖼 Изображение добавлено: { $name } ({ $code }).
picture-added-main = 🖼 Главное изображение: { $name } ({ $code }).
location-saved = 📍 Местоположение сохранено.
location-live = 📍 Живая геопозиция: Savdo сохраняет её, пока вы не остановите трансляцию.
agents-none = Ещё ни один агент не поделился местоположением.
agents-header = 📍 Агенты: { $count }
agents-line = { $name } · { $age } назад{ $battery }
age-minutes = { $n } мин
age-hours = { $n } ч
age-days = { $n } дн
apiuser-header = Пользователи API: { $count }
apiuser-line = 👤 { $name } — { $role }{ $state }
apiuser-revoked-mark =  (отключён)
apiuser-created =
    👤 Пользователь API { $name } ({ $role }). Пароль показан только сейчас:
    { $password }
    Токен: POST /api/token/
apiuser-revoked = Пользователь API { $name } отключён: его токены больше не работают.
apiuser-usage =
    /apiuser add ИМЯ РОЛЬ [ID_ФИЛИАЛА] — добавить
    /apiuser revoke ИМЯ — отключить
cmd-sync = загрузить товары или клиентов из 1С: /sync [clients]
sync-none = Связь с 1С не настроена: POST /api/v1/integration/ (адрес, логин, пароль).
sync-started = ⏳ { $name }: получаю файлы из 1С…
sync-progress = ⏳ { $name }: { $done } / { $total } ({ $percent }%)
sync-done = ✅ { $name }: добавлено { $created }, обновлено { $updated }, пропущено { $skipped }.
sync-failed = ❌ { $name }: синхронизация остановилась: { $reason }
err-sheet-missing = Отправьте файл в поле «file» (XLSX или CSV).
err-sheet-unreadable = Файл не читается: отправьте таблицу XLSX или CSV с заголовками в первой строке.
