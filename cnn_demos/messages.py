"""Every Persian sentence that ``cnn_demos`` shows a student, in one place to read and correct.

Errors are built from a *where* part ("لایه ۳") and a *what* part; the layer
number is the one the student can count in what they typed.
"""

from __future__ import annotations

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa(value: object) -> str:
    """Persian digits for numbers inside Persian prose (tables and shapes keep Latin digits)."""
    return str(value).translate(_FA_DIGITS)


def where(number: int, path: tuple[int, ...] = ()) -> str:
    text = f"لایه {fa(number)}"
    for depth, index in enumerate(path):
        text += f"، {'شاخه' if depth % 2 == 0 else 'لایه'} {fa(index)}"
    return text


# --- spec errors (what) ---
EMPTY_SPEC = "مشخصات مدل خالی است؛ مثلاً بنویسید: input 28x28x1 | conv 8 3x3 | flatten | dense 10"
UNKNOWN_LAYER = "لایه‌ی «{token}» را نمی‌شناسم. لایه‌های مجاز: {known}"
BAD_NUMBER = "«{token}» عدد صحیح مثبت نیست"
BAD_SHAPE = "«{token}» شکل معتبری نیست؛ مثلاً 224x224x3 یا 3x224x224 بنویسید"
BAD_OPTION = "گزینه‌ی «{token}» برای این لایه معنا ندارد"
BAD_CALL = "«{token}» را نتوانستم بخوانم: {detail}"
MISSING_ARG = "این لایه {what} لازم دارد"
MISSING_INPUT = "شکل ورودی مشخص نیست؛ مدل را با input (مثلاً input 224x224x3) یا input_shape=... شروع کنید"
INPUT_NOT_FIRST = "input فقط در ابتدای مدل می‌آید"
BAD_RATE = "نرخ Dropout باید بین ۰ و ۱ باشد، نه «{token}»"
NOT_LITERAL = "«{token}» مقدار نیست؛ به جای نام متغیر یا فراخوانی، خود عدد یا رشته را بنویسید"
UNBALANCED = "پرانتز یا آکولاد باز و بسته‌ی «{token}» جفت نیستند"

KERNEL_TOO_BIG = "اندازه کرنل {kernel} از ورودی {size} بزرگ‌تر است"
KERNEL_TOO_BIG_PADDED = "اندازه مؤثر کرنل {kernel} از ورودی با پدینگ ({size}) بزرگ‌تر است"
WRONG_RANK = "{layer} ورودی {want} بعدی می‌خواهد اما ورودی {shape} است"
DENSE_NEEDS_FLAT = (
    "Dense ورودی یک‌بعدی می‌خواهد اما ورودی {shape} است؛ پیش از آن Flatten یا GlobalAveragePooling بگذارید"
)
GROUPS_MISMATCH = "تعداد کانال‌ها ({channels}) و فیلترها ({filters}) باید بر groups={groups} بخش‌پذیر باشند"
IN_CHANNELS_MISMATCH = "این لایه {expected} کانال ورودی می‌خواهد اما ورودی {got} کانال دارد"
POOL_PADDING = "پدینگ {padding} برای کرنل {kernel} زیاد است (حداکثر نصف کرنل)"
CONCAT_MISMATCH = "خروجی شاخه‌ها ابعاد مکانی یکسان ندارند: {shapes}"
RESIDUAL_MISMATCH = "خروجی بدنه {body} با میان‌بر {shortcut} هم‌شکل نیست و جمع‌شدنی نیست"
ZERO_OUTPUT = "خروجی این لایه اندازه‌ی صفر یا منفی پیدا می‌کند ({size})"

# --- limits (checked before anything is built) ---
TOO_MANY_LAYERS = "مدل بیش از {limit} لایه دارد؛ این‌قدر بزرگ را حساب نمی‌کنم"
TOO_MANY_CHANNELS = "{value} کانال/واحد بیش از سقف {limit} است"
TOO_LARGE_SPATIAL = "اندازه‌ی مکانی {value} بیش از سقف {limit} است"
TOO_LARGE_KERNEL = "کرنل {value} بیش از سقف {limit} است"
TOO_MANY_PARAMS = "این لایه {value} پارامتر می‌سازد که بیش از سقف {limit} است"
TOO_LARGE_STEP = "گام (stride) یا dilation برابر {value} بیش از سقف {limit} است"
TOO_MUCH_WORK = "این اجرا {value} است که از سقف {limit} برای اجرای واقعی بیشتر است؛ ورودی یا batch را کوچک‌تر کنید"
TIMEOUT = "اجرای واقعی بیش از {seconds} ثانیه طول کشید و متوقف شد"
UNKNOWN_MODEL = "مدلی به نام «{name}» در مجموعه نیست. مدل‌های موجود: {known}"
BAD_COMPARE = "{detail}"

# --- report prose ---
LAYOUT_NAMES = {"channels_last": "channels-last (HxWxC، مثل Keras)",
                "channels_first": "channels-first (CxHxW، مثل PyTorch)"}
CONVENTION = (
    "قرارداد: MAC یعنی یک ضرب و یک جمع؛ FLOPs = 2 × MACs. فقط کانولوشن‌ها و لایه‌های Dense شمرده شده‌اند "
    "و جمع بایاس، BatchNorm، فعال‌سازی و pooling شمرده نشده‌اند (همان قرارداد torch.utils.flop_counter). "
    "اعداد برای یک نمونه (batch = 1) است."
)
PARAMS_CONVENTION = {
    "keras": ("کل پارامترها به روش Keras (model.summary) است: آمارهای میانگین و واریانس BatchNorm "
              "غیرقابل‌آموزش شمرده می‌شوند. PyTorch فقط وزن‌ها را می‌شمارد: {other}."),
    "pytorch": ("کل پارامترها به روش PyTorch است (sum(p.numel() for p in model.parameters())، همان عدد torchinfo "
                "و torchvision). Keras آمارهای BatchNorm را هم می‌شمارد: {other}."),
}
FLOP_CHECK_OK = "بررسی شد: torch.utils.flop_counter همین FLOPs را می‌دهد."
FLOP_CHECK_DIFF = "هشدار: torch.utils.flop_counter {other} FLOPs می‌دهد."

# --- comparisons ---
BOTTLENECK_TITLE = "کانولوشن {k}x{k} با {f} فیلتر روی {shape}: مستقیم، در برابر کاهش کانال با 1x1 به {b}"
BOTTLENECK_DIRECT = "مستقیم: {k}×{k}×{c}×{f} = {w:,} وزن + {f} بایاس = {p:,} پارامتر"
BOTTLENECK_DIRECT_MACS = "  ضرب‌ها: {hw} موقعیت × {w:,} = {macs:,} MAC"
BOTTLENECK_REDUCED = ("با گلوگاه: 1×1×{c}×{b} = {w1:,} وزن (+{b}) و {k}×{k}×{b}×{f} = {w2:,} وزن (+{f}) "
                      "= {p:,} پارامتر")
BOTTLENECK_REDUCED_MACS = "  ضرب‌ها: {hw}×{w1:,} + {hw}×{w2:,} = {m1:,} + {m2:,} = {macs:,} MAC"
RATIO = "نسبت: پارامترها {params:.2f} برابر و MACها {macs:.2f} برابر کمتر"
POOLING_TITLE = "سر طبقه‌بند روی نقشه ویژگی {shape}: Flatten در برابر GlobalAveragePooling"
POOLING_FLATTEN = "Flatten: {dims} = {n:,} ویژگی → Dense({u}): {n:,}×{u} + {u} = {p:,} پارامتر"
POOLING_GAP = "GlobalAveragePooling: {c} ویژگی → Dense({u}): {c}×{u} + {u} = {p:,} پارامتر"
POOLING_REST = "لایه‌های بعدی سر در هر دو یکسان است: {p:,} پارامتر"
POOLING_TOTAL = "کل سر: Flatten {flat:,} و GAP {gap:,} پارامتر"
STACKED_TITLE = "{n} کانولوشن 3x3 پشت سر هم در برابر یک کانولوشن {k}x{k} (میدان دید یکسان {k}x{k}) روی {shape}"
STACKED_SMALL = "{n} لایه‌ی 3x3: {formula} = {p:,} پارامتر و {macs:,} MAC، با {n} غیرخطی"
STACKED_LARGE = "یک لایه‌ی {k}x{k}: {k}×{k}×{c}×{f} + {f} = {p:,} پارامتر و {macs:,} MAC، با یک غیرخطی"
STACKED_KERNEL = "اندازه کرنل برای این مقایسه باید فرد و دست‌کم ۵ باشد، نه {k}"
MEASURED = ("اجرای واقعی روی {device} با batch={batch}: {lines} → {speedup:.2f} برابر سریع‌تر "
            "(پیش‌بینی از روی MACها: {theory:.2f} برابر)")
MEASURED_LINE = "{label} {ms:.3f} ms"
BAD_SIZE = "«{token}» اندازه‌ی معتبری نیست؛ مثلاً 28x28x192 بنویسید"
