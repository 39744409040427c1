# Savdo — o‘zbekcha (lotin). O‘ va g‘ harflari U+2018 (‘) bilan yoziladi.

currency-uzs = so‘m
lang-name = O‘zbekcha
lang-choose = Tilni tanlang:
lang-changed = Til o‘zgartirildi: { $language }.
lang-unknown = Bunday til yo‘q. Mavjud tillar: uz, ru, en.

## Buyruqlar
cmd-start = boshlash yoki taklif orqali qo‘shilish
cmd-help = buyruqlar ro‘yxati
cmd-find = mahsulot qidirish: narx va qoldiq
cmd-product = mahsulot qo‘shish yoki tahrirlash
cmd-invite = xodimni taklif qilish
cmd-users = xodimlar: rol, filial, bloklash
cmd-branches = filiallar
cmd-lang = tilni o‘zgartirish
cmd-cancel = joriy amalni bekor qilish
help-header = Savdo buyruqlari ({ $role }, «{ $company }»):
help-header-guest = Savdo buyruqlari:

## Rad etishlar va xatolar
refuse-no-company = Siz hali hech qaysi kompaniyada emassiz. Kompaniya yaratish uchun /start yuboring yoki rahbaringizdan taklif havolasini so‘rang.
refuse-blocked = Hisobingiz bloklangan. Kompaniya administratoriga murojaat qiling.
refuse-role = Bu amal sizning rolingiz ({ $role }) uchun ruxsat etilmagan.
err-tin = STIR 9 ta raqamdan iborat bo‘lishi kerak. Qaytadan yozing:
err-name = Nom bo‘sh yoki juda uzun. Qaytadan yozing:
err-question-limit = Yordamchiga bugungi savollar chegarasi tugadi.
err-bad-argument = Tushunib bo‘lmadi: davr, filial yoki sonni tekshirib, qaytadan yozing.
err-file-too-large = Fayl juda katta: 20 MB gacha bo‘lsin.
err-image-too-large = Rasm juda katta: 40 megapikselgacha bo‘lsin.
err-file-format = Bu fayl turini o‘qiy olmayman: JPEG, PNG, TIFF, WebP yoki PDF yuboring.
err-file-unreadable = Faylni o‘qib bo‘lmadi: u buzilgan bo‘lishi mumkin. Qaytadan suratga oling.
err-no-text = Rasmda matn topilmadi. Hujjatni yorug‘ joyda, to‘g‘ri va yaqinroqdan suratga oling.
err-ocr-unavailable = Bu serverda rasmlarni o‘qish (OCR) hozir ishlamayapti. Ma’lumotlarni qo‘lda kiriting yoki administratorga ayting.
err-invite-unknown = Bu taklif havolasi topilmadi. Rahbaringizdan yangisini so‘rang.
err-invite-expired = Bu taklif havolasining muddati tugagan. Rahbaringizdan yangisini so‘rang.
err-invite-used = Bu taklif havolasi allaqachon ishlatilgan. Rahbaringizdan yangisini so‘rang.
err-last-admin = Kompaniyada kamida bitta faol administrator qolishi kerak.
err-branch-exists = Bunday nomli filial allaqachon bor. Boshqa nom yozing:
err-not-found = Topilmadi.
err-branch-required = Bu rol uchun filialni tanlang.
err-stale-button = Bu tugma eskirgan. Buyruqni qaytadan yuboring.
err-code = Kod faqat harf, raqam va - _ . belgilaridan iborat bo‘lsin (32 tagacha). Qaytadan yozing:
err-price = Narxni tushunmadim. Masalan: 12 500 yoki 12500,50
err-qty = Miqdorni tushunmadim. Masalan: 10 yoki 2,5
err-barcode = Shtrix-kod 8–14 ta raqamdan iborat bo‘lishi kerak. Qaytadan yozing yoki «-» yuboring:
error-internal = Nimadir xato ketdi. Birozdan so‘ng qayta urinib ko‘ring.
text-only = Hozircha faqat matnli xabarlarni tushunaman. Buyruqlar: /help
unknown-text = Tushunmadim. Masalan, so‘rang: «bugun savdo qancha?», «bugun necha dona sotildi?», «cola qancha qoldi?», «kim qarzdor?». Buyruqlar ro‘yxati: /help
unknown-command = Bunday buyruq yo‘q. Buyruqlar ro‘yxati: /help
cancelled = Bekor qilindi.
nothing-to-cancel = Bekor qilinadigan amal yo‘q.
saved = Saqlandi
no-branch = —
no-value = —

## Ro‘yxatdan o‘tish
start-welcome = Assalomu alaykum, { $name }! Men Savdo — savdo va omboringizni Telegramda yuritadigan yordamchiman.
    Keling, kompaniyangizni ro‘yxatdan o‘tkazamiz. Kompaniya nomini yozing:
start-member = Xush kelibsiz, { $name }! Siz «{ $company }» kompaniyasidasiz: { $role }. Buyruqlar ro‘yxati: /help
onboard-ask-tin = «{ $company }» kompaniyasining STIR raqamini yozing (9 ta raqam):
onboard-ask-branch = Birinchi filial (do‘kon yoki ombor) nomini yozing:
onboard-done = ✅ «{ $company }» kompaniyasi yaratildi, birinchi filial: { $branch }.
    Siz administratorsiz. Xodimlarni /invite bilan taklif qiling, buyruqlar ro‘yxati: /help
join-done = ✅ Siz «{ $company }» kompaniyasiga qo‘shildingiz.
    Rolingiz: { $role }. Filial: { $branch }.
    Buyruqlar ro‘yxati: /help
join-notify = 👤 { $name } taklif orqali qo‘shildi: { $role }, filial: { $branch }.

## Taklif
invite-choose-role = Kimni taklif qilamiz? Rolni tanlang:
invite-choose-branch = { $role } qaysi filialda ishlaydi?
invite-link = Taklif havolasi tayyor: { $role }, filial: { $branch }.
    Havolani xodimga yuboring. U { $hours } soat amal qiladi va faqat bir marta ishlaydi:
    { $link }

## Xodimlar va filiallar
users-header = Xodimlar: { $count }. Kimni o‘zgartiramiz?
user-card = 👤 { $name }
    Rol: { $role }
    Filial: { $branch }
    Holat: { $status }
status-active = faol
status-blocked = bloklangan
btn-change-role = Rolni o‘zgartirish
btn-change-branch = Filialni o‘zgartirish
btn-block = 🚫 Bloklash
btn-unblock = ✅ Blokdan chiqarish
btn-back = ⬅️ Orqaga
user-choose-role = { $name } uchun yangi rol:
user-choose-branch = { $name } uchun filial:
branches-header = Filiallar: { $count }
btn-add-branch = ➕ Filial qo‘shish
branch-ask-name = Yangi filial nomini yozing:
branch-added = ✅ «{ $name }» filiali qo‘shildi.

## Rollar
role-admin = Administrator
role-manager = Menejer
role-cashier = Kassir
role-warehouse = Omborchi
role-agent = Agent
role-employee = Xodim

## Mahsulotlar
product-ask-code = Mahsulot kodini yozing (masalan, A-100). Mavjud kod yozilsa, o‘sha mahsulot tahrirlanadi:
product-editing = «{ $name }» tahrirlanmoqda. Joriy qiymatni saqlab qolish uchun «-» yuboring.
product-current = Hozir: { $value }
product-ask-name = Mahsulot nomi:
product-ask-unit = O‘lchov birligi:
product-ask-sale-price = Sotish narxi (so‘m), masalan 12 500:
product-ask-purchase-price = Kelish narxi (so‘m):
product-ask-barcode = Shtrix-kod (8–14 ta raqam) yoki o‘tkazib yuborish uchun «-»:
product-ask-min = Minimal qoldiq (shundan kamaysa ogohlantiraman), masalan 10:
product-summary = Tekshiring:
    Kod: { $code }
    Nomi: { $name }
    Birlik: { $unit }
    Sotish narxi: { $sale }
    Kelish narxi: { $purchase }
    QQS: { $vat }
    Shtrix-kod: { $barcode }
    Minimal qoldiq: { $min }
product-confirm-hint = «Saqlash» yoki «Bekor qilish» tugmasini bosing.
product-saved = ✅ Mahsulot saqlandi: { $code } — { $name }.
product-ask-wholesale = Ulgurji narx (so‘m): ulgurji mijozlarga va ulgurji savdoda shu narx olinadi. Olib tashlash uchun «-»:
product-summary-wholesale = Ulgurji narxi: { $price }
btn-wholesale-price = 🏷 Ulgurji narx
btn-save = ✅ Saqlash
btn-cancel = ✖️ Bekor qilish
unit-pcs = dona
unit-kg = kg
unit-l = litr
unit-m = metr
unit-box = quti
unit-pack = pachka
find-usage = Nima qidiramiz? Masalan: /find cola yoki /find 4780000000017
find-none = «{ $query }» bo‘yicha hech narsa topilmadi.
find-item = 📦 { $name } ({ $code })
    Narx: { $price }
    Qoldiq: { $stock }
find-more = … yana bor. So‘rovni aniqlashtiring.

## Konsol (savdo console)
console-banner = Savdo konsoli — siz { $name } (Telegram id { $id }). Boshlash uchun /start yozing.
console-help = Raqam shu raqamli tugmani bosadi; \N raqamni matn sifatida yuboradi; /quit yoki Ctrl-D — chiqish.
console-button-gone = (bu tugma endi yo‘q)
console-edited = (tahrirlandi)

## Savdo: buyruqlar
cmd-sales = savdo hisoboti: bugun, kecha, hafta, oy
cmd-sell = sotish: yangi chek
cmd-return = chekni qaytarish: /return chek raqami
cmd-invoice = hisob-faktura: /invoice chek raqami
cmd-customer = xaridorlar: /customer ism yoki telefon
cmd-debts = kim qancha qarz (nasiya)
cmd-stock = mahsulot qoldig‘i filiallar bo‘yicha
cmd-forecast = 4 haftalik savdo prognozi va buyurtma nuqtasi
cmd-purchase = tovar qabul qilish (kirim)
cmd-count = inventarizatsiya (sanoq)
cmd-suppliers = yetkazib beruvchilar va ularga qarz
cmd-pay = yetkazib beruvchiga to‘lash
cmd-orders = yetkazib beruvchilarga buyurtmalar
cmd-apikey = API kalitlari

## Savdo hisoboti
period-today = Bugun
period-yesterday = Kecha
period-week = Shu hafta
period-month = Shu oy
period-last-month = O‘tgan oy
period-last-week = O‘tgan hafta
period-range = Davr
sales-title = 📊 Savdo — { $period } ({ $dates }), { $scope }
sales-scope-all = barcha filiallar
sales-scope-mine = mening cheklarim
sales-empty = Bu davrda savdo bo‘lmagan.
sales-units = 📦 Sotildi: { $units }
sales-total = Jami: { $total }
sales-change-up = (▲ { $pct } oldingi davrga nisbatan)
sales-change-down = (▼ { $pct } oldingi davrga nisbatan)
sales-receipts = Cheklar: { $count } · o‘rtacha chek: { $avg }
sales-types = Chakana: { $retail } · ulgurji: { $wholesale }
sales-payments = To‘lov: { $list }
sales-returns = Qaytarishlar: { $count } ta, { $amount }
sales-top-products = Eng ko‘p sotilganlar:
sales-top-cashiers = Eng faol kassirlar:
sales-cashier-line = { $n }. { $name } — { $total } ({ $receipts } chek)
sales-usage = Davrni tushunmadim. Masalan: /sales bugun, /sales kecha, /sales hafta, /sales oy, /sales o‘tgan oy yoki /sales 01.11.2026-15.11.2026
sales-choose-branch = Filialni tanlang:
sales-chart-caption = Kunlik savdo, so‘m — { $dates }, { $scope }
btn-branches = 🏬 Filial
btn-chart = 📈 Grafik
pay-cash = naqd
pay-card = karta
pay-transfer = o‘tkazma
pay-click = Click
pay-payme = Payme
pay-debt = nasiya
type-retail = chakana
type-wholesale = ulgurji

## Sotish
sell-start = 🛒 Yangi chek ({ $branch }). Mahsulot nomi, kodi yoki shtrix-kodini yozing:
sell-choose = Bir nechta mahsulot topildi. Tanlang:
sell-ask-qty = { $name } — { $price } / { $unit }. Qoldiq: { $stock }. Miqdorni yozing:
sell-cart = 🛒 Chek ({ $kind }):
sell-total = Jami: { $total }
btn-sell-customer = 👤 Xaridor
sell-ask-customer = Xaridorning ismi yoki telefonini yozing:
sell-cart-customer = Xaridor: { $name }
sell-cart-hint = Yana mahsulot yozing yoki tugmani bosing.
sell-choose-payment = To‘lov turini tanlang:
sell-edit = Qaysi qatorni o‘chiramiz?
sell-credit-ask-customer = Nasiya: xaridorning ismi yoki telefonini yozing:
sell-credit-ask-paid =
    👤 { $name } · qarzi { $owes } · limit { $limit }
    Chek: { $total }. Hozir qancha to‘lanadi? (hech narsa bo‘lmasa 0)
sell-credit-done = ✅ Nasiyaga sotildi.
btn-sell-anyway = ⚠️ Baribir sotish
btn-new-customer = ➕ Yangi xaridor
customer-ask = Xaridorning ismi yoki telefonini yozing:
customer-none = «{ $query }» bo‘yicha xaridor topilmadi.
customer-choose = «{ $query }» bo‘yicha xaridorlar. Tanlang:
customer-ask-name = Yangi xaridorning ismi (yoki kompaniya nomi):
customer-edit-name = { $name }: yangi ismni yozing (“-” — o‘zgarmaydi):
customer-ask-phone = Telefon raqami (“-” — yo‘q yoki o‘zgarmaydi):
customer-ask-tin = STIR (9 raqam; “-” — yo‘q yoki o‘zgarmaydi). Hisob-faktura uchun kerak:
customer-ask-kind = Xaridor turi:
customer-ask-limit = Kredit limiti, so‘mda (0 — nasiya yo‘q, “-” — limitsiz yoki o‘zgarmaydi):
customer-kind-retail = Chakana
customer-kind-wholesale = Ulgurji
customer-no-limit = limitsiz
customer-phone = 📞 { $phone }
customer-tin = STIR: { $tin }
customer-kind = Turi: { $kind }
customer-limit = Kredit limiti: { $limit }
customer-owes = Qarzi: { $amount }
customer-limit-state = { $name }: qarzi { $owes }, limit { $limit }.
btn-take-payment = 💵 To‘lov qabul qilish
btn-statement = 📄 Hisob-kitob
btn-statement-xlsx = 📎 Hisob-kitob (XLSX)
btn-edit = ✏️ O‘zgartirish
btn-remind = 🔔 Eslatish
debt-pay-amount = { $name } qarzi: { $amount }. Qancha to‘lanmoqda?
debt-pay-how = { $amount } — qanday to‘lanadi?
debt-paid = ✅ { $name } { $amount } to‘ladi ({ $payment }). Qolgan qarz: { $left }
debt-reminder-ready = Eslatma tayyor: uni xaridorga yuboring ({ $phone }).
debt-reminder = Hurmatli { $name }! { $company } oldidagi qarzingiz { $amount }. Iltimos, imkon qadar tezroq to‘lang. Rahmat!
statement-header = 📄 { $name }: so‘nggi yozuvlar
statement-empty = Hali yozuv yo‘q.
debts-none = Hech kim qarzdor emas.
debts-header = 📒 Qarzdorlar: { $count } · jami { $total }
debts-age = { $age } kun: { $amount }
debts-more = … yana { $count } ta xaridor
debts-weekly = 📒 Haftalik: muddati o‘tgan qarzlar (30 kundan ortiq) — { $count } xaridor, jami { $total }
debts-weekly-line = • { $name } — muddati o‘tgan { $overdue } (jami qarzi { $owes }, { $since } dan)
debts-weekly-hint = Batafsil: /debts
suppliers-none = Yetkazib beruvchilar hali yo‘q: ular /purchase da qo‘shiladi.
suppliers-header = 🚚 Yetkazib beruvchilarga qarz: { $total }. Tanlang:
suppliers-unnamed = Yetkazib beruvchisi ko‘rsatilmagan xaridlar uchun: { $amount }
supplier-owed = Qarzimiz: { $amount }
btn-pay-supplier = 💸 To‘lash
supplier-pay-amount = { $name }ga qancha to‘laymiz?
supplier-pay-from = { $amount } — qayerdan?
supplier-paid = ✅ { $name }ga { $amount } to‘landi ({ $from }). Qarzimiz: { $left }
btn-pay = 💳 To‘lov
btn-edit-cart = ✏️ Tahrirlash
btn-switch-type = ⇄ { $kind }
receipt-header = 🧾 Chek №{ $number } · { $when }
receipt-return-header = ↩️ Qaytarish №{ $number } (chek №{ $original }) · { $when }
receipt-where = Filial: { $branch } · kassir: { $cashier }
receipt-vat = Shu jumladan QQS: { $vat }
receipt-payment = To‘lov: { $payment } · { $kind }
receipt-credit = Nasiya: { $name } · hozir to‘landi { $paid } · jami qarzi { $owes }
return-usage = Chek raqamini yozing, masalan: /return 125
btn-return-all = ↩️ Hammasini qaytarish
err-unknown-product = Bunday mahsulot yo‘q.
err-bad-period = Davr boshlanishidan oldin tugaydi.
err-amount-too-large = Summa juda katta: ko‘pi bilan 1 000 000 000 000 so‘m.
err-qty-too-large = Miqdor juda katta: bir qatorda ko‘pi bilan 1 000 000.
err-phone = Telefon raqami 9–15 ta raqamdan iborat bo‘lsin, masalan 90 123 45 67.
err-notes-too-long = Izoh 500 belgidan oshmasin.
err-customer-required = Nasiyaga sotish uchun xaridorni tanlang.
err-credit-limit = Xaridorning kredit limiti yetmaydi: bu savdo qarzni limitdan oshiradi.
err-payment-above-debt = To‘lov xaridorning qarzidan ko‘p.
err-payment-method = Qarz naqd, karta yoki o‘tkazma bilan to‘lanadi.
err-order-closed = Bu buyurtma yopilgan: uni o‘zgartirib yoki qabul qilib bo‘lmaydi.
err-receive-too-much = Buyurtma qilinganidan ko‘p qabul qilinmoqda.
err-pdf-too-long = PDF uchun qatorlar juda ko‘p (5 000 dan ortiq): XLSX yoki CSV ni tanlang.
err-buyer-tin = Hisob-faktura uchun xaridorning STIR raqami kerak: uni /customer da kiriting.
err-unknown-cashier = Bunday kassir bu kompaniyada yo‘q.
err-empty-sale = Chekda mahsulot yo‘q.
err-discount = Chegirma qator summasidan oshmasligi kerak.
err-return-too-much = Sotilganidan ko‘p qaytarib bo‘lmaydi (bu chek allaqachon qaytarilgan bo‘lishi mumkin).
err-not-a-sale = Faqat sotuv chekini qaytarish mumkin.

## Ombor
stock-usage = Qaysi mahsulot? Masalan: /stock cola
stock-line = { $mark }{ $branch }: { $qty } (min { $min }) · { $value }
stock-value = Tannarx bo‘yicha jami: { $value }
alert-low-stock = ⚠️ Kam qoldi: { $product } — { $branch } filialida { $qty } (minimum { $min }).
alert-reorder-point = ⚠️ Buyurtma vaqti: { $product } — { $branch } filialida { $qty } qoldi (prognoz bo‘yicha buyurtma nuqtasi { $min }).
btn-purchase-draft = 🛒 Buyurtma qoralamasi
btn-snooze-day = 😴 1 kunga
snoozed = Bir kun eslatmayman
purchase-ask-supplier = Yetkazib beruvchi nomini yozing (yoki «-»):
purchase-ask-product = Qaysi mahsulot keldi? Nomi, kodi yoki shtrix-kodini yozing:
purchase-ask-qty = { $name }: nechta { $unit } keldi?
purchase-ask-cost = Bir { $unit } narxi (QQS bilan). Hozirgi: { $cost }. Shu narx uchun «-»:
purchase-cart = 📦 Kirim, yetkazib beruvchi: { $supplier }
purchase-hint = Yana mahsulot yozing yoki «Qabul qilish»ni bosing.
btn-receive = ✅ Qabul qilish
purchase-done = ✅ Kirim №{ $number } qabul qilindi: { $total }, shu jumladan QQS { $vat }. Qoldiqlar yangilandi.
orders-none = Ochiq buyurtmalar yo‘q. Ular kam qoldiq ogohlantirishidagi tugmadan tuziladi.
orders-header = 📝 Ochiq buyurtmalar:
order-status-draft = qoralama
order-status-sent = yuborilgan
order-status-partial = qisman qabul qilingan
order-status-received = qabul qilingan
order-status-cancelled = bekor qilingan
order-header = 📝 Buyurtma №{ $number } · { $branch } · yetkazib beruvchi: { $supplier } · { $status }
order-line = { $n }. { $name } — { $qty } × { $cost } (keldi { $received })
order-ask-received = { $name }: qancha keldi? (kutilmoqda { $due })
order-title = Buyurtma №{ $number }
order-subtitle = { $company } · { $branch } · yetkazib beruvchi: { $supplier }
btn-order-send = 📤 Yuborish (PDF)
btn-order-supplier = 🚚 Yetkazib beruvchini tanlash
order-ask-supplier = Yetkazib beruvchi nomi (bor bo‘lsa tanlanadi, yo‘q bo‘lsa qo‘shiladi):
btn-order-receive-all = 📥 Hammasini qabul qilish
btn-order-receive-part = 📦 Qisman
btn-order-pdf = 📄 PDF
btn-order-cancel = ✖️ Bekor qilish
count-start = 📋 Sanoq ({ $branch }). Mahsulot nomi, kodi yoki shtrix-kodini yozing:
count-ask = { $name }: hisobda { $books }. Haqiqatda nechta?
count-list = Sanalganlar:
count-hint = Keyingi mahsulotni yozing yoki farqlarni o‘tkazing.
btn-post-count = ✅ Farqlarni o‘tkazish
count-ask-reason = Sababini yozing (masalan: oylik inventarizatsiya):
count-posted = ✅ Sanoq №{ $number } o‘tkazildi: { $count } ta mahsulot.

## API kalitlari
apikey-header = API kalitlari: { $count }
btn-new-key = ➕ Yangi kalit
btn-revoke = 🗑 { $prefix } bekor qilish
apikey-created = 🔑 Yangi API kalit. U faqat hozir ko‘rsatiladi — saqlab qo‘ying:
    { $key }
    So‘rovlarda X-API-Key sarlavhasida yuboring.
apikey-revoked = Kalit bekor qilindi

## Import
import-progress = ⏳ { $name } tekshirilmoqda…
import-writing = ⏳ { $name }: { $rows } qator tekshirildi, saqlanmoqda…
import-done = ✅ Import qilindi: { $receipts } ta chek, { $rows } qator, jami { $total }.
import-refused = ❌ Fayl import qilinmadi, hech narsa saqlanmadi. Xatolar: { $count }
import-line = { $line }-qator: { $problem }
import-more = … yana { $count } ta xato
import-too-big = Fayl juda katta (ko‘pi bilan { $value }).
import-unreadable = Faylni o‘qib bo‘lmadi: { $value }
import-wrong-type = Faqat CSV yoki XLSX fayl qabul qilinadi ({ $value } emas).
import-empty = Faylda qator yo‘q.
import-too-many-rows = Faylda juda ko‘p qator (ko‘pi bilan { $value }).
import-missing-columns = Ustunlar yetishmaydi: { $value }
import-bad-branch = bunday filial yo‘q: «{ $value }»
import-bad-product = bunday mahsulot kodi yo‘q: «{ $value }»
import-bad-qty = miqdor noto‘g‘ri: «{ $value }»
import-bad-date = sana noto‘g‘ri: «{ $value }» (masalan, 2026-11-21 14:30)
import-bad-payment = to‘lov turi noto‘g‘ri: «{ $value }» (cash, card, transfer, click, payme, debt)
import-bad-type = savdo turi noto‘g‘ri: «{ $value }» (retail yoki wholesale)
import-bad-price = summa noto‘g‘ri: «{ $value }»
import-bad-receipt = chek raqami bo‘sh yoki juda uzun
import-bad-customer = bunday xaridor yo‘q (yoki bir nechta): “{ $value }” — ism, telefon yoki STIR /customer dagidek
import-debt-needs-customer = “{ $value }” cheki nasiyaga: customer ustunida xaridorni ko‘rsating
import-receipt-mismatch = «{ $value }» chekining qatorlarida filial, sana, to‘lov yoki tur har xil
import-already = «{ $value }» cheki avval import qilingan

## Ertalabki hisobot
digest-title = 🌅 Ertalabki hisobot: minimumdan kam qolgan mahsulotlar
digest-line = • { $product } — { $qty } (min { $min })

## Ko‘chirish va sozlamalar
cmd-transfer = tovarni boshqa filialga ko‘chirish
cmd-digest = ertalabki hisobot vaqti: /digest 08:30
transfer-no-branch = Boshqa filial yo‘q. Avval /branches orqali filial qo‘shing.
transfer-choose-branch = 🚚 { $from } filialidan qaysi filialga?
transfer-choose-first = Avval qabul qiluvchi filialni tanlang.
transfer-ask-product = Qaysi mahsulot jo‘natiladi? Nomi, kodi yoki shtrix-kodini yozing:
transfer-ask-qty = { $name }: nechta { $unit } jo‘natiladi?
transfer-list = 🚚 { $to } filialiga:
transfer-hint = Yana mahsulot yozing yoki «Jo‘natish»ni bosing.
btn-send-transfer = ✅ Jo‘natish
transfer-done = ✅ Ko‘chirish №{ $number } bajarildi: { $count } ta mahsulot.
digest-current = Ertalabki hisobot har kuni soat { $time } da keladi. O‘zgartirish: /digest 08:30
digest-set = ✅ Ertalabki hisobot endi soat { $time } da keladi.
digest-usage = Vaqtni SS:DD ko‘rinishida yozing, masalan: /digest 08:30

## Xarajatlar, kassa, hisobotlar: xatolar
err-already-decided = Bu allaqachon hal qilingan.
err-shift-open = Bu kassada smena allaqachon ochiq.
err-no-shift = Ochiq smena yo‘q. Avval /kassa orqali smenani oching.

## Xarajatlar
cmd-expense = xarajat kiritish
cmd-expenses = xarajatlar: tasdiqlash yoki o‘zimniki
expense-ask-amount = 💸 Xarajat summasini yozing (so‘m):
expense-ask-category = Toifani tanlang:
expense-ask-description = Nima uchun? Qisqacha yozing:
expense-ask-photo = Chek rasmini yuboring yoki o‘tkazib yuboring:
expense-ask-paid-from = Qayerdan to‘landi?
expense-use-buttons = Tugmalardan birini bosing.
expense-filed = ✅ Xarajat №{ $number } ({ $amount }) tasdiqlashga yuborildi.
expense-card = 💸 Xarajat №{ $number } — { $amount }
    { $category }: { $description }
    { $name }, { $branch } · { $paid }
expense-to-approve = Tasdiqlash kerak:
expense-to-approve-admin = Tasdiqlash kerak (chegaradan yuqori, administrator):
expense-photo-caption = Xarajat №{ $number } cheki
expense-approved-by = ✅ Tasdiqlandi: { $name }
expense-rejected-by = ❌ Rad etildi: { $name }. Sabab: { $reason }
expense-withdrawn = ↩️ Muallif qaytarib oldi
expense-pending = ⏳ Tasdiqlash kutilmoqda
expense-ask-reason = Rad etish sababini yozing:
expense-none = Xarajatlar yo‘q.
expense-threshold-set = ✅ { $amount } dan yuqori xarajatlarni administrator tasdiqlaydi.
btn-approve = ✅ Tasdiqlash
btn-reject = ❌ Rad etish
btn-withdraw = ↩️ Qaytarib olish
btn-skip = O‘tkazib yuborish
btn-from-cash = kassadan
btn-from-bank = bankdan

## Kassa
cmd-kassa = kassa: smena, qoldiq, kirim-chiqim
kassa-status = 💵 { $register }: qoldiq { $balance }
kassa-shift-open = Smena ochiq.
kassa-shift-closed = Smena yopiq.
kassa-today = Bugungi harakatlar:
btn-open-shift = 🟢 Smenani ochish
btn-close-shift = 🔴 Smenani yopish
btn-cash-in = ⬇️ Bankdan kirim
btn-cash-out = ⬆️ Bankka topshirish
kassa-ask-opening = Kassadagi naqd pulni sanab yozing (so‘m):
kassa-ask-counted = Smenani yopish: kassadagi naqd pulni sanab yozing (so‘m):
kassa-ask-in = Bankdan qancha naqd olindi (so‘m)?
kassa-ask-out = Bankka qancha topshirildi (so‘m)?
kassa-opened = ✅ Smena ochildi ({ $register }), boshlang‘ich qoldiq { $amount }.
kassa-closed = ✅ Smena yopildi: kutilgan { $expected }, sanalgan { $counted }. Farq yo‘q.
kassa-closed-short = ⚠️ Smena yopildi: kutilgan { $expected }, sanalgan { $counted }. Kamomad: { $difference }.
kassa-closed-over = ✅ Smena yopildi: kutilgan { $expected }, sanalgan { $counted }. Ortiqcha: { $difference }.
kassa-moved = ✅ { $amount } o‘tkazildi. Kassa qoldig‘i: { $balance }.
kassa-alert-short = ⚠️ Kamomad { $difference }: { $name } ({ $branch }) smenani yopdi — kutilgan { $expected }, sanalgan { $counted }.
kassa-alert-over = ℹ️ Ortiqcha { $difference }: { $name } ({ $branch }) smenani yopdi — kutilgan { $expected }, sanalgan { $counted }.

## Hisobotlar
cmd-report = moliyaviy hisobot: /report pnl|balance|cash|trial [davr]
cmd-export = hisobotni faylga: savdo, xaridlar, ombor, qarzlar (XLSX, PDF, CSV)
report-usage = Masalan: /report pnl 2026-02, /report balance, /report cash hafta, /report trial
report-progress = ⏳ Hisobot tayyorlanmoqda…
report-pnl = Foyda va zarar
report-balance = Buxgalteriya balansi
report-cash = Pul oqimlari (to‘g‘ridan-to‘g‘ri usul)
report-trial = Aylanma qaydnoma
report-pnl-summary = 📈 Foyda va zarar, { $dates }
    Sof tushum: { $revenue }
    Yalpi foyda: { $gross }
    Operatsion foyda: { $operating }
    Sof foyda: { $net }
report-balance-summary = 📒 Balans { $date }: aktivlar { $assets } = majburiyatlar va kapital { $liabilities }
report-cash-summary = 💵 Pul oqimlari, { $dates }
    Boshida: { $opening }
    Kirim: { $inflow }
    Chiqim: { $outflow }
    Oxirida: { $closing }
report-trial-summary = 🧮 Aylanma qaydnoma, { $dates }: debet { $debit } = kredit { $credit }
col-item = Ko‘rsatkich
col-amount = Summa, so‘m
col-account = Schyot
col-opening = Boshlang‘ich qoldiq
col-debit = Debet
col-credit = Kredit
col-closing = Oxirgi qoldiq
col-total = Jami
col-code = Kod
col-product = Mahsulot
col-qty = Miqdor
col-price = Narx, so‘m
col-price-net = Narx (QQSsiz)
col-amount-net = Summa (QQSsiz)
col-vat-rate = QQS stavkasi
invoice-title = HISOB-FAKTURA № { $number } · { $date }
invoice-parties = Sotuvchi: { $seller } (STIR { $seller_tin }) · Xaridor: { $buyer } (STIR { $buyer_tin })
invoice-usage = Chek raqamini yozing: /invoice 123
invoice-caption = 🧾 Hisob-faktura № { $number } — { $buyer }
btn-invoice = 🧾 Hisob-faktura
col-date = Sana
col-receipt = Chek
col-receipts = Cheklar
col-branch = Filial
col-cashier = Kassir
col-customer = Xaridor
col-supplier = Yetkazib beruvchi
col-document = Hujjat
col-documents = Hujjatlar
col-number = Raqam
col-vat = QQS, so‘m
col-profit = Yalpi foyda, so‘m
col-avg-cost = O‘rtacha tannarx, so‘m
col-value = Qiymati, so‘m
col-min = Minimum
col-below-min = Minimumdan kam
col-phone = Telefon
col-age-30 = 0–30 kun
col-age-60 = 31–60 kun
col-age-90 = 61–90 kun
col-age-older = 90+ kun
col-balance = Qoldiq, so‘m
yes = ha
no = yo‘q
statement-opening = Boshlang‘ich qoldiq
export-sales = Sotuvlar (qatorlar)
export-sales-by-day = Sotuv kunlar bo‘yicha
export-sales-by-branch = Sotuv filiallar bo‘yicha
export-sales-by-cashier = Sotuv kassirlar bo‘yicha
export-sales-by-product = Sotuv mahsulotlar bo‘yicha
export-sales-by-customer = Sotuv xaridorlar bo‘yicha
export-purchases = Xaridlar (qatorlar)
export-purchases-by-supplier = Xaridlar yetkazib beruvchilar bo‘yicha
export-purchases-by-product = Xaridlar mahsulotlar bo‘yicha
export-inventory = Ombor qoldig‘i
export-debts = Qarzdorlar
export-customer-statement = Xaridor hisob-kitobi
export-supplier-statement = Yetkazib beruvchi hisob-kitobi
export-choose = 📤 Nimani yuklab olamiz?
export-choose-period = 📤 { $kind }: qaysi davr?
export-choose-format = 📤 { $kind }: qaysi formatda?
export-chosen = 📤 { $kind }
export-progress = ⏳ Fayl tayyorlanmoqda…
export-progress-rows = ⏳ Fayl tayyorlanmoqda… { $rows } qator
export-done = ✅ Tayyor: { $rows } qator.
export-too-big = Fayl Telegram uchun juda katta (50 MB dan ortiq, { $rows } qator). Davrni qisqartiring yoki API / savdo export dan foydalaning.
pnl-revenue = Tovar sotishdan tushum (QQSsiz)
pnl-returns = Qaytarilgan tovarlar
pnl-discounts = Chegirmalar
pnl-net-revenue = Sof tushum
pnl-cost = Sotilgan tovarlar tannarxi
pnl-gross = Yalpi foyda
pnl-other-income = Boshqa operatsion daromadlar
pnl-selling = Sotish xarajatlari
pnl-admin = Ma’muriy xarajatlar
pnl-other-expenses = Boshqa operatsion xarajatlar
pnl-operating = Operatsion foyda
pnl-tax = Foyda solig‘i ({ $rate }, taxminiy)
pnl-net = Sof foyda
balance-assets = Aktivlar
balance-total-assets = Aktivlar jami
balance-liabilities = Majburiyatlar
balance-equity = Kapital
balance-current-result = Joriy davr natijasi
balance-total-liabilities = Majburiyatlar va kapital jami
cash-opening = Davr boshidagi pul
cash-closing = Davr oxiridagi pul
cf-sale = Savdodan tushum
cf-return = Xaridorlarga qaytarilgan pul
cf-purchase = Tovar xaridi
cf-supplier_payment = Yetkazib beruvchilarga to‘lov
cf-expense = Xarajatlar
cf-shift_open = Smena ochilishidagi farq
cf-shift_close = Smena yopilishidagi farq
cf-cash_in = Bankdan kassaga
cf-cash_out = Kassadan bankka
cf-count = Inventarizatsiya
cf-reversal = Tuzatishlar
cf-customer_payment = Xaridorlardan qarz to‘lovlari
account-2910 = Omborxonadagi tovarlar
account-4010 = Xaridorlardan olinadigan schyotlar
account-4310 = Yetkazib beruvchilarga bo‘naklar
account-4410 = Soliqlar bo‘yicha bo‘naklar (QQS)
account-5010 = Kassa (so‘m)
account-5110 = Hisob-kitob schyoti
account-5910 = Kamomadlar va zararlar
account-6010 = Yetkazib beruvchilarga qarzlar
account-6310 = Xaridorlardan olingan bo‘naklar
account-6410 = Byudjetga to‘lovlar bo‘yicha qarz (QQS)
account-6520 = Ijtimoiy soliq bo‘yicha qarz
account-6710 = Mehnatga haq to‘lash bo‘yicha qarz
account-8330 = Ustav kapitali
account-8710 = Taqsimlanmagan foyda
account-9020 = Tovar sotishdan tushum
account-9040 = Qaytarilgan tovarlar
account-9050 = Chegirmalar
account-9120 = Sotilgan tovarlar tannarxi
account-9390 = Boshqa operatsion daromadlar
account-9410 = Sotish xarajatlari
account-9420 = Ma’muriy xarajatlar
account-9430 = Boshqa operatsion xarajatlar
cmd-account = sub-schyot qo‘shish: /account 5011 Kassa 2
cmd-category = xarajat toifalari: /category 9420 Qo‘riqlash
account-usage = Masalan: /account 5011 Kassa 2 (kod 4 raqam, ota-schyot 5010 bilan bir xil boshlanadi)
account-added = ✅ { $code } — { $name } schyoti { $parent } ostida qo‘shildi.
category-list = Xarajat toifalari:
category-usage = Yangi toifa: /category 9410|9420|9430 Nomi (9410 sotish, 9420 ma’muriy, 9430 boshqa xarajatlar)
category-added = ✅ «{ $name }» toifasi qo‘shildi ({ $account }).
kassa-default-name = Asosiy kassa

## Activity log
cmd-audit = faoliyat jurnali: kim nimani o‘zgartirgan
cmd-assistant = yordamchi: bugungi savollar, chegara, fikrlar
audit-usage = Foydalanish: /audit [product|user|expense|sale ID] [davr], masalan: /audit product 3 hafta
audit-title = 📜 Faoliyat jurnali — { $scope }
audit-scope-all = butun kompaniya
audit-empty = Bu davrda o‘zgarishlar yo‘q.
audit-by-key = API kaliti ({ $name })
audit-by-job = tizim ({ $name })
audit-by-cli = server buyruq qatori
audit-yes = ha
audit-no = yo‘q
audit-company-created = Kompaniya yaratildi
audit-company-setting = Sozlama o‘zgartirildi
audit-branch-added = Filial qo‘shildi
audit-invite-created = Taklif havolasi yaratildi
audit-invite-accepted = Taklif qabul qilindi
audit-user-role = Rol o‘zgartirildi
audit-user-branch = Filial o‘zgartirildi
audit-user-blocked = Foydalanuvchi bloklandi
audit-user-unblocked = Foydalanuvchi blokdan chiqarildi
audit-product-created = Mahsulot qo‘shildi
audit-product-edited = Mahsulot tahrirlandi
audit-sale-recorded = Sotuv
audit-sale-returned = Qaytarish
audit-purchase-recorded = Kirim
audit-stock-counted = Inventarizatsiya
audit-stock-transferred = Filiallararo ko‘chirish
audit-expense-filed = Xarajat kiritildi
audit-expense-approved = Xarajat tasdiqlandi
audit-expense-rejected = Xarajat rad etildi
audit-expense-withdrawn = Xarajat qaytarib olindi
audit-category-added = Xarajat turi qo‘shildi
audit-account-added = Subschyot qo‘shildi
audit-shift-opened = Smena ochildi
audit-shift-closed = Smena yopildi
audit-cash-moved = Kassa harakati
audit-supplier-paid = Yetkazib beruvchiga to‘lov
audit-partner-added = Kontragent qo‘shildi
audit-api-key-created = API kaliti yaratildi
audit-api-key-revoked = API kaliti bekor qilindi
audit-customer-edited = Xaridor o‘zgartirildi
audit-customer-paid = Xaridor qarz to‘ladi
audit-customer-reminded = Xaridorga qarz eslatildi
audit-order-created = Buyurtma tuzildi
audit-order-sent = Buyurtma yuborildi
audit-order-received = Buyurtma bo‘yicha tovar qabul qilindi
audit-order-cancelled = Buyurtma bekor qilindi
audit-order-supplier-set = Buyurtmaga yetkazib beruvchi tanlandi
audit-invoice-issued = Hisob-faktura yozildi
audit-field-name = nomi
audit-field-sale-price = sotuv narxi
audit-field-purchase-price = kirim narxi
audit-field-min-qty = minimal qoldiq
audit-field-barcode = shtrix-kod
audit-field-unit = o‘lchov birligi
audit-field-role = rol
audit-field-branch-id = filial
audit-field-blocked = bloklangan
audit-field-status = holati
audit-field-reason = sabab
audit-field-amount = summa
audit-field-total = jami
audit-field-payment = to‘lov
audit-field-digest-time = ertalabki hisobot vaqti
audit-field-expense-threshold = admin tasdiqlash chegarasi
audit-entity-company = kompaniya
audit-entity-branch = filial
audit-entity-user = xodim
audit-entity-invite = taklif
audit-entity-product = mahsulot
audit-entity-sale = chek
audit-entity-purchase = kirim
audit-entity-count = inventarizatsiya
audit-entity-transfer = ko‘chirish
audit-entity-expense = xarajat
audit-entity-expense-category = xarajat turi
audit-entity-account = schyot
audit-entity-shift = smena
audit-entity-cash-move = kassa harakati
audit-entity-api-key = API kaliti
audit-entity-supplier = yetkazib beruvchi
audit-entity-customer = xaridor
audit-entity-purchase-order = xarid buyurtmasi
audit-entity-invoice = hisob-faktura
audit-field-code = kod
audit-field-vat-rate-bp = QQS
audit-field-cashier-id = kassir
audit-field-source = manba
audit-field-return-of = qaytarilgan chek
audit-field-lines = qatorlar
audit-field-branch = filial
audit-field-tin = STIR
audit-field-user-id = xodim
audit-field-from-branch-id = qaysi filialdan
audit-field-to-branch-id = qaysi filialga
audit-field-supplier-id = yetkazib beruvchi
audit-field-credit-limit = kredit limiti
audit-field-notes = izoh
audit-field-order-id = buyurtma
audit-field-sale-id = chek
audit-field-number = raqam
audit-field-register-id = kassa
audit-field-kind = turi
audit-field-counted = sanalgan
audit-field-expected = hisobda
audit-field-difference = farq
audit-field-category-id = xarajat turi
audit-field-description = tavsif
audit-field-prefix = boshlanishi
audit-field-acts-for = kim nomidan
audit-field-revoked = bekor qilingan
audit-field-parent = asosiy schyot
audit-field-account = schyot
audit-field-entry-id = provodka
audit-field-from = qayerdan
audit-field-phone = telefon
audit-status-pending = kutilmoqda
audit-status-approved = tasdiqlangan
audit-status-rejected = rad etilgan
audit-status-withdrawn = qaytarib olingan
audit-status-open = ochiq
audit-status-closed = yopiq
audit-source-chat = chat
audit-source-api = API
audit-source-import = import
audit-source-return = qaytarish

## Forecasts
forecast-nothing-sold = Oxirgi 4 haftada savdo bo‘lmadi: prognoz uchun ma’lumot yo‘q.
forecast-top-title = 📈 Keyingi 4 hafta prognozi — { $scope }:
forecast-top-hint = Bitta mahsulot grafigi uchun: /forecast nomi yoki kodi
forecast-no-history = { $product }: sotuv tarixi yo‘q, prognoz qilib bo‘lmaydi.
forecast-chart-title = 📈 { $product } — { $scope }
forecast-whole-company = butun kompaniya
forecast-line = { $product } — 4 haftada { $total } (95 %: { $low } – { $high })
forecast-more-branches = … va yana { $count } ta filial: /reorder KOD
forecast-weeks = Haftalar bo‘yicha: { $weeks }
forecast-method = Usul: { $method }; oxirgi 4 haftadagi xatosi { $mape }.
forecast-method-new = Usul: { $method } (tekshirish uchun tarix hali kam).
forecast-reorder = { $branch }: buyurtma nuqtasi { $point }; buyurtma { $up_to } gacha (yetkazib berish { $lead } kun).
method-ma = sirg‘aluvchi o‘rtacha
method-ses = eksponensial silliqlash
method-holt = Holt (trend)
method-holt-damped = Holt (so‘nuvchi trend)
method-hw-add = Holt-Winters (haftalik, qo‘shiluvchi)
method-hw-mul = Holt-Winters (haftalik, ko‘paytiruvchi)
method-hw-add-damped = Holt-Winters (so‘nuvchi trend, qo‘shiluvchi)
method-hw-mul-damped = Holt-Winters (so‘nuvchi trend, ko‘paytiruvchi)
method-croston = Croston (kam-kam sotiladigan tovar)
method-seasonal-naive = o‘tgan haftaning takrori
cmd-reorder = buyurtma sozlamalari: yetkazib berish muddati, xizmat darajasi, qadoq
reorder-usage = Buyurtma nuqtasi sozlamalari:
  /reorder KOD — mahsulot sozlamalari va buyurtma nuqtalari
  /reorder KOD KUN [XIZMAT %] [QADOQ] — masalan /reorder A-100 10 97 12: yetkazib berish 10 kun, 97 % hollarda yetadi, 12 donalik qadoq
  /reorder supplier NOMI KUN — yetkazib beruvchining odatiy yetkazish muddati
reorder-default = { $value } (standart)
reorder-from-supplier = { $value } ({ $supplier } bo‘yicha)
reorder-days = { $days } kun
reorder-no-pack = yo‘q
reorder-settings = ⚙️ { $product }: yetkazib berish { $lead }, xizmat darajasi { $service }, qadoq { $pack }.
reorder-saved = ✅ Saqlandi. { $product }: yetkazib berish { $lead }, xizmat darajasi { $service }, qadoq { $pack }. Buyurtma nuqtasi bugun tunda qayta hisoblanadi.
reorder-unknown-supplier = «{ $name }» nomli yetkazib beruvchi topilmadi.
reorder-supplier-saved = ✅ { $name }: yetkazib berish { $lead } kun. Undan olingan mahsulotlarga bugun tundan qo‘llanadi.

# The assistant (plain questions)
ask-sales = 📊 Savdo, { $whose }, { $dates }: { $total } — { $receipts } ta chek, o‘rtacha { $average }
ask-change = Oldingi { $days } kunga nisbatan: { $change }
ask-units = 📦 Sotildi: { $units }
ask-top-short = 🏆 Eng yaxshilari: { $list }
ask-compare = 📊 { $whose }: { $dates } — { $total } (kuniga { $per_day }); { $before_dates } — { $before_total } (kuniga { $before_per_day }).
ask-compare-change = Kuniga: { $change }
ask-why-receipts = Kunlik cheklar: { $receipts }; o‘rtacha chek: { $average }.
ask-why-falls = ▼ Eng ko‘p tushganlar: { $list }
ask-why-rises = ▲ Eng ko‘p o‘sganlar: { $list }
ask-why-nothing = Hech bir mahsulot sezilarli o‘zgarmadi.
ask-top-title = 🏆 Eng ko‘p sotilganlar, { $whose }, { $dates }:
ask-products-title = 📦 Sotildi, { $whose }, { $dates }:
ask-products-none = { $dates } davomida hech narsa sotilmadi.
ask-slow-title = 🐢 Omborda bor, lekin { $days } kunda deyarli sotilmagan:
ask-slow-line = • { $name } — omborda { $on_hand } ({ $value }), sotildi { $sold }
ask-slow-none = Ombordagi hamma narsa oxirgi { $days } kunda sotilgan.
ask-low-title = ⚠️ Tugayapti ({ $count } ta), eng shoshilinchi birinchi:
ask-low-line = • { $name } ({ $branch }) — { $qty }, buyurtma nuqtasi { $threshold }
ask-low-none = Hech narsa tugamayapti.
ask-stock-line = 📦 { $name }: { $qty } ({ $branches })
ask-stock-none = «{ $query }» bo‘yicha mahsulot topilmadi.
ask-expenses-title = 💸 Xarajatlar { $dates }: { $total }
ask-expenses-none = { $dates } tasdiqlangan xarajat yo‘q.
ask-cash-title = 💵 Kassalarda: { $total }
ask-debts-title = 🧾 { $count } ta mijoz { $total } qarz, muddati o‘tgani { $overdue }. Eng ko‘p:
ask-debts-none = Hech bir mijozning qarzi yo‘q.
ask-payables-title = 🏭 Yetkazib beruvchilarga qarzimiz { $total }:
ask-payables-none = Yetkazib beruvchilarga qarzimiz yo‘q.
ask-profit = 📈 { $dates }: tushum { $revenue }, tannarx { $cost }, xarajatlar { $expenses }, sof foyda { $profit }.
ask-limit-reached = Til modeliga bugungi { $limit } ta savol tugadi; mana modelsiz javob.
ask-q-today = Bugungi savdo
ask-q-compare-month = Shu oyni o‘tgan oy bilan taqqoslash
ask-q-why-week = Nega bu hafta savdo o‘zgardi?
ask-q-top = Eng ko‘p sotilgan mahsulotlar
ask-q-slow = Kam sotilayotgan mahsulotlar
ask-q-running-out = Nima tugayapti?
ask-q-debts = Kim ko‘p qarz?
ask-q-cash = Kassada qancha pul bor?
ask-q-profit = Shu oy foyda
ask-q-expenses = Shu oy xarajatlar
ask-act-order = 🛒 { $name } buyurtma qilish
ask-act-customer = 👤 { $name }
ask-btn-comment = 💬 Izoh qoldirish
ask-feedback-thanks = Fikringiz uchun rahmat!
ask-comment-prompt = Javob haqida izohingizni yozing (yoki /cancel):
ask-comment-saved = Izoh saqlandi. Rahmat!
assistant-model-on = 🤖 Til modeli: { $model }
assistant-model-off = 🤖 Til modeli sozlanmagan: savollarga modelsiz javob beriladi (bepul).
assistant-today = Bugun: model javoblari { $model } / { $limit }, modelsiz { $offline }.
assistant-feedback = Oxirgi 30 kun: 👍 { $up } · 👎 { $down }
assistant-not-understood = Yaqinda tushunilmagan savollar: { $list }
assistant-limit-usage = Model javoblarining kunlik chegarasi: /assistant limit 100
assistant-limit-set = Model javoblarining kunlik chegarasi: { $limit }.
rec-title = 💡 Haftalik kuzatuvlar:
rec-running-out = { $count } ta mahsulot tugayapti, birinchisi { $name } ({ $qty } qoldi): tugamasdan buyurtma bering.
rec-slow = { $count } ta mahsulot 30 kun sotilmadi va { $value } pulni ushlab turibdi, masalan { $name }: chegirma yoki yetkazib beruvchiga qaytarish pulni bo‘shatadi.
rec-margin = Yalpi marja oxirgi to‘rt haftada { $before } dan { $now } ga tushdi: xarid narxlari va chegirmalarni tekshiring.
rec-expense = «{ $category }» tez o‘smoqda: shu oy { $now }, o‘tgan oy jami { $before }.
rec-overdue = { $count } ta mijoz 30 kundan ortiq { $total } qarzni kechiktirmoqda, eng ko‘pi { $name }: eslatma yordam beradi.
rec-sales-drop = Oxirgi yetti kun savdosi oldingi yetti kunga nisbatan { $change }.
ask-forecast-title = 🔮 Keyingi { $days } kun:
ask-forecast-line = • { $name } — taxminan { $expected } ({ $lower } dan { $upper } gacha; { $method })
ask-forecast-reorder = , buyurtma nuqtasi { $point }
ask-forecast-none = Prognoz uchun mahsulot topilmadi.
ask-whose-cashier = kassir { $name }
ask-whose-customer = xaridor { $name }
ask-why-branches = 🏬 Filiallar: { $list }

## Photographed invoices and receipts
scan-progress = 🔎 “{ $name }” o‘qilmoqda…
scan-album = 🗂 { $count } sahifa o‘qildi:
scan-btn-open = 📄 { $n }
scan-card-invoice = 🧾 Hisob-faktura № { $number } · { $date }
scan-card-receipt = 🧾 Chek № { $number } · { $date }
scan-seller = Sotuvchi: { $name } · STIR { $tin }
scan-buyer = Xaridor: { $name } · STIR { $tin }
scan-supplier-known = (yetkazib beruvchi Savdo’da bor)
scan-supplier-new = (yangi yetkazib beruvchi)
scan-line = { $n }. { $name }: { $qty } { $unit } × { $price } = { $amount }
scan-line-matched = → { $product }
scan-line-new = → 🆕 yangi mahsulot
scan-total = Jami: { $total } (QQS { $vat })
scan-fiscal = 🔗 Fiskal chek: { $link }
scan-warn-line = ⚠️ { $line }-qator: miqdor × narx summaga teng emas
scan-warn-total = ⚠️ Qatorlar yig‘indisi { $lines }, jami esa { $total }
scan-warn-tin = ⚠️ { $party } STIR 9 ta raqam emas
scan-party-seller = Sotuvchining
scan-party-buyer = Xaridorning
scan-warn-future = ⚠️ Sana kelajakda
scan-warn-no-lines = ⚠️ Tovar qatorlari topilmadi
scan-warn-no-total = ⚠️ Jami summa topilmadi
scan-nothing-saved = ❓ belgisi — ishonchsiz o‘qilgan joy. Tugma bosilmaguncha hech narsa saqlanmaydi.
scan-btn-purchase = 📦 Xarid sifatida saqlash
scan-btn-expense = 💸 Xarajat sifatida saqlash
scan-btn-edit = ✏️ Tahrirlash
scan-btn-cancel = ✖️ Bekor qilish
scan-status-purchase = ✅ Xarid № { $id } sifatida saqlangan.
scan-status-expense = ✅ Xarajat № { $id } sifatida saqlangan.
scan-cancelled = Qoralama bekor qilindi: hech narsa saqlanmadi.
scan-saved-purchase = ✅ Xarid № { $id } saqlandi: { $total }. Tovar omborga kirdi, yetkazib beruvchiga qarz yozildi.
scan-new-products = Yangi mahsulotlar qo‘shildi (sotish narxini tekshiring): { $names }
scan-expense-category = Bu xarajat qaysi toifaga kiradi?
scan-edit-which = Qaysi maydonni tuzatamiz?
scan-field-number = Raqam
scan-field-date = Sana
scan-field-seller = Sotuvchi
scan-field-tin = Sotuvchi STIR
scan-field-total = Jami
scan-field-line = Qator
scan-edit-prompt = Yangi qiymatni yozing.
scan-edit-line-prompt = Qator raqami, miqdor va narxni yozing, masalan: 2 40 56000
cmd-scans = hujjatlar: o‘qilgan hisob-faktura va cheklar
scan-none = Hali hujjat yo‘q. Hisob-faktura yoki chekni suratga olib yuboring.
scan-recent = 🗂 So‘nggi hujjatlar:
scan-state-draft = qoralama
scan-state-saving = saqlanmoqda
scan-state-purchase = xarid
scan-state-expense = xarajat
scan-state-cancelled = bekor qilingan
scan-btn-original = 🖼 Asl nusxa va matn
scan-original-caption = Hujjat №{ $id }: asl nusxa
scan-raw-text = O‘qilgan matn:

## Taxes and payroll
role-accountant = Buxgalter
audit-employee-added = Xodim qo‘shildi
audit-employee-edited = Xodim ma’lumoti o‘zgardi
audit-payroll-confirmed = Ish haqi tasdiqlandi
audit-tax-rate-set = Soliq stavkasi belgilandi
audit-tax-sent = Soliq hisoboti yuborildi
audit-entity-employee = xodim
audit-entity-payroll-run = ish haqi
audit-entity-tax-rate = soliq stavkasi
audit-entity-tax-submission = soliq hisoboti
account-6411 = Byudjetga to‘lovlar bo‘yicha qarz (JShDS)
account-6412 = INPS bo‘yicha qarz (jamg‘arib boriladigan pensiya)
err-pinfl = JShShIR 14 ta raqamdan iborat.
err-employee-exists = Bu JShShIR bilan xodim allaqachon bor.
err-payroll-confirmed = Bu oy ish haqi tasdiqlangan. Tuzatish uchun «Tuzatish» tugmasini bosing — yangi versiya yoziladi.
err-no-employees = Faol xodimlar yo‘q. Qo‘shish: /employee add
err-future-month = Bu oy hali boshlanmagan.
err-rate-in-past = Yangi stavka ertadan boshlab qo‘llanadi — o‘tmish o‘zgarmaydi.
err-bad-rate = Soliq stavkasi 0 dan 100 % gacha.
err-no-tax-cabinet = Bu serverda soliq kabineti sozlanmagan (TAX_CABINET_URL).
err-payroll-not-confirmed = bu oy ish haqi tasdiqlanmagan (/payroll)
cmd-tax = oylik soliq hisobotlarini yuborish: /tax [YYYY-MM]
cmd-payroll = oylik ish haqi: /payroll [YYYY-MM]
cmd-employee = xodimlar ro‘yxati (ish haqi uchun)
cmd-taxrate = soliq stavkalari va rejimi
tax-kind-vat = QQS
tax-kind-profit = Foyda solig‘i
tax-kind-turnover = Aylanmadan olinadigan soliq
tax-kind-income = JShDS
tax-kind-inps = INPS (JShDS ichidan)
tax-kind-social = Ijtimoiy soliq
tax-regime-vat = QQS to‘lovchi (QQS va foyda solig‘i)
tax-regime-turnover = aylanmadan soliq to‘lovchi
tax-report-sales = Savdo
tax-report-vat = QQS
tax-report-payroll = Ish haqi
tax-report-declaration = Deklaratsiya
tax-report-title = { $report } hisoboti, { $period }
tax-report-subtitle = { $company } · STIR { $tin }
col-payment = To‘lov turi
col-gross = QQS bilan, so‘m
col-employee = Xodim
col-pinfl = JShShIR
col-position = Lavozim
col-gross-salary = Hisoblangan, so‘m
col-pit = JShDS, so‘m
col-inps = INPS, so‘m
col-social = Ijtimoiy soliq, so‘m
col-net-pay = Qo‘lga, so‘m
tax-vat-sales = Soliq solinadigan savdo (QQSsiz)
tax-vat-output = Hisoblangan QQS ({ $rate })
tax-vat-purchases = Xaridlar (QQSsiz)
tax-vat-input = Hisobga olinadigan QQS
tax-vat-payable = To‘lanadigan QQS
tax-decl-revenue = Sof tushum
tax-decl-cost = Sotilgan tovarlar tannarxi
tax-decl-expenses = Davr xarajatlari
tax-decl-other-income = Boshqa daromadlar
tax-decl-profit = Foyda (zarar)
tax-decl-base = Soliq bazasi
tax-decl-profit-tax = Foyda solig‘i ({ $rate })
tax-decl-turnover-tax = Aylanmadan soliq ({ $rate })
tax-status-accepted = qabul qilindi
tax-status-rejected = rad etildi
tax-status-failed = yuborilmadi
tax-status-not-built = tuzilmadi
tax-summary-title = 📑 { $period } uchun soliq hisobotlari
tax-summary-figures =
    Savdo: { $sales }
    To‘lanadigan QQS: { $vat }
    Foyda: { $profit }
    Jami soliq: { $due }
tax-dev-cabinet = ⚠️ Hisobotlar SINOV soliq kabinetiga yuborildi — bu haqiqiy topshirish emas.
payroll-title-confirmed = 💼 { $period } ish haqi (tasdiqlangan, { $version }-versiya)
payroll-title-draft = 💼 { $period } ish haqi — loyiha
payroll-line = { $name }: { $gross }, JShDS { $pit }, qo‘lga { $net }
payroll-totals =
    Jami hisoblangan: { $gross }
    JShDS: { $pit } (shundan INPS { $inps })
    Ijtimoiy soliq: { $social }
    Qo‘lga: { $net }
tax-usage = Masalan: /tax yoki /tax 2026-11
tax-choose = { $period } uchun yuboriladigan hisobotlarni belgilang:
tax-send = 📤 Yuborish
tax-already-sent = Bu allaqachon yuborilgan.
tax-progress-one = ⏳ { $report }: tuzilmoqda va yuborilmoqda…
tax-resend = 🔁 Qayta yuborish: { $report }
payroll-usage = Masalan: /payroll yoki /payroll 2026-11
payroll-correct = ✏️ Tuzatish (yangi versiya)
payroll-no-employees = Faol xodimlar yo‘q. Qo‘shish: /employee add Ism Familiya; JShShIR; lavozim; oylik
payroll-pay-cash = 💵 Kassadan to‘lash
payroll-pay-bank = 🏦 Bankdan to‘lash
payroll-confirmed = ✅ Tasdiqlandi va buxgalteriyaga yozildi.
employee-list-title = 👥 Xodimlar:
employee-line = #{ $id } { $name } — { $position }, { $salary }{ $state }
employee-none = Hali xodim yo‘q.
employee-usage =
    Qo‘shish: /employee add Ism Familiya; JShShIR (14 raqam); lavozim; oylik[; filial]
    O‘zgartirish: /employee ID name|pinfl|position|salary QIYMAT
    A’zo bilan bog‘lash: /employee ID member ISM
    To‘xtatish / qaytarish: /employee ID off|on
employee-added = ✅ #{ $id } { $name } qo‘shildi.
employee-saved = ✅ #{ $id } { $name } saqlandi.
taxrate-title = 🧾 Soliq rejimi: { $regime }. Amaldagi stavkalar:
taxrate-next = , { $from } dan { $rate }
taxrate-line = { $name }: { $rate } ({ $since } dan){ $next }
taxrate-usage =
    Yangi stavka: /taxrate vat|profit|turnover|income|inps|social FOIZ YYYY-MM-DD (masalan /taxrate vat 12 2027-01-01)
    Rejim: /taxrate regime vat|turnover
taxrate-regime-set = ✅ Soliq rejimi: { $regime }.
taxrate-set = ✅ { $name }: { $from } dan { $rate }. O‘tgan davrlar o‘zgarmaydi.
tax-due-vat = QQS deklaratsiyasi va to‘lovi
tax-due-payroll = ish haqidan JShDS va ijtimoiy soliq
tax-due-payroll-turnover = ish haqidan JShDS, ijtimoiy soliq va aylanmadan soliq
tax-reminder = 🗓 { $date } gacha: { $what } ({ $period } uchun). Tayyorlash: /payroll { $period }, /tax { $period }
payroll-more = …va yana { $count } ta xodim (hammasi hisobot faylida)
employee-linked = ✅ #{ $id } { $name } — { $member } a’zosi bilan bog‘landi.

## Online payments
btn-pay-link = 💳 Onlayn to‘lov
pay-link-title = 💳 { $customer } uchun to‘lov havolasi: { $amount } (buyurtma №{ $order })
pay-link-hint = Havolani mijozga yuboring: to‘lov tushgach qarz o‘zi kamayadi va sizga xabar keladi.
payment-received = 💳 { $customer } { $provider } orqali { $amount } to‘ladi. Qolgan qarz: { $owed }.
btn-open-customer = 👤 Mijoz
err-nothing-owed = Mijozning qarzi yo‘q.
err-no-payment-provider = Bu serverda Payme yoki Click sozlanmagan.
audit-customer-refunded = Onlayn to‘lov qaytarildi

## REGOS
cmd-regos = REGOS bilan savdo sinxronlash
regos-not-connected = Kompaniya REGOS’ga ulanmagan. Administrator serverda: savdo regos connect --company ID --url … --integration … --client-id …
regos-title = 🔄 REGOS sinxronlash:
regos-never = Hali sinxronlanmagan.
regos-sync-line = { $at } · { $mode } · { $status }: { $new } yangi, { $updated } yangilangan, { $skipped } o‘tkazilgan
regos-mode-daily = kunlik
regos-mode-manual = qo‘lda
regos-mode-webhook = webhook
regos-mode-cli = buyruq qatori
regos-status-done = bajarildi
regos-status-failed = xato
regos-status-running = davom etmoqda
regos-errors = So‘nggi xatolar:
regos-sync-now = 🔄 Hozir sinxronlash
regos-products-pending = REGOS’dan { $count } ta yangi mahsulot keldi: narx va birlikni tekshirib tasdiqlang.
regos-confirm-products = ✅ { $count } ta mahsulotni tasdiqlash
regos-products-confirmed = ✅ { $count } ta mahsulot tasdiqlandi.
regos-progress-start = ⏳ REGOS: cheklar olinmoqda…
regos-progress = ⏳ REGOS: { $pages } sahifa, { $new } yangi, { $updated } yangilangan, { $skipped } o‘tkazilgan…
regos-done = ✅ REGOS: { $pages } sahifa, { $new } yangi chek, { $updated } yangilangan, { $skipped } o‘tkazilgan.
regos-failed = ⚠️ REGOS sinxronlash to‘xtadi: { $pages } sahifa, { $new } yangi, { $updated } yangilangan, { $skipped } o‘tkazilgan. Qayta ishga tushirish xavfsiz.
err-no-regos = Kompaniya REGOS’ga ulanmagan.
regos-problem-return = { $receipt }: qaytarish cheki — olinmadi (REGOS qaysi savdo qaytarilganini aytmaydi)
regos-problem-no-uuid = uuid’siz hujjat ({ $detail })
regos-problem-mapping = { $receipt }: o‘qib bo‘lmadi — { $detail }
regos-problem-gateway = REGOS bilan aloqa: { $detail }

## The Savdo service (operators)
cmd-companies = Savdo xizmati: kompaniyalar (operatorlar uchun)
refuse-not-operator = Bu buyruq faqat Savdo xizmati operatorlari uchun.
refuse-company-blocked = Kompaniyangiz Savdo xizmati tomonidan bloklangan. Ma’lumotlar saqlanadi; savollar uchun xizmat bilan bog‘laning.
refuse-company-read-only = Kompaniya balansi tugagan: to‘ldirilguncha faqat ko‘rish mumkin.
company-now-blocked = ⛔ «{ $company }» Savdo xizmati tomonidan bloklandi. Ma’lumotlar saqlanadi.
company-now-read-only = ⚠️ «{ $company }» balansi tugadi: to‘ldirilguncha faqat ko‘rish mumkin.
company-now-active = ✅ «{ $company }» yana ishlaydi.
balance-low = 💳 Savdo balansi: { $balance } — taxminan { $days } kunga yetadi. To‘ldirishni unutmang.
companies-title = 🏢 Kompaniyalar: { $count }
companies-line = #{ $id } { $name } · { $members } a’zo · oy savdosi { $sales } · balans { $balance } · { $status }
companies-usage =
    Ko‘chirish: /companies transfer TELEGRAM_ID KOMPANIYA_ID ROL [FILIAL_ID]
    Tarif: /companies tariff KOMPANIYA_ID month|user NARX
    Tarix: /companies history TELEGRAM_ID
companies-transferred = ✅ { $user } foydalanuvchisi #{ $company } kompaniyasiga ko‘chirildi.
companies-history = 📜 { $user } ishlagan kompaniyalar:
company-status-active = faol
company-status-blocked = bloklangan
company-status-read-only = faqat ko‘rish
tariff-month = oyiga
tariff-user = har bir a’zo uchun oyiga
tariff-line = { $price } { $kind }
company-card =
    🏢 #{ $id } { $name } (STIR { $tin })
    Holati: { $status }
    A’zolar: { $members }
    Shu oy savdosi: { $sales }
    Balans: { $balance }
    Tarif: { $tariff }
    Oxirgi faollik: { $last }
company-block = ⛔ Bloklash
company-unblock = ✅ Blokdan chiqarish
company-top-up = 💳 Balansni to‘ldirish
company-admin-invite = 👤 Administrator qo‘shish
company-top-up-ask = #{ $id } balansiga qancha qo‘shamiz? (so‘mda)
company-topped-up = ✅ #{ $id }: +{ $amount }. Balans: { $balance }.
company-admin-link = #{ $id } uchun administrator havolasi (bir marta ishlaydi): { $link }
audit-company-blocked = Kompaniya bloklandi
audit-company-unblocked = Kompaniya blokdan chiqarildi
audit-company-read-only = Kompaniya faqat ko‘rishga o‘tdi
audit-company-topped-up = Balans to‘ldirildi
audit-company-charged = Kunlik to‘lov yechildi
audit-company-tariff = Tarif o‘zgardi
audit-user-transferred = Foydalanuvchi boshqa kompaniyaga ko‘chirildi

## Calls (PBX)
cmd-calls = qo‘ng‘iroqlar: /calls [telefon yoki mijoz]
calls-setup =
    ☎️ ATS uchun webhook: POST /webhooks/pbx/{ $company }, sarlavha X-Pbx-Secret: { $secret }
    Eskisi endi ishlamaydi.
calls-none = So‘nggi 30 kunda qo‘ng‘iroqlar yo‘q.
calls-title = ☎️ So‘nggi qo‘ng‘iroqlar (30 kun):
calls-line = 📞 { $phone } · { $customer } · { $calls } ta, javobsiz { $missed } · oxirgisi { $last }
call-missed = 📵 { $customer } qo‘ng‘irog‘i javobsiz qoldi ({ $at }). Qayta qo‘ng‘iroq: { $phone }. Qarzi: { $owed }.

## Settings
cmd-settings = sozlamalar: bildirishnomalar, jim soatlar
settings-title =
    ⚙️ Sozlamalar
    Til: { $language } (/lang)
    Jim soatlar: { $quiet }
    Bildirishnomalar (bosib yoqing yoki o‘chiring):
settings-quiet-none = yo‘q
settings-usage = Jim soatlar: /settings quiet 22:00-08:00 (o‘chirish: /settings quiet off)
notice-low-stock = Qoldiq kamaydi
notice-digest = Ertalabki hisobot
notice-approvals = Tasdiqlash so‘rovlari
notice-debts = Muddati o‘tgan qarzlar
notice-tax = Soliq muddatlari
notice-recommendations = Haftalik tavsiyalar

## User administration
users-found = Topilgan a’zolar: { $count } (oxirgi faollik bilan):
users-none-found = «{ $text }» bo‘yicha a’zo topilmadi.
btn-user-history = 📜 Harakatlari
btn-user-revoke-keys = 🔑 API kalitlarini bekor qilish
btn-user-remove = 🗑 Kompaniyadan chiqarish
user-history = 📜 { $name }: so‘nggi harakatlar
user-keys-revoked = 🔑 { $name }: { $count } ta API kaliti bekor qilindi.
user-removed = 🗑 { $name } kompaniyadan chiqarildi. Uning hujjatlari o‘z nomi bilan qoladi.
audit-user-removed = A’zo chiqarildi

## Company settings
cmd-company = kompaniya sozlamalari bir joyda
company-settings =
    🏢 Kompaniya sozlamalari
    Vaqt mintaqasi: { $zone }
    Valyuta: { $currency }
    Ertalabki hisobot: { $digest }
    Xarajatni administrator tasdiqlaydi: { $threshold } dan yuqori
    Yordamchining kunlik savollari: { $questions }
    Soliq rejimi: { $regime }
    Yangi mijozning kredit limiti: { $credit }
company-settings-usage =
    O‘zgartirish: /company timezone Asia/Tashkent · /digest 08:30 · /expenses limit 2000000 · /assistant limit 100 · /taxrate regime vat|turnover · /company credit 500000|off

## SIM cards
cmd-simcards = SIM-kartalar: do‘konlar bo‘yicha, qo‘shish, sotish
sim-title = 📶 SIM-kartalar:
sim-none = Hali SIM-karta yo‘q.
sim-warehouse = ombor
sim-changes = So‘nggi o‘zgarishlar:
sim-status-in-stock = omborda
sim-status-assigned = do‘konda
sim-status-sold = sotilgan
sim-status-active = faol
sim-status-blocked = bloklangan
sim-usage =
    Qo‘shish: /simcards add va keyingi qatorlarda: ICCID; raqam; operator[; tarif[; xarid narxi[; sotuv narxi]]]
    Do‘konga: /simcards assign DO‘KON ICCID…
    Sotish: /simcards sell ICCID yoki raqam
    Tekshirish: /simcards check · Avtomatik (30 daqiqa): /simcards auto on|off
sim-added = ✅ { $count } ta SIM-karta omborga qo‘shildi.
sim-list-refused = Ro‘yxat qabul qilinmadi — hech narsa qo‘shilmadi:
sim-line-problem = { $line }-qator: { $problem }
sim-assigned = ✅ { $count } ta SIM-karta { $shop } do‘koniga berildi.
sim-sold-here = ✅ SIM-karta sotildi: { $iccid } ({ $phone }), { $price }.
sim-no-operator = Bu serverda operator API sozlanmagan (SIM_OPERATOR_URL).
sim-checked = 📶 Tekshirildi: { $checked }, o‘zgardi: { $changed }, javobsiz: { $failed }.
sim-auto-on = ✅ Avtomatik tekshiruv yoqildi (har 30 daqiqada).
sim-auto-off = Avtomatik tekshiruv o‘chirildi.
sim-sold = 📶 SIM-karta { $iccid } sotildi ({ $branch }).
sim-active = 📶 SIM-karta { $iccid } faollashdi ({ $branch }).
err-iccid = ICCID 19–20 raqamdan iborat va nazorat raqami to‘g‘ri bo‘lishi kerak.
err-iccid-exists = Bu ICCID bilan SIM-karta allaqachon bor.
err-sim-not-in-stock = Bu SIM-karta omborda ham, do‘konda ham emas.
cmd-sim = SIM-kartani sotish: /sim ICCID yoki raqam

# The catalogue API (issue 16)
err-username = Foydalanuvchi nomi 3–150 ta harf, raqam va @ . + - _ belgilaridan iborat bo‘ladi.
err-username-taken = Bu foydalanuvchi nomi band.
err-weak-password = Parol 10 tadan 256 tagacha belgidan iborat bo‘lishi kerak.
err-in-use = Uning savdolari, qoldig‘i yoki hujjatlari bor: uni o‘chirib bo‘lmaydi.
err-code-taken = Bu 1C kodi boshqa yozuvda ishlatilgan.
err-coordinates = Kenglik −90 dan 90 gacha, uzunlik −180 dan 180 gacha bo‘ladi.
err-bad-value = Qiymat noto‘g‘ri.
audit-by-api-user = API foydalanuvchisi ({ $name })
audit-api-user-created = API foydalanuvchisi qo‘shildi
audit-api-user-revoked = API foydalanuvchisi o‘chirildi
audit-project-created = Loyiha yaratildi
audit-project-edited = Loyiha o‘zgartirildi
audit-project-deleted = Loyiha o‘chirildi
audit-product-deleted = Mahsulot o‘chirildi
audit-customer-deleted = Mijoz o‘chirildi
audit-image-added = Rasm qo‘shildi
audit-image-removed = Rasm o‘chirildi
audit-product-described = Mahsulot tavsifi yozildi
audit-entity-api-user = API foydalanuvchisi
audit-entity-project = loyiha
audit-entity-image = rasm
cmd-apiuser = API foydalanuvchilari: login va tokenlar
cmd-agents = agentlar qayerda: oxirgi joylashuvi
catalogue-imported = ✅ { $sheet }: { $created } ta qo‘shildi, { $updated } ta yangilandi.
catalogue-import-refused = Hech narsa saqlanmadi: { $count } ta xato. Tuzatib, faylni qayta yuboring:
catalogue-import-line = { $row }-qator, { $field }: { $problem }
picture-added = 🖼 Rasm qo‘shildi: { $name } ({ $code }).
picture-added-main = 🖼 Asosiy rasm: { $name } ({ $code }).
location-saved = 📍 Joylashuv saqlandi.
location-live = 📍 Jonli joylashuv: to‘xtatguningizcha Savdo uni saqlab boradi.
agents-none = Hali hech bir agent joylashuvini yubormagan.
agents-header = 📍 Agentlar: { $count }
agents-line = { $name } · { $age } oldin{ $battery }
age-minutes = { $n } daqiqa
age-hours = { $n } soat
age-days = { $n } kun
apiuser-header = API foydalanuvchilari: { $count }
apiuser-line = 👤 { $name } — { $role }{ $state }
apiuser-revoked-mark =  (o‘chirilgan)
apiuser-created =
    👤 API foydalanuvchisi { $name } ({ $role }). Parol faqat hozir ko‘rsatiladi:
    { $password }
    Token: POST /api/token/
apiuser-revoked = API foydalanuvchisi { $name } o‘chirildi: uning tokenlari endi ishlamaydi.
apiuser-usage =
    /apiuser add NOM ROL [FILIAL_ID] — qo‘shish
    /apiuser revoke NOM — o‘chirish
cmd-sync = 1C dan mahsulotlar yoki mijozlarni olish: /sync [clients]
sync-none = 1C bilan bog‘lanish sozlanmagan: POST /api/v1/integration/ (manzil, login, parol).
sync-started = ⏳ { $name }: 1C dan fayllar olinmoqda…
sync-progress = ⏳ { $name }: { $done } / { $total } ({ $percent }%)
sync-done = ✅ { $name }: { $created } ta qo‘shildi, { $updated } ta yangilandi, { $skipped } ta o‘tkazib yuborildi.
sync-failed = ❌ { $name }: sinxronlash to‘xtadi: { $reason }
err-sheet-missing = Faylni «file» maydonida yuboring (XLSX yoki CSV).
err-sheet-unreadable = Faylni o‘qib bo‘lmadi: birinchi qatori sarlavha bo‘lgan XLSX yoki CSV jadval yuboring.
