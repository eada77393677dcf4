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
    "<b>محاسبه</b> (یا همین را در یک جمله بپرس: «یه کانولوشن ۳×۳ با ۶۴ فیلتر روی ورودی ۳ کاناله چند پارامتر داره؟»)\n"
    "{calc}\n\n"
    "<b>مسئولان درس</b>\n"
    "• فرستادن فایل ({formats}) با عنوان <code>/add</code>، "
    "یا پاسخ <code>/add</code> به یک فایل\n"
    "• <code>/learn</code> در پاسخ به یک جواب خوب در گروه: پرسش و آن جواب به منابع اضافه می‌شود\n"
    "• {staff}"
)
ASK_MENU = "پرسیدن از منابع درس"
HELP_MENU = "راهنما"
HELP_CALC_LINE = "• <code>/{name} {example}</code> — {summary}"
HELP_STAFF_SEP = "، "
REMOVE_USAGE = "/remove شناسه"


def either(names: list[str]) -> str:
    """«a، b یا c»: a Persian list of alternatives."""
    return "، ".join(names[:-1]) + " یا " + names[-1] if len(names) > 1 else "".join(names)

# An answer's own wording (quotes, sources, "not covered") is the knowledge base's, shared with the CLI.
FROM_SOURCES, SOURCES, PAGE, NOT_COVERED = (
    knowledge_messages.FROM_SOURCES, knowledge_messages.SOURCES, knowledge_messages.PAGE, knowledge_messages.NOT_COVERED)
# Thanks, greetings, emoji: this one line in a private chat, nothing at all in a group.
NOT_A_QUESTION_REPLY = knowledge_messages.NOT_A_QUESTION_REPLY
EMPTY_BASE = "پایگاه دانش هنوز خالی است؛ مسئولان درس می‌توانند منبع اضافه کنند."
ASK_WHAT = "پرسشت را بعد از دستور بنویس؛ مثلاً: <code>/ask چرا از کانولوشن 1x1 استفاده می‌کنند؟</code>"
TOO_LONG = "پیام بیش از حد بلند است ({length} نویسه؛ حداکثر {limit}). لطفاً کوتاه‌ترش کن."
RATE_LIMITED = "کمی آهسته‌تر لطفاً 🙂 حدود {seconds} ثانیه‌ی دیگر دوباره امتحان کن."
SORRY = "ببخشید، هنگام پاسخ دادن به این پیام خطایی پیش آمد؛ لطفاً کمی بعد دوباره بپرس."
SORRY_STAFF_TOLD = "ببخشید، هنگام پاسخ دادن به این پیام خطایی پیش آمد. مسئولان درس در جریان قرار گرفتند."
STAFF_ERROR = "⚠️ خطا هنگام پاسخ به پیامی در «{chat}» ({error})؛ جزئیات در گزارش ربات."
STAFF_UNDELIVERED = "⚠️ پاسخی در «{chat}» فرستاده نشد: {error}"

# under a generated answer while it streams: only sentences already checked against their source are shown
WRITING = "در حال نوشتن… (هر جمله پیش از نمایش با منبعش سنجیده شده است)"
BUTTON_SOURCE = "📄 متن کامل منبع {n}"
BUTTON_MORE = "🔎 نتایج بیشتر"
BUTTON_UP = "👍"
BUTTON_DOWN = "👎"
FULL_SOURCE = "<b>{title}</b>{where}\n\n{text}"
MORE_RESULTS = "<b>نتایج بیشتر برای:</b> {question}"
NO_MORE = "نتیجه‌ی دیگری پیدا نشد."
SENT_PRIVATELY = "در گفت‌وگوی خصوصی با ربات فرستاده شد."
EXPIRED = "این دکمه دیگر کار نمی‌کند؛ پرسش را دوباره بفرست."
BUTTON_COUNT = "{label} {count}"
THANKS_FEEDBACK = "ممنون از نظرت!"
VOTE_TAKEN_BACK = "نظرت برداشته شد."

MODEL_LIST = "<b>مدل‌های موجود</b> (با <code>/model نام</code>):\n{models}"
CALC_FAILED = "محاسبه انجام نشد: {reason}"
CALC_TIMEOUT = "اجرای واقعی بیش از حد طول کشید و متوقف شد؛ اعداد نظری بالا معتبرند."

MEDIA_NOT_READ = ("عکس‌ها و فایل‌ها را هنوز نمی‌خوانم 🙏 پرسشت را به صورت متن بنویس (یا در توضیح زیر عکس)؛ "
                  "اگر کد یا خطاست، متن آن را کپی کن و بفرست.")
MEDIA_ADD_HINT = "برای افزودن این فایل به منابع درس، آن را با عنوان <code>/add</code> بفرستید."
NOT_ADMIN = "این دستور فقط برای مسئولان درس است؛ چیزی تغییر نکرد."
ADD_WHAT = "فایل را با عنوان <code>/add</code> بفرست، یا <code>/add</code> را در پاسخ به پیام فایل بنویس."
FILE_TOO_BIG = "این فایل {size} مگابایت است؛ حداکثر {limit} مگابایت را می‌توانم بگیرم."
ADDED = "به منابع اضافه شد: {added}\nجایگزین شد: {replaced}\nبدون تغییر: {unchanged}"
COMPLETED = "این فایل از قبل در پایگاه بود؛ نمایه‌سازی‌اش الان کامل شد: {names}"
NOTES_GAVE_WAY = ("از این پس پاسخ‌ها فقط از منابع خود درس است و یادداشت‌های آماده‌ی ربات کنار می‌روند "
                  "(برای پاسخ دادن از هر دو: builtin_beside_material = true در تنظیمات)")
# An upload's progress message: one line a step, edited in place every few seconds, then the report.
RECEIVED = "📥 «{name}» دریافت شد، در حال افزودن…"
STEP_READING = "⏳ خواندن فایل…"
STEP_STORED = "✅ خوانده شد: {passages} بخش تازه"
STEP_SEARCHABLE = "✅ از همین حالا با واژه‌هایش جست‌وجو می‌شود ({seconds} ثانیه پس از دریافت)"
STEP_EMBEDDING = "⏳ آماده‌سازی جست‌وجوی معنایی: {done} از {total} بخش"
STEP_ETA = " (حدود {seconds} ثانیه‌ی دیگر)"
STEP_DENSE_DONE = "✅ جست‌وجوی معنایی هم آماده شد ({seconds} ثانیه پس از دریافت)"
SEARCHABLE_AFTER = ("🔎 متن تازه {lexical} ثانیه پس از دریافت با واژه‌هایش جست‌وجو می‌شد و از {dense} ثانیه پس از "
                    "دریافت، جست‌وجوی معنایی هم آن را پوشش می‌دهد.")
COMPLETE_AFTER = "🔎 متن تازه {dense} ثانیه پس از دریافت در جست‌وجوی واژه‌ای و معنایی بود."
# After a restart, an upload the stop interrupted: a report replying to the file, and its old progress message
# (which would otherwise say «⏳ 32 از 60» for ever) edited to say what became of it.
RESUMED = "🔁 ربات وسط افزودن «{name}» متوقف شد. پس از راه‌اندازی دوباره، افزودنش را از سر گرفتم؛ نتیجه:\n{report}"
RESUMED_COMPLETED = "متن این فایل پیش از توقف ذخیره شده بود؛ جست‌وجوی معنایی‌اش حالا آماده شد: {names}"
UPLOAD_LOST = ("⚠️ ربات وسط کار روی فایل «{name}» متوقف شد و پس از راه‌اندازی دوباره نه خود فایل را پیدا کردم و نه "
               "توانستم دوباره از تلگرام بگیرمش؛ این فایل به منابع اضافه نشد. لطفاً دوباره بفرستید.")
PROGRESS_INTERRUPTED = "⏸ «{name}»: ربات وسط کار متوقف شد و دوباره راه افتاد؛ در حال تمام کردن افزودن این فایل…"
PROGRESS_RESUMED = ("🔁 «{name}»: ربات وسط کار متوقف شد؛ پس از راه‌اندازی دوباره افزودن این فایل از سر گرفته شد و "
                    "نتیجه‌اش در پیام بعدی آمده است.")
PROGRESS_LOST = "❌ «{name}»: ربات وسط کار متوقف شد و این فایل از دست رفت؛ به منابع اضافه نشد. لطفاً دوباره بفرستید."
DOWNLOAD_FAILED = "⚠️ نتوانستم فایل «{name}» را از تلگرام بگیرم؛ به منابع اضافه نشد. لطفاً دوباره بفرستید."
SKIPPED = "کنار گذاشته شد: {name} ({reason})"
REMOVE_WHAT = "شناسه‌ی سند را بنویس؛ فهرست با /docs."
REMOVED = "حذف شد: {removed}"
AMBIGUOUS_REMOVE = "«{ref}» چند فایل را می‌رساند ({names})؛ نام کامل یا شناسه را بفرستید. چیزی حذف نشد."
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
REPORT_SENT_PRIVATELY = "گزارش در گفت‌وگوی خصوصی برایتان فرستاده شد؛ اینجا پرسش‌های دیگران نشان داده نمی‌شود."
REPORT_START_FIRST = ("گزارش پرسش‌های دیگران را در گروه نشان نمی‌دهم. ربات را در گفت‌وگوی خصوصی باز کنید "
                      "(<a href=\"{link}\">اینجا</a>) و همان‌جا دوباره بفرستید.")
TOP_UNANSWERED = "\n\n<b>پرسش‌های بی‌پاسخ پرتکرار</b> (چه چیزی به منابع اضافه شود):\n{lines}"
ALSO_ASKED = " — همچنین: {others}"
VOTED_DOWN = "\n\n<b>پاسخ‌هایی که 👎 گرفتند</b> (منبع نادرست یا ناکافی؟):\n{lines}"
VOTED_DOWN_LINE = "• {question} (👍 {up}، 👎 {down})"
DIGEST_TITLE = "<b>گزارش دانش‌یار برای مسئولان درس</b> ({period})"
DIGEST_PERIOD = "{hours} ساعت گذشته"
CHART_CAPTION = "پرسش‌های هر روز، به تفکیک منبع پاسخ، و سهم پاسخ‌داده‌شده"
CHART_TITLE = "پرسش‌ها در {days} روز گذشته"
CHART_SHARE = "سهم پاسخ‌داده‌شده (درصد)"
# where an answer came from (bot.kinds.SOURCES), in /stats and its chart
SOURCE_LABELS = {"material": "از منابع درس", "verified": "پاسخ تأییدشده", "human": "دستیار آموزشی",
                 "unanswered": "بی‌پاسخ", "calculation": "محاسبه"}
STATS_COURSE = "درس «{course}»، {weeks} هفته‌ی گذشته:"
STATS_WEEKS = "پرسش‌ها در هر هفته (قدیمی به جدید): {counts}"
STATS_SOURCE_LINE = "• {label}: {count} ({percent}٪)"
TOP_TOPICS = "\n\n<b>پرتکرارترین موضوع‌ها</b>:\n{lines}"
DIGEST_COURSE = "درس «{course}»"
WAITING = "\n\n<b>پرسش‌هایی که هنوز منتظر دستیارند</b>:\n{lines}"
WAITING_LINE = "• {question}{where}"
WAITING_LINK = " (<a href=\"{link}\">پیام</a>)"
NO_TOKEN = (
    "توکن ربات تنظیم نشده است. TELEGRAM_BOT_TOKEN را تنظیم کنید.\n"
    "No bot token: set TELEGRAM_BOT_TOKEN (or telegram_token in the settings file).\n"
    "Without Telegram, try: daneshyar ask \"لنت کی اومد؟\"  or the same conversation in a console: daneshyar chat"
)

# -- courses (bot/courses.py) ---------------------------------------------------------------------
DEFAULT_COURSE_TITLE = "عمومی"  # how the default course is named to users
COURSE_MENU = "انتخاب درس"
COURSE_USAGE = "/course نام_درس"
STATS_USAGE = "/stats [نام_درس]"
COURSE_HERE = "این گفت‌وگو از منابع درس «{course}» پاسخ می‌گیرد."
COURSE_BOUND = "از این پس پرسش‌های {place} از منابع درس «{course}» پاسخ داده می‌شوند."
COURSE_CREATED = "درس تازهٔ «{course}» ساخته شد؛ منابعش را با <code>/add</code> همین‌جا بفرستید."
COURSE_PLACE_GROUP = "این گروه"
COURSE_PLACE_TOPIC = "این موضوع"
COURSE_BAD_NAME = "نام درس فقط می‌تواند حرف، رقم، «_» و «-» باشد (حداکثر ۲۴ نویسه)؛ مثلاً <code>/course dl1404</code>"
COURSE_UNKNOWN = "درسی به نام «{course}» نیست؛ فقط مسئولان ربات درس تازه می‌سازند."
COURSE_CHOOSE = "در گروه‌های چند درس هستی؛ این پرسش دربارهٔ کدام درس است؟ (انتخابت به خاطر می‌ماند؛ با /course عوضش کن)"
COURSE_CHOSEN = "درس «{course}» انتخاب شد؛ از این پس پرسش‌هایت در این گفت‌وگو از منابع همین درس پاسخ می‌گیرد."
COURSE_NOT_YOURS = "درس «{course}» در فهرست درس‌های گروه‌هایی که در آن‌ها هستی نیست."

# -- a path to a human ----------------------------------------------------------------------------
BUTTON_HUMAN = "🙋 هنوز سؤال دارم"
HUMAN_TOLD = "به دستیاران آموزشی خبر دادم؛ پاسخشان را در همین گفت‌وگو می‌بینی."
HUMAN_ALREADY = "دستیاران آموزشی از قبل در جریان این پرسش هستند."
STAFF_HUMAN = "🙋 دانشجویی پس از پاسخ ربات هنوز سؤال دارد (درس «{course}»):\n«{question}»"
STAFF_NOT_COVERED = "❔ منابع درس «{course}» این پرسش را پوشش نمی‌دادند؛ پاسخ یک دستیار لازم است:\n«{question}»"
STAFF_WHERE_LINK = "<a href=\"{link}\">پرسش در «{chat}»</a>"
STAFF_WHERE_PRIVATE = "(در گفت‌وگوی خصوصی با ربات)"
STAFF_WHERE_CHAT = "(در «{chat}»)"

# -- verified answers (bot/verifying.py) ------------------------------------------------------------
RETIRED = knowledge_messages.RETIRED
ROLE_NAMES = {"ta": "دستیار آموزشی", "admin": "مسئول درس"}
STAFF_VERIFY_OFFER = ("📝 پاسخ یک {role} به پرسشی در درس «{course}»؛ با یک ضربه پاسخ تأییدشده می‌شود و از آن پس "
                      "پرسش‌های هم‌معنا با آن جواب می‌گیرند:\nپرسش: «{question}»\nپاسخ: «{answer}»")
STAFF_VERIFY_CORRECTION = ("✏️ یک {role} پاسخ ربات را اصلاح کرد (درس «{course}»)؛ با یک ضربه اصلاحش پاسخ تأییدشده‌ی "
                           "این پرسش می‌شود و جای پاسخ ربات را می‌گیرد:\nپرسش: «{question}»\nپاسخ: «{answer}»")
BUTTON_VERIFY = "✅ تأیید پاسخ"
VERIFIED_DONE = "✅ تأیید شد: پرسش‌های هم‌معنا در درس «{course}» از این پس همین پاسخ را می‌گیرند."
VERIFY_ALREADY = "این پاسخ پیش‌تر تأیید شده است."
VERIFY_NOT_ADMIN = "فقط مسئولان همین درس می‌توانند پاسخی را تأیید کنند."
STAFF_RETIRED = ("👎 پاسخ ربات به این پرسش چند بار نادرست علامت خورد و دیگر داده نمی‌شود (درس «{course}»)؛ "
                 "پاسخ درست را در پاسخ به پرسش بنویسید تا برای تأیید بیاید:\n«{question}»")
STAFF_RETIRED_ASKED = ("👎 پرسشی دوباره پرسیده شد که پاسخش نادرست علامت خورده و هنوز پاسخ درستی ندارد "
                       "(درس «{course}»):\n«{question}»")
