"""Every Persian sentence the bot says, in one place to read and correct.

Templates are HTML (Telegram's ``parse_mode=HTML``): values are escaped by the
caller before they are put in.  The console (`daneshyar chat`) shows the same
strings with the tags stripped.
"""

from __future__ import annotations

from knowledge import messages as knowledge_messages

START = (
    "سلام! من <b>دانش‌یار</b> هستم، دستیار پرسش و پاسخ درس یادگیری عمیق.\n\n"
    "پرسشت را به فارسی (حتی محاوره‌ای یا فینگلیش) بنویس؛ از روی منابع درس جواب می‌دهم، "
    "جمله‌هایی را که استفاده کرده‌ام نقل می‌کنم و منبعشان را می‌گویم. اگر منابع جوابی نداشته باشند، همین را می‌گویم.\n\n"
    "برای محاسبه هم دستور دارم؛ /help را ببین."
)
HELP = (
    "<b>پرسیدن</b>\n"
    "• در گفت‌وگوی خصوصی: هر پیامی یک پرسش است.\n"
    "• در گروه: <code>/ask پرسش</code>، یا نام بردن از من (@{username})، یا پاسخ دادن به یکی از پیام‌های من.\n\n"
    "<b>محاسبه</b>\n"
    "• <code>/params input 28x28x1 | conv 8 3x3 | flatten | dense 10</code> — پارامترها، شکل‌ها و MACها "
    "(کد Keras یا PyTorch هم قبول است)\n"
    "• <code>/model resnet50</code> — مدل‌های معروف (<code>/model</code> تنها: فهرست)\n"
    "• <code>/bottleneck 28x28x192 5 32 16</code> — کانولوشن 1x1 گلوگاهی (ورودی، کرنل، فیلتر، کاهش)\n"
    "• <code>/pooling 53x53x64 64,32,10</code> — Flatten در برابر Global Average Pooling\n"
    "• <code>/stacked 56x56x64 7</code> — چند 3x3 پشت سر هم در برابر یک کرنل بزرگ\n"
    "• <code>/shape 28 5 1 2</code> (ورودی، کرنل، گام، پدینگ) یا <code>/shape SPEC</code> — قاعده‌ی اندازه‌ی خروجی\n\n"
    "<b>مسئولان درس</b>\n"
    "• فرستادن فایل (txt، md، pdf، docx، html یا خروجی json تلگرام) با عنوان <code>/add</code>، "
    "یا پاسخ <code>/add</code> به یک فایل\n"
    "• <code>/learn</code> در پاسخ به یک جواب خوب در گروه: پرسش و آن جواب به منابع اضافه می‌شود\n"
    "• <code>/docs</code>، <code>/remove شناسه</code>، <code>/reindex</code>، <code>/stats</code>"
)
COMMANDS = {
    "ask": "پرسیدن از منابع درس",
    "params": "پارامترها و شکل‌های یک مدل",
    "model": "مدل‌های معروف CNN (مثلاً /model resnet 18)",
    "bottleneck": "مقایسه‌ی کانولوشن 1x1 گلوگاهی",
    "pooling": "Flatten در برابر Global Pooling",
    "stacked": "چند 3x3 در برابر یک کرنل بزرگ",
    "shape": "قاعده‌ی اندازه‌ی خروجی لایه",
    "help": "راهنما",
}

# An answer's own wording (quotes, sources, "not covered") is the knowledge base's, shared with the CLI.
FROM_SOURCES, SOURCES, PAGE, NOT_COVERED = (
    knowledge_messages.FROM_SOURCES, knowledge_messages.SOURCES, knowledge_messages.PAGE, knowledge_messages.NOT_COVERED)
# Thanks, greetings, emoji: this one line in a private chat, nothing at all in a group.
NOT_A_QUESTION_REPLY = knowledge_messages.NOT_A_QUESTION_REPLY
EMPTY_BASE = "پایگاه دانش هنوز خالی است؛ مسئولان درس می‌توانند منبع اضافه کنند."
ASK_WHAT = "پرسشت را بعد از دستور بنویس؛ مثلاً: <code>/ask چرا از کانولوشن 1x1 استفاده می‌کنند؟</code>"
TOO_LONG = "پیام بیش از حد بلند است ({length} نویسه؛ حداکثر {limit}). لطفاً کوتاه‌ترش کن."
RATE_LIMITED = "کمی آهسته‌تر لطفاً 🙂 حدود {seconds} ثانیه‌ی دیگر دوباره امتحان کن."
SORRY = "ببخشید، هنگام پاسخ دادن به این پیام خطایی پیش آمد. مسئولان درس در جریان قرار گرفتند."

BUTTON_SOURCE = "📄 متن کامل منبع {n}"
BUTTON_MORE = "🔎 نتایج بیشتر"
BUTTON_UP = "👍"
BUTTON_DOWN = "👎"
FULL_SOURCE = "<b>{title}</b>{where}\n\n{text}"
MORE_RESULTS = "<b>نتایج بیشتر برای:</b> {question}"
NO_MORE = "نتیجه‌ی دیگری پیدا نشد."
EXPIRED = "این دکمه دیگر کار نمی‌کند؛ پرسش را دوباره بفرست."
THANKS_FEEDBACK = "ممنون از نظرت!"

CALC_USAGE = {
    "params": ("مدل را بعد از دستور بنویس یا کد Keras/PyTorch (یا خروجی print(model)) را همان‌جا بچسبان؛ "
               "مثلاً: <code>/params input 28x28x1 | conv 8 3x3 | flatten | dense 10</code>. اگر کد شکل ورودی را "
               "معلوم نمی‌کند، یک خط مثل <code>input 3x32x32</code> هم اضافه کن."),
    "bottleneck": "مثلاً: <code>/bottleneck 28x28x192 5 32 16</code> (ورودی، اندازه کرنل، تعداد فیلتر، کانال‌های کاهش)",
    "pooling": "مثلاً: <code>/pooling 53x53x64 64,32,10</code> (نقشه ویژگی، واحدهای سر طبقه‌بند)",
    "stacked": "مثلاً: <code>/stacked 56x56x64 7</code> (ورودی، کرنل بزرگ)",
    "shape": "مثلاً: <code>/shape 28 5 1 2</code> (ورودی، کرنل، گام، پدینگ) یا <code>/shape input 32x32x3 | conv 16 5x5 s2</code>",
}
BAD_NUMBERS = "عددها را نفهمیدم. {usage}"
MODEL_LIST = "<b>مدل‌های موجود</b> (با <code>/model نام</code>):\n{models}"
CALC_FAILED = "محاسبه انجام نشد: {reason}"
CALC_TIMEOUT = "اجرای واقعی بیش از حد طول کشید و متوقف شد؛ اعداد نظری بالا معتبرند."

NOT_ADMIN = "این دستور فقط برای مسئولان درس است؛ چیزی تغییر نکرد."
ADD_WHAT = "فایل را با عنوان <code>/add</code> بفرست، یا <code>/add</code> را در پاسخ به پیام فایل بنویس."
FILE_TOO_BIG = "این فایل {size} مگابایت است؛ حداکثر {limit} مگابایت را می‌توانم بگیرم."
ADDED = "به منابع اضافه شد: {added}\nجایگزین شد: {replaced}\nبدون تغییر: {unchanged}"
SKIPPED = "کنار گذاشته شد: {name} ({reason})"
REMOVE_WHAT = "شناسه‌ی سند را بنویس؛ فهرست با /docs."
REMOVED = "حذف شد: {removed}"
NOT_FOUND = "پیدا نشد: {missing}"
DOCS = "<b>{count} سند، {chunks} بخش</b>\n{lines}"
REINDEXED = "نمایه از نو ساخته شد: {chunks} بخش."
BUSY = "یک به‌روزرسانی دیگر در جریان است؛ کمی بعد دوباره امتحان کن."
LEARN_WHAT = "<code>/learn</code> را در پاسخ به پیامی بنویس که جواب خوبی به یک پرسش است."
LEARNED = "یاد گرفتم ✅ این پرسش و پاسخ با نام «{title}» به منابع اضافه شد."
LEARNED_FROM = "گفت‌وگوی «{chat}»، {date}"
LEARN_NO_QUESTION = "آن پیام پاسخ به پرسش دیگری نیست؛ پرسش را پیدا نکردم."
STATS = (
    "<b>آمار دانش‌یار</b>\n"
    "پرسش‌ها: {questions} (بی‌پاسخ از منابع: {abstained})\n"
    "محاسبه‌ها: {calcs}\n"
    "نظرها: 👍 {up}  👎 {down}\n"
    "پایگاه دانش: {documents} سند، {chunks} بخش"
)
TOP_UNANSWERED = "\n\n<b>پرسش‌های بی‌پاسخ پرتکرار</b> (چه چیزی به منابع اضافه شود):\n{lines}"
NO_TOKEN = (
    "توکن ربات تنظیم نشده است. TELEGRAM_BOT_TOKEN را تنظیم کنید.\n"
    "No bot token: set TELEGRAM_BOT_TOKEN (or telegram_token in the settings file).\n"
    "Without Telegram, try: daneshyar ask \"لنت کی اومد؟\"  or the same conversation in a console: daneshyar chat"
)
