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
MISSING_INPUT_EXAMPLE = "شکل ورودی در کد نیامده (یا از داده‌ها می‌آید)؛ یک خط input به ابتدای کد اضافه کنید، برای این مدل مثلاً {example}"
MISSING_INPUT_FROM = ("شکل ورودی از «{token}» در خط {line} می‌آید، یعنی از داده یا محیطی که اجرا نمی‌کنم؛ یک خط input "
                      "به ابتدای کد اضافه کنید، برای این مدل مثلاً {example}، یا به جای «{token}» خود عدد را بنویسید")
INPUT_EXAMPLE_TOKENS = "input 100 (طول دنباله‌ی توکن‌ها)"
INPUT_EXAMPLE_SEQUENCE = "input 120x14 (گام‌های زمانی × ویژگی‌ها)"
INPUT_EXAMPLE_FEATURES = "input 13 (تعداد ویژگی‌ها)"
INPUT_EXAMPLE_IMAGE = "input 32x32x3 (ارتفاع × عرض × کانال)"
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
GATE_MISMATCH = "خروجی شاخه‌ی {branch} در ورودی {shape} ضرب‌شدنی نیست (باید هم‌شکل آن باشد یا ۱ در هر محور دیگر)"
ZERO_OUTPUT = "خروجی این لایه اندازه‌ی صفر یا منفی پیدا می‌کند ({size})"

# --- Keras layers, their arguments, and the input's layout (spec.keras_layer, shapes) ---
AMBIGUOUS_LAYOUT = ("ورودی {shape} را دو جور می‌شود خواند: {first} کانال در ابتدا یا {last} کانال در انتها. "
                    "منظورتان کدام است؟ بعد از شکل cf (کانال اول، {cf_form}) یا cl (کانال آخر، {cl_form}) بنویسید، "
                    "مثلاً «input {shape} cf»")
IN_CHANNELS_NOT_AT_END = "این لایه {expected} کانال ورودی می‌خواهد اما ورودی {shape} نه در ابتدا و نه در انتها {expected} دارد"
BAD_ARG = "در {layer}، «{arg}» باید {want} باشد، نه «{value}»"
WANT_INT = "عدد صحیح مثبت"
WANT_INT0 = "عدد صحیح نامنفی"
WANT_INTS = "یک یا چند عدد صحیح مثبت (مثل 3 یا (3, 3))"
WANT_BOOL = "True یا False"
WANT_CHOICE = "یکی از {choices}"
WANT_RATE = "عددی از ۰ تا کمتر از ۱"
WANT_AXIS = "شماره‌ی محور (مثل -1) یا چند شماره"
WANT_PADS = "یک عدد، یک جفت، یا یک جفت برای هر محور (مثل ((1, 1), (2, 2)))"
WANT_SHAPE = "شکلی از اعداد صحیح (یکی می‌تواند -1 باشد)"
WANT_RNN = "یک لایه‌ی بازگشتی (LSTM، GRU یا SimpleRNN)"
MISSING_KEY = "{layer} به «{arg}» نیاز دارد"
TOO_MANY_ARGS = "{layer} حداکثر {count} آرگومان بی‌نام می‌گیرد"
DUPLICATE_ARG = "«{arg}» در {layer} دو بار داده شده است"
BAD_ACTIVATION = "تابع فعال‌سازی «{token}» را نمی‌شناسم. مجازها: {known}"
NONE_IN_SHAPE = ("شکل {shape} بُعد نامعلوم (None) دارد؛ اندازه را عددی بنویسید (پارامترها به طول دنباله بستگی "
                 "ندارند، ولی شکل‌ها و MACها دارند)")
UNSUPPORTED_OPTION = "{option} در {layer} را پشتیبانی نمی‌کنم: {why}"
WHY_RETURN_STATE = "خروجی چندتایی می‌دهد؛ بدون آن بنویسید (پارامترها همان است)"
WHY_MERGE_NONE = "دو خروجی جدا می‌دهد؛ merge_mode را concat، sum، mul یا ave بگذارید"
WHY_BACKWARD_LAYER = "لایه‌ی برگشتی با لایه‌ی رفت یکی نیست"
WHY_DEFAULT_ONLY = "فقط مقدار پیش‌فرض را می‌پذیرم"
WHY_SCORES_LENGTHS = ("طول query و key فرق دارد و Keras 3 در مدل تابعی شکل امتیازها را (Tq, Tq) می‌گوید اما در اجرا "
                      "(Tq, Tk) می‌دهد")
WHY_LAST_AXIS_ONLY = "فقط نرمال‌سازی روی محور آخر (یک عدد) را می‌شمارم"
WANT_DIVISOR = "عددی که {size} بر آن بخش‌پذیر باشد"
TORCH_RNN = ("«{token}» خروجی چندتایی (output, h) دارد و در نوشتار لایه‌به‌لایه نمی‌گنجد؛ "
             "کد کامل مدل (کلاس با forward) را بفرستید")
DATA_FORMAT_MISMATCH = "این لایه data_format='{fmt}' دارد اما ورودی مدل {layout} خوانده شده است؛ هر دو باید یکی باشند"
MERGE_NEEDS_INPUTS = "{layer} چند ورودی را با هم ترکیب می‌کند و فقط در مدل تابعی (مثل layers.add([a, b])) معنا دارد"
MERGE_COUNT = "{layer} {want} ورودی می‌خواهد اما {got} ورودی گرفته است"
MERGE_MISMATCH = "ورودی‌های {layer} هم‌شکل نیستند: {shapes}"
ATTENTION_INPUTS = "{layer} روی فهرست [query, value] یا [query, value, key] صدا زده می‌شود اما {got} ورودی گرفته است"
ATTENTION_MISMATCH = ("ورودی‌های {layer} با هم نمی‌خوانند: query {query}، value {value}، key {key} (query و key باید "
                      "ویژگی‌های هم‌اندازه داشته باشند و value و key طول یکسان)")
CONCAT_AXIS_MISMATCH = "ورودی‌های Concatenate جز در محور {axis} باید هم‌اندازه باشند: {shapes}"
BAD_AXIS = "محور {axis} در ورودی {shape} وجود ندارد (محور ۰ دسته‌ی نمونه‌هاست)"
RESHAPE_MISMATCH = "Reshape نمی‌تواند {shape} ({size} عدد) را به {target} تبدیل کند"
BAD_PERMUTE = "dims={dims} باید ترتیبی از همه‌ی محورهای ۱ تا {count} باشد"
CROP_TOO_MUCH = "برش {crop} از اندازه‌ی {size} بیشتر است و چیزی نمی‌ماند"
OUTPUT_PADDING = "output_padding={padding} باید کمتر از stride={stride} باشد"
PRELU_PARAMETERS = "num_parameters={count} باید ۱ یا برابر تعداد کانال‌ها ({channels}) باشد"

# --- limits (checked before anything is built) ---
TOO_MANY_LAYERS = "مدل بیش از {limit} لایه دارد؛ این‌قدر بزرگ را حساب نمی‌کنم"
TOO_MANY_CHANNELS = "{value} کانال/واحد بیش از سقف {limit} است"
TOO_LARGE_SPATIAL = "اندازه‌ی مکانی {value} بیش از سقف {limit} است"
TOO_LARGE_KERNEL = "کرنل {value} بیش از سقف {limit} است"
TOO_MANY_PARAMS = "این لایه {value} پارامتر می‌سازد که بیش از سقف {limit} است"
TOO_LARGE_STEP = "گام (stride) یا dilation برابر {value} بیش از سقف {limit} است"
TOO_MUCH_WORK = "این اجرا {value} است که از سقف {limit} برای اجرای واقعی بیشتر است؛ ورودی یا batch را کوچک‌تر کنید"
TIMEOUT = "اجرای واقعی بیش از {seconds} ثانیه طول کشید و متوقف شد"
UNKNOWN_MODEL_LIST = "فهرست همه‌ی مدل‌ها: /model بدون نام در ربات، یا daneshyar calc model --list"
UNKNOWN_MODEL = "مدلی به نام «{name}» در مجموعه نیست. " + UNKNOWN_MODEL_LIST
UNKNOWN_MODEL_SUGGEST = ("مدلی به نام «{name}» در مجموعه نیست؛ شاید منظورتان {suggestions} باشد. "
                         + UNKNOWN_MODEL_LIST)
UNKNOWN_MODEL_AMBIGUOUS = "«{name}» چند مدل است؛ کدام را می‌خواهید؟ {candidates}"
UNKNOWN_MODEL_OR = " یا "
UNKNOWN_MODEL_TORCHVISION = ("«{title}» را خود torchvision می‌سازد، که نصب نیست یا بارگذاری نشد؛ "
                             "با pip install torchvision نصبش کنید")
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
BOTTLENECK_EXPANDED_TITLE = ("کانولوشن {k}x{k} از {shape} به {f} کانال: مستقیم، در برابر بلوک گلوگاه ResNet "
                             "(1x1 به {b}، {k}x{k}، 1x1 دوباره به {f})")
BOTTLENECK_DIRECT = "مستقیم: {k}×{k}×{c}×{f} = {w:,} وزن{b} = {p:,} پارامتر"
BOTTLENECK_BIAS = " + {n} بایاس"
BOTTLENECK_EXPANDED = ("با گلوگاه: 1×1×{c}×{b} = {w1:,} + {k}×{k}×{b}×{b} = {w2:,} + 1×1×{b}×{f} = {w3:,} وزن"
                       "{biases} = {p:,} پارامتر")
BOTTLENECK_EXPANDED_BIASES = " + {b} + {b} + {f} بایاس"
BOTTLENECK_EXPANDED_MACS = "  ضرب‌ها: {hw}×({w1:,} + {w2:,} + {w3:,}) = {macs:,} MAC"
BOTTLENECK_DIRECT_MACS = "  ضرب‌ها: {hw} موقعیت × {w:,} = {macs:,} MAC"
BOTTLENECK_REDUCED = ("با گلوگاه: 1×1×{c}×{b} = {w1:,} وزن (+{b}) و {k}×{k}×{b}×{f} = {w2:,} وزن (+{f}) "
                      "= {p:,} پارامتر")
BOTTLENECK_REDUCED_MACS = "  ضرب‌ها: {hw}×{w1:,} + {hw}×{w2:,} = {m1:,} + {m2:,} = {macs:,} MAC"
LAMBDA_SLICES_BATCH = "این Lambda بُعد batch را برش می‌زند یا حذف می‌کند؛ شکل خروجی‌اش را نمی‌توانم بدانم"
LAMBDA_SLICE_OUT_OF_RANGE = "برش این Lambda با ورودی {shape} جور نیست ({detail})"
LAMBDA_SLICE_EMPTY = "برش این Lambda از ورودی {shape} بُعدی با اندازه‌ی صفر می‌سازد"
# «نسبت: GAP 48.91 برابر پارامتر کمتر و 49.00 برابر MAC کمتر از Flatten دارد.» — a sentence with its subject and verb
RATIO = "نسبت: {small} {params} و {macs} از {large} دارد."
RATIO_PART = "{ratio:.2f} برابر {what} {direction}"
RATIO_SIDES = {"bottleneck": ("نسخه‌ی با گلوگاه 1x1", "کانولوشن مستقیم"), "pooling": ("GAP", "Flatten"),
               "stacked": ("{n} لایه‌ی 3x3", "یک لایه‌ی {k}x{k}"), "separable": ("depthwise separable", "کانولوشن معمولی")}
POOLING_TITLE = "سر طبقه‌بند روی نقشه ویژگی {shape}: Flatten در برابر GlobalAveragePooling"
POOLING_FLATTEN = "Flatten: {dims} = {n:,} ویژگی → Dense({u}): {n:,}×{u} + {u} = {p:,} پارامتر"
POOLING_GAP = "GlobalAveragePooling: {c} ویژگی → Dense({u}): {c}×{u} + {u} = {p:,} پارامتر"
POOLING_REST = "لایه‌های بعدی سر در هر دو یکسان است: {p:,} پارامتر"
POOLING_TOTAL = "کل سر: Flatten {flat:,} و GAP {gap:,} پارامتر"
STACKED_TITLE = "{n} کانولوشن 3x3 پشت سر هم در برابر یک کانولوشن {k}x{k} (میدان دید یکسان {k}x{k}) روی {shape}"
STACKED_SMALL = "{n} لایه‌ی 3x3: {formula} = {p:,} پارامتر و {macs:,} MAC، با {n} غیرخطی"
STACKED_LARGE = "یک لایه‌ی {k}x{k}: {k}×{k}×{c}×{f}{b} = {p:,} پارامتر و {macs:,} MAC، با یک غیرخطی"
SEPARABLE_TITLE = "کانولوشن {k}x{k} با {f} فیلتر روی {shape}: معمولی، در برابر depthwise separable"
SEPARABLE_STANDARD = ("معمولی: {k}×{k}×{c}×{f}{b} = {p:,} پارامتر؛ ضرب‌ها: {hw} موقعیت × {w:,} = {macs:,} MAC")
SEPARABLE_SPLIT = ("depthwise separable: depthwise {k}×{k}×{c} = {w1:,} (بی‌بایاس، هر کانال فیلتر خودش) + pointwise "
                   "1×1×{c}×{f} = {w2:,}{b} = {p:,} پارامتر؛ ضرب‌ها: {m1:,} + {m2:,} = {macs:,} MAC")
STACKED_KERNEL = "اندازه کرنل برای این مقایسه باید فرد و دست‌کم ۵ باشد، نه {k}"
MEASURED = ("اجرای واقعی روی {device} با batch={batch}: {lines} → {speedup:.2f} برابر سریع‌تر "
            "(پیش‌بینی از روی MACها: {theory:.2f} برابر)")
MEASURED_LINE = "{label} {ms:.3f} ms (چارک‌ها {low:.3f} تا {high:.3f})"
BAD_SIZE = "«{token}» اندازه‌ی معتبری نیست؛ مثلاً 28x28x192 بنویسید"

# --- reading pasted code (cnn_demos.reader) and counting real modules (cnn_demos.modules) ---
FORWARD_FAILED = "اجرای نمادین مدل در «{where}» شکست خورد: {detail}"
LAMBDA_SHAPE_UNKNOWN = ("لایه‌ی Lambda شکل خروجی‌اش را نمی‌گوید و تابعش ({token}) شکل را عوض می‌کند یا دنبالش نمی‌کنم؛ "
                        "فرض اینکه همان شکل ورودی بماند ممکن است عدد لایه‌های بعد را غلط کند. output_shape=... را بنویسید")
CODE_OTHER_MODELS = ("این عدد مدل «{name}» است (آخرین مدلی که کد می‌سازد)؛ {others} هم در کد هست: اگر آن را می‌خواهی، "
                     "اسمش را در پرسش بیاور.")
CODE_SKIPPED = "خط {lines} پایتون درستی نبود و به مدل ربطی نداشت؛ از آن گذشتم"
CODE_SYNTAX = "این کد پایتون درستی نیست (نزدیک «{token}»)؛ کد را کامل و با همان تورفتگی‌ها بفرستید"
CODE_UNSUPPORTED = "«{token}» را نمی‌توانم دنبال کنم"
CODE_UNKNOWN_VALUE = "مقدار «{token}» را نمی‌دانم (از جایی می‌آید که دنبالش نمی‌کنم)؛ خود عدد را بنویسید"
CODE_UNDEFINED_CLASS = ("«{token}» در این کد تعریف نشده است (نه لایه‌ای از Keras یا PyTorch است و نه کلاسی در همین کد)، "
                        "پس لایه‌ها و وزن‌هایش را نمی‌دانم؛ تعریف کلاسش را هم بفرستید")
CODE_UNDEFINED_UNUSED = ("«{token}» (خط {line}) در این کد تعریف نشده است، ولی مدل جز در __init__ به «self.{name}» کاری ندارد؛ "
                         "پس بی آن شمردم و اگر وزنی داشته باشد، در این شمارش نیست")
CODE_UNKNOWN_TORCH_LAYER = "لایه‌ی «{token}» در PyTorch نیست{suggestion}؛ نامش را درست کنید"
CODE_DID_YOU_MEAN = " (شاید منظورتان {name} است)"
CODE_UNKNOWN_ATTRIBUTE = "«{token}» را نمی‌شناسم"
CODE_FORBIDDEN = "«{token}» مجاز نیست: فقط تعریف لایه‌ها و مدل را می‌خوانم و هیچ کدی اجرا نمی‌کنم"
CODE_TOO_LONG = "این کد بیش از حد طولانی اجرا می‌شود (نزدیک خط {line})؛ فقط تعریف مدل را بفرستید"
CODE_TOO_BIG = "عدد یا فهرست «{token}» بیش از حد بزرگ است"
CODE_LOOP_TOO_LONG = "این حلقه {count} بار تکرار می‌شود؛ بیش از {limit} بار را دنبال نمی‌کنم"
CODE_TOO_DEEP = "تابع‌ها بیش از {limit} سطح همدیگر را صدا می‌زنند (شاید بازگشتی بی‌پایان)؛ دنبال نمی‌کنم"
CODE_DEFAULTS_ONLY = ("⚠️ «{name}» با مقدارهای پیش‌فرض سازنده‌اش ساخته و شمرده شد، ولی کد در خط {line} آن را با "
                      "آرگومان‌های دیگری می‌سازد که دنبالشان نکردم؛ اگر آن مدل را می‌خواهی، یک خط مثل "
                      "model = {name}(...) با همان عددها اضافه کن")
CODE_WHILE = "شرط این حلقه‌ی while به داده‌ها بستگی دارد و دنبالش نمی‌کنم؛ اگر مدل را می‌سازد، با for و range بنویسید"
CODE_NOT_ITERABLE = "روی «{token}» نمی‌توانم حلقه بزنم"
CODE_NOT_CALLABLE = "«{token}» لایه یا تابعی نیست که بشناسم"
VALUE_FROM_QUESTION = "«{name}» در کد از داده می‌آید؛ {value} از پرسش شما گرفته شد."
CODE_BAD_VALUE = "محاسبه ممکن نیست: {detail}"
CODE_TENSOR_ERROR = "شکل تنسورها با هم جور نیست: {detail}"
CODE_BAD_LAYER = "لایه‌ی {token} را با این آرگومان‌ها نمی‌توان ساخت: {detail}"
CODE_MISSING_ARGUMENT = "آرگومان «{name}» برای «{function}» داده نشده است"
CODE_CLASS_BASE = "کلاس «{token}» نه از nn.Module ارث می‌برد نه از keras.Model"
CODE_CLASS_NEEDS_ARGS = "کلاس {name} آرگومان لازم دارد؛ یک خط مثل net = {name}(...) با آرگومان‌ها اضافه کنید"
CODE_NO_FORWARD = "کلاس «{token}» متد forward ندارد"
CODE_NOT_A_LAYER = "«{token}» لایه نیست"
CODE_NOT_A_TENSOR = "«{token}» خروجی یک لایه (تنسور) نیست"
CODE_MIXED = "این کد هم Keras دارد هم PyTorch؛ هر بار یکی از آن‌ها را بفرستید"
CODE_CALL_HELPER = "فقط تابع {name} تعریف شده؛ یک خط مثل net = {name}(...) اضافه کنید تا مدل ساخته شود"
CODE_NO_MODEL = "در این کد مدلی پیدا نکردم (Sequential، keras.Model یا کلاسی از nn.Module)"


def line(number: int) -> str:
    return f"خط {fa(number)}"
INPUT_INFERRED = ("شکل ورودی نوشته نشده بود؛ از اندازه‌های رایج فقط {shape} با لایه‌های این کد (مثل اولین Linear) "
                  "جور درمی‌آید و همان در نظر گرفته شد. اگر ورودی شما چیز دیگری است، یک خط input بنویسید")
INPUT_FROM_SUMMARY = "شکل ورودی از خط summary(...) کد خوانده شد: {shape}"
INPUT_DOES_NOT_FIT = ("تنسور نمونه‌ی کد ({shape}) به این مدل نمی‌خورد؛ ایراد از آن تنسور است نه از مدل: پارامترها "
                      "شمرده شد و برای شکل خروجی‌ها ورودی درست را با یک خط input بنویسید")
INPUT_FROM_LINEAR = "شکل ورودی نوشته نشده بود؛ اولین لایه Linear ورودی {shape} ویژگی می‌خواهد و همان در نظر گرفته شد"
NO_INPUT_SHAPES = ("پارامترها از روی سازنده‌ی لایه‌ها شمرده شد. برای شکل خروجی لایه‌ها و MACها شکل ورودی لازم است؛ "
                   "یک خط مثل input 3x32x32 (کانال اول) به ابتدای کد اضافه کنید")
PRINTED_CUSTOM = ("⚠️ {names} ماژول خود شماست و print(model) پارامترهایی را که مستقیم در آن ساخته شده (nn.Parameter) "
                  "نشان نمی‌دهد؛ اگر دارد، در این عدد نیامده است. برای عدد دقیق خود کد مدل را بفرستید.")
PRINTED_TIED = ("⚠️ اگر وزن «{linear}» همان وزن «{embedding}» باشد (weight tying، مثل GPT-2 که "
                "lm_head.weight = wte.weight)، print(model) آن را دو بار نشان می‌دهد و تعداد واقعی {total} است.")
PRINTED_NO_SHAPES = ("این خروجی print(net) است و forward مدل در آن نیست؛ پارامترها دقیق‌اند، ولی برای شکل‌ها و MACها "
                     "خود کد مدل را بفرستید")
PRINTED_NO_FORWARD = "این خروجی print(net) است و forward مدل در آن نیست؛ برای شکل‌ها و MACها خود کد مدل را بفرستید"
GRAPH_DISCONNECTED = "این لایه به ورودی مدل وصل نیست"
LAZY_NEEDS_INPUT = ("این مدل لایه‌ی Lazy دارد که اندازه‌اش از ورودی معلوم می‌شود؛ یک خط مثل input 1x28x28 "
                    "(کانال اول) به ابتدای کد اضافه کنید")
MULTI_INPUT_FORWARD = ("forward این مدل چند ورودی می‌گیرد؛ پارامترها از روی سازنده‌ی لایه‌ها شمرده شد، "
                       "ولی شکل‌ها و MACها را برای چند ورودی حساب نمی‌کنم")
NOMINAL_IMAGE = ("اندازه‌ی تصویر ورودیِ {name} در کد نیامده (Keras آن را باز می‌گذارد: None×None×3)؛ پارامترها به آن "
                 "بستگی ندارند و شکل‌ها و MACها با اندازه‌ی معمول آن، {size}×{size}، حساب شد")
IMAGE_DECIDES_PARAMS = ("اندازه‌ی تصویر ورودیِ {name} در کد نیامده و تعداد پارامترها به آن بستگی دارد (مثلاً Flatten پیش از "
                        "Dense)؛ Keras هم بدون آن مدل را نمی‌سازد. اندازه را بنویسید، مثلاً input_shape=(224, 224, 3)")
LENGTH_DECIDES_PARAMS = ("طول دنباله در کد نیامده و تعداد پارامترها به آن بستگی دارد (مثلاً Flatten بعد از Embedding "
                         "پیش از Dense)؛ طول را بنویسید، مثلاً input_length=100 یا یک خط input 100 در ابتدای کد")
POSITIONS_AS_INPUT = ("جای‌گاه‌ها (positions) با keras.ops ساخته شده‌اند؛ Embedding جای‌گاه‌ها روی همان طول ورودی حساب شد "
                      "(پارامترهای Embedding به ورودی‌اش بستگی ندارند)")
TRAINABLE_UNFOLLOWED = ("خط {line} تعیین می‌کند کدام وزن‌ها آموزش می‌بینند ولی آن را دنبال نکردم؛ جمع پارامترها درست است "
                        "اما تقسیم آموزش‌پذیر/غیرآموزش‌پذیر ممکن است با چارچوب فرق کند")
NOMINAL_LENGTH = "طول دنباله در کد نامعلوم (None) است؛ شکل‌ها و MACها با طول {length} حساب شد (پارامترها به طول بستگی ندارند)"
CODE_UNKNOWN_FROM = ("مقدار «{token}» را نمی‌دانم: در خط {origin} از چیزی می‌آید که دنبالش نمی‌کنم (مثل داده یا "
                     "کتابخانه‌ی دیگر)؛ خود عدد را بنویسید")
INPUT_FROM_DATA = "{key} در کد از داده‌ها می‌آید و معلوم نیست؛ شکل ورودی را با یک خط input (مثلاً input 32x32x3) بنویسید"
CODE_APPLICATIONS = ("مدل آماده‌ی «{token}» را از روی کد نمی‌سازم؛ برای مدل‌های معروف از /model استفاده کنید "
                     "(مثلاً /model mobilenet v2) یا لایه‌های خودتان را بفرستید")
CODE_NO_SUCH_LAYER = ("مدل {model} لایه‌ای به نام «{name}» ندارد{suggestion}؛ نام لایه را همان‌طور که "
                      "model.summary() در Keras نشان می‌دهد بنویسید")
CODE_APPLICATION_LAYERS = ("خروجی لایه‌های درونی {model} را هنوز دنبال نمی‌کنم (فقط MobileNet، MobileNetV2، ResNet، "
                           "VGG و EfficientNet)؛ "
                           "مدل کامل را بشمارید یا لایه‌هایش را خودتان بنویسید")
CODE_LAYER_NOT_OURS = ("لایه‌ی «{name}» از {model} در ساخت ما لایه‌ی جدایی نیست ({why})؛ "
                       "خروجی لایه‌ی قبل یا بعد از آن را بخواهید")
CODE_NOT_OURS_PADDING = "پدینگ آن در کانولوشن بعدی است"
CODE_NOT_OURS_WEIGHTLESS = "وزنی ندارد و ساخت ما آن را جدا نگه نمی‌دارد"
CODE_INTERNAL = ("این کد را نتوانستم بشمارم (بخشی از آن را درست دنبال نکردم)؛ تعریف مدل را به شکل ساده‌تری "
                 "بفرستید، مثلاً فقط Sequential یا کلاس مدل")

# --- the calculation commands (cnn_demos.commands): one table for the bot, its console and the CLI ---
CALC_SUMMARY = {
    "params": "پارامترها، شکل‌ها و MACهای یک مدل (کد Keras/PyTorch هم)",
    "layer": "پارامترهای یک لایه، با فرمول",
    "model": "مدل‌های معروف CNN (مثلاً resnet 18)",
    "shape": "قاعده‌ی اندازه‌ی خروجی لایه",
    "bottleneck": "مقایسه‌ی کانولوشن 1x1 گلوگاهی",
    "pooling": "Flatten در برابر Global Pooling",
    "stacked": "چند 3x3 در برابر یک کرنل بزرگ",
    "separable": "کانولوشن depthwise separable در برابر معمولی",
    "receptive": "میدان دید (receptive field) چند لایه‌ی پشت سر هم",
}
CALC_USAGE = {
    "params": ("مدل را بنویس یا کد Keras/PyTorch (یا خروجی print(model)) را بچسبان؛ مثلاً "
               "params input 28x28x1 | conv 8 3x3 | flatten | dense 10 — اگر کد شکل ورودی را معلوم نمی‌کند، "
               "یک خط مثل input 3x32x32 هم اضافه کن"),
    "layer": ("یک لایه با تعداد کانال ورودی‌اش؛ مثلاً layer conv 32 5x5 in=1 یا layer dense 10 in=84 "
              "یا layer lstm 128 in=64 (gru/rnn هم؛ keras یا pytorch؛ layers=2 برای دو لایه‌ی روی هم؛ bidirectional برای دوطرفه) یا layer bn 64 یا layer embedding 20000 128 (واژگان، بعد) "
              "(اختیاری برای کانولوشن: size=28x28، stride=2 یا s=2 برای گام، padding=1 یا p=1 یا same برای پدینگ، dilation=2 یا d=2، groups=4 یا g=4 برای کانولوشن گروهی "
              "— گام ۱، پدینگ ۰ و dilation ۱ پیش‌فرض‌اند و با size در جواب گفته می‌شوند — و nobias)"),
    "model": ("نام مدل را بنویس؛ مثلاً model resnet 18 (بدون نام: فهرست مدل‌ها)؛ برای مقایسه‌ی دو مدل: "
              "model resnet50 vs mobilenet_v2"),
    "shape": ("مثلاً shape 28 5 1 2 (ورودی، کرنل، گام، پدینگ، و اختیاری dilation) یا با نام: "
              "shape size=28 kernel=5 stride=1 padding=2 dilation=1 (کوتاه: k= s= p= d=)؛ "
              "اگر گام، پدینگ یا dilation را ننویسی ۱، ۰ و ۱ در نظر می‌گیرم و در جواب می‌گویم؛ "
              "یا یک مدل: shape input 32x32x3 | conv 16 5x5 s2"),
    "bottleneck": ("مثلاً bottleneck 28x28x192 5 32 16 (ورودی HxWxC، اندازه کرنل، تعداد فیلتر، کانال‌های کاهش؛ "
                   "expand برای بلوک ResNet که با 1x1 دوم به تعداد فیلترها برمی‌گردد، nobias برای بی‌بایاس) "
                   "یا با نام: bottleneck input=28x28x192 kernel=5 filters=32 reduce=16 (کوتاه: k= f= r=)"),
    "pooling": ("مثلاً pooling 53x53x64 64,32,10 (نقشه ویژگی HxWxC، واحدهای سر طبقه‌بند) "
                "یا با نام: pooling input=53x53x64 units=64,32,10"),
    "separable": ("مثلاً separable 112x112x32 3 64 (ورودی HxWxC، کرنل، تعداد فیلتر؛ nobias برای بی‌بایاس) "
                  "یا با نام: separable input=112x112x32 kernel=3 filters=64 (کوتاه: k= f=)"),
    "receptive": ("لایه‌ها را به ترتیب بنویس؛ مثلاً receptive conv 3x3 | conv 3x3 s2 | maxpool 2 | conv 3x3 d2 "
                  "(s برای گام، d برای dilation؛ پدینگ و تعداد فیلترها در میدان دید اثری ندارند)"),
    "stacked": ("مثلاً stacked 56x56x64 7 (ورودی HxWxC، کرنل بزرگ؛ اختیاری: تعداد فیلتر اگر با کانال‌های ورودی فرق "
                "دارد، nobias برای بی‌بایاس) یا با نام: stacked input=56x56x64 kernel=7 filters=128 (کوتاه: k= f=)"),
}
# --- the commands' arguments: their names in messages, and what is wrong with one (cnn_demos.arguments) ---
ARG_LABELS = {
    "size": "اندازه‌ی ورودی", "input": "ورودی (HxWxC)", "kernel": "اندازه‌ی کرنل", "stride": "گام (stride)",
    "padding": "پدینگ (padding)", "dilation": "dilation", "filters": "تعداد فیلترها",
    "reduce": "کانال‌های کاهش (فیلترهای 1x1)", "units": "واحدهای سر طبقه‌بند", "in": "کانال‌های ورودی (in)",
    "out": "تعداد فیلترها یا واحدها", "vocab": "اندازه‌ی واژگان", "dim": "بعد بردار تعبیه",
    "layers": "تعداد لایه‌های روی هم (layers)", "groups": "تعداد گروه‌ها (groups)",
}
WANT_PADDING = "عدد صحیح نامنفی یا same یا valid"
WANT_SIZE = "اندازه‌ای از اعداد صحیح مثبت (مثل 28 یا 32x32)"
WANT_MAP = "شکلی سه‌بعدی از اعداد صحیح مثبت (ارتفاع×عرض×کانال، مثل 28x28x192)"
WANT_UNITS = "یک یا چند عدد صحیح مثبت با ویرگول (مثل 64,32,10)"
AND = " و "
CALC_MISSING = "{names} را ننوشتی. {usage}"
CALC_BAD_VALUE = "{label} باید {want} باشد، نه «{value}». {usage}"
CALC_NO_CHANNELS = ("«{value}» فقط اندازه‌ی مکانی است؛ {label} تعداد کانال‌ها را هم لازم دارد "
                    "(مثلاً {value}x64). {usage}")
CALC_EXTRA = "«{value}» اضافه است و نمی‌دانم کدام مقدار است. {usage}"
CALC_UNKNOWN_NAME = "«{name}=» را نمی‌شناسم؛ نام‌های این دستور: {known}. {usage}"
CALC_TWICE = "{label} دو بار داده شده است. {usage}"
CALC_ASSUMED = "ننوشته بودی و پیش‌فرض در نظر گرفته شد: {values}"
CALC_ASSUMED_VALUE = "{label} = {value}"
LAYER_DIMS = "کرنل {kernel} با لایه‌ی {dims} بعدی (یا اندازه‌ی ورودی‌اش) جور نیست. {usage}"
LAYER_USAGE = CALC_USAGE["layer"]
CONVENTION_NAMES = {"keras": "به روش Keras", "pytorch": "به روش PyTorch"}
HEADLINE_PARAMS = "این مدل {total} پارامتر دارد ({convention})."
HEADLINE_LAYER_PARAMS = "این لایه {total} پارامتر دارد ({convention})."
HEADLINE_MODEL = "{title}: {total} پارامتر (حدود {millions} میلیون)، {macs} MAC و {flops} FLOPs برای یک تصویر."
MODELS_TITLE = "{first} در برابر {second}: تعداد پارامترها و MACها برای یک تصویر"
MODELS_LINE = "{title}: {total} پارامتر، {macs} MAC ({source})"
MODELS_KIND = "دو مدل"
HEADLINE_LAYER = "این لایه {total} پارامتر دارد."
HEADLINE_SHAPE = "اندازه‌ی خروجی: {shape}"
MACS_PER_BATCH = "برای یک بچ {batch} تایی: {macs:,} MAC ({flops:,} FLOPs)، {batch} برابرِ {each:,} MAC یک نمونه."
FULL_OUTPUT = "با {channels} کانال، شکل کامل خروجی: {shape}"
# A comparison answers with both sides, the difference and the ratio, in one sentence with one subject and verb.
# («چند درصد کمتر؟»: the share of the first's, too)
HEADLINE_COMPARISON = ("{second} با {p2} پارامتر و {m2} MAC، {dp} پارامتر {pdir} ({pp}٪، {rp} برابر{reverse}) و {dm} "
                       "MAC {mdir} ({pm}٪، {rm} برابر) از {first} با {p1} پارامتر و {m1} MAC دارد.")
# the other way round, when the second has more: «ResNet-18 نسبت به VGG-16 چند درصد کمتر؟» asks this share
REVERSE_SHARE = "؛ یعنی {first} {share}٪ کمتر"
FEWER = "کمتر"
MORE = "بیشتر"
NAME_DIRECT = "کانولوشن مستقیم {k}x{k}"
NAME_REDUCED = "نسخه‌ی گلوگاهی (1x1 تا {b} کانال، بعد {k}x{k})"
NAME_EXPANDED = "بلوک گلوگاه (1x1 تا {b} کانال، {k}x{k}، 1x1 تا {f})"
NAME_FLATTEN = "سر با Flatten"
NAME_GAP = "سر با GlobalAveragePooling"
NAME_STANDARD = "کانولوشن معمولی {k}x{k}"
NAME_SEPARABLE = "کانولوشن depthwise separable"
NAME_ONE = "یک کانولوشن {k}x{k}"
NAME_STACK = "{n} کانولوشن 3x3 پشت سر هم"
LAYER_WORKING = {
    "conv": "فرمول: (ابعاد کرنل × کانال‌های ورودی) × تعداد فیلترها + بایاس‌ها = {formula}",
    "dense": "فرمول: ورودی‌ها × خروجی‌ها + بایاس‌ها = {formula}",
}
LAYER_OUTPUT = "شکل خروجی: {shape}"
# --- counts explained term by term (cnn_demos.explained): recurrent layers and BatchNorm ---
FRAMEWORK_NAMES = {"keras": "Keras", "pytorch": "PyTorch"}
BIDIRECTIONAL_CELL = "{cell} دوطرفه"
HEADLINE_RECURRENT = "این لایه‌ی {cell} {total} پارامتر دارد (به روش {framework})."
RNN_FORMULA = "فرمول: گیت‌ها × (ورودی×واحدها + واحدها×واحدها + بایاس‌ها) = {g}×({m}×{n} + {n}×{n} + {b}×{n}) = {total:,}"
RNN_GATES = {
    "lstm": "LSTM چهار گیت دارد (ورودی، فراموشی، کاندید حافظه و خروجی) و هر گیت وزن‌ها و بایاس خودش را دارد.",
    "gru": "GRU سه گیت دارد (به‌روزرسانی، بازنشانی و کاندید حالت) و هر گیت وزن‌ها و بایاس خودش را دارد.",
    "rnn": "RNN ساده فقط یک تبدیل (یک «گیت») دارد: حالت جدید = tanh(ورودی×W + حالت قبلی×U + b).",
}
RNN_TERMS = ("هر گیت: {m}×{n} وزن برای ورودی ({m} ویژگی به {n} واحد)، {n}×{n} وزن بازگشتی (حالت قبلی به "
             "{n} واحد) و {b}×{n} بایاس.")
RNN_BIASES = {
    ("lstm", "keras"): "Keras برای هر گیت یک بردار بایاس دارد.",
    ("rnn", "keras"): "Keras یک بردار بایاس دارد.",
    ("gru", "keras"): ("GRU در Keras با reset_after=True (پیش‌فرض TF2) برای هر گیت دو بردار بایاس دارد: یکی برای "
                       "ورودی و یکی برای حالت بازگشتی (با reset_after=False یکی)."),
    ("lstm", "pytorch"): "PyTorch برای هر گیت دو بردار بایاس دارد (b_ih و b_hh)، هر کدام به اندازه‌ی واحدها.",
    ("gru", "pytorch"): "PyTorch برای هر گیت دو بردار بایاس دارد (b_ih و b_hh)، مثل reset_after در Keras.",
    ("rnn", "pytorch"): "PyTorch دو بردار بایاس دارد (b_ih و b_hh).",
}
RNN_STACKED = ("{layers} لایه روی هم: لایه‌ی اول {first:,}؛ ورودی هر لایه‌ی بعدی خروجی {n} تایی لایه‌ی قبل است، پس هر کدام "
               "{g}×({n}×{n} + {n}×{n} + {b}×{n}) = {each:,} و {rest} تا از آن‌ها {rest_total:,}؛ جمع {total:,}.")
RNN_BIDIRECTIONAL = ("دوطرفه: یکی رو به جلو و یکی رو به عقب، هر کدام با وزن‌های خودش، پس دو برابر: "
                     "2×{first:,} = {total:,}.")
RNN_BIDIRECTIONAL_STACKED = ("دوطرفه: یکی رو به جلو و یکی رو به عقب، هر کدام با وزن‌های خودش؛ لایه‌ی اول 2×{first:,}. "
                             "ورودی هر لایه‌ی بعدی خروجی هر دو جهت لایه‌ی قبل است ({wide} تایی)، پس هر جهتش "
                             "{g}×({wide}×{n} + {n}×{n} + {b}×{n}) = {each:,}؛ {layers} لایه روی هم، جمع {total:,}.")
RNN_OTHER = "همین لایه در {other} {total:,} پارامتر دارد (تفاوت فقط در تعداد بردارهای بایاس است)."
RNN_SAME = "در {other} هم همین {total:,} پارامتر است (آن‌جا هم دو بردار بایاس برای هر گیت)."
HEADLINE_EMBEDDING = "این لایه‌ی Embedding {total} پارامتر دارد."
EMBEDDING_TERMS = ("برای هر یک از {v:,} واژه (یا توکن) یک بردار {d} بعدی که آموزش می‌بیند: {v:,} × {d} = {total:,}؛ "
                   "بایاس ندارد و چیزی ضرب نمی‌کند، فقط سطر هر توکن را برمی‌دارد.")
EMBEDDING_SAME = "Keras (Embedding(input_dim={v}, output_dim={d})) و PyTorch (nn.Embedding({v}, {d})) همین را می‌شمارند."
ASK_EMBEDDING = ("برای شمردن پارامترهای لایه‌ی Embedding اندازه‌ی واژگان و بعد بردار هر واژه لازم است؛ "
                 "مثلاً layer embedding 20000 128")
HEADLINE_BATCHNORM = "این لایه‌ی BatchNorm در Keras {total} پارامتر دارد که {trainable} تای آن قابل‌آموزش است."
BN_TERMS = ("برای هر یک از {c} کانال چهار عدد: γ (مقیاس) و β (جابه‌جایی) که آموزش می‌بینند = {trainable:,}، و میانگین "
            "و واریانس متحرک (moving mean/variance) که آمار داده‌اند و با گرادیان آموزش نمی‌بینند؛ جمعاً {total:,}.")
BN_OTHER = "PyTorch فقط γ و β را پارامتر می‌شمارد ({trainable:,})؛ میانگین و واریانس آن‌جا بافر (running_mean/var) هستند."
HEADLINE_LAYER_MACS = "این لایه {macs} MAC ({flops} FLOPs) دارد و {total} پارامتر."
LAYER_MACS = ("MACها: هر مقدار خروجی یک ضرب‌وجمع به ازای هر وزن کرنلش دارد: ({positions} موقعیت × {out} فیلتر) × "
              "({kernel}×{inputs}) = {macs:,} MAC، و FLOPs = 2 × MAC = {flops:,}")
LAYER_MACS_DENSE = "MACها: {inputs}×{out} = {macs:,} MAC، و FLOPs = 2 × MAC = {flops:,}"
MACS_NEED_SIZE = "برای شمردن MACها اندازه‌ی ورودی لازم است (مثلاً size=56x56)؛ تعداد ضرب‌ها به تعداد موقعیت‌های خروجی بستگی دارد."
ASK_INPUT_CHANNELS = ("برای شمردن پارامترهای کانولوشن تعداد کانال‌های ورودی لازم است (مثلاً تصویر رنگی ۳ کانال دارد)؛ "
                      "ورودی چند کاناله است؟")
LAYER_UNKNOWN_KIND = "لایه‌ی «{kind}» را نمی‌شناسم؛ لایه‌های این دستور: {known}. {usage}"
ASK_INPUT_FEATURES = "برای شمردن پارامترهای لایه‌ی Dense اندازه‌ی ورودی‌اش لازم است؛ ورودی چند تایی است؟"
ASK_RECURRENT_INPUT = ("برای شمردن پارامترهای لایه‌ی {cell} اندازه‌ی ورودی هر گام زمانی لازم است؛ هر گام چند ویژگی "
                       "(چند بعد) دارد؟")

# --- comparisons: labels, captions, notes ---
# Chart text is all Persian (Persian digits too): Latin runs inside Persian labels reorder unreadably.
COMPARISON_NAMES = {"1x1 bottleneck": "گلوگاه یک‌در‌یک", "Flatten vs GAP": "مسطح‌سازی در برابر میانگین سراسری",
                    "stacked 3x3 vs one large kernel": "چند کرنل سه‌در‌سه در برابر یک کرنل بزرگ",
                    "depthwise separable": "کانولوشن جداپذیر عمقی در برابر معمولی"}
LABEL_DIRECT = "مستقیم"
LABEL_REDUCED = "کاهش به {b} کانال، بعد کرنل"
LABEL_ONE = "یک کرنل بزرگ"
LABEL_STACK = "{n} کرنل سه‌در‌سه"
CHART_PARAMS = "پارامترها"
CHART_MACS = "ضرب‌وجمع‌ها"
CHART_TIME = "زمان (میلی‌ثانیه)"
CHART_RATIO = " — {ratio} برابر"
CAPTION = "نمودار {kind}: پارامترها و MACها{measured}؛ عدد بالای هر ستون همان عدد متن است."
CAPTION_MEASURED = " و زمان اجرای واقعی روی {device} (میانه، با بازه‌ی چارک اول تا سوم)"
NOT_A_REDUCTION = ("توجه: {b} کانال از {c} کانال ورودی کمتر نیست، پس این کاهش نیست؛ لایه‌ی 1x1 فقط هزینه اضافه می‌کند "
                   "و نسبت‌ها کمتر از ۱ می‌شوند")
RUN_REFUSED = "اجرای واقعی انجام نشد ({reason})؛ مقایسه‌ی نظری بالا معتبر است"
LABEL_STANDARD = "معمولی"
LABEL_SEPARABLE = "جداپذیر عمقی"
LABEL_FLATTEN = "مسطح‌سازی"
LABEL_GAP = "میانگین سراسری"
ASK_BOTTLENECK_INPUT = "شکل ورودی را هم بگو (مثلاً ۲۸×۲۸×۱۹۲) تا دو حالت را مقایسه کنم."
ASK_BOTTLENECK_FILTERS = ("تعداد فیلترهای لایه‌ی ۱×۱ (کانال‌های کاهش) و لایه‌ی اصلی را هم بگو؛ مثلاً «۱×۱ با ۱۶ فیلتر، "
                          "بعد ۵×۵ با ۳۲ فیلتر».")
ASK_FEATURE_MAP = "شکل نقشه‌ی ویژگی پیش از Flatten یا Global Pooling را بگو (مثلاً ۷×۷×۵۱۲) تا مقایسه کنم."
ASK_POOLING_UNITS = ("لایه‌ی Dense بعد از Flatten یا Global Pooling چند واحد دارد (مثلاً ۱۰ کلاس)؟ "
                     "تعداد واحدها را هم بگو تا مقایسه کنم.")
NOMINAL_SIZE = ("اندازه‌ی مکانی ورودی را نگفته بودی؛ MACها برای {side}×{side} حساب شد. پارامترها به آن بستگی ندارند، "
                "ولی MACها با تعداد موقعیت‌ها بزرگ و کوچک می‌شوند")
NOMINAL_SEQUENCE = "طول دنباله را نگفته بودی؛ شکل‌ها و MACها با طول {length} حساب شد (پارامترها به طول بستگی ندارند)"
ASK_STACKED_CHANNELS = "لایه‌ها چند کانال ورودی و خروجی دارند (مثلاً ۶۴)؟ بگو تا دو حالت را مقایسه کنم."
ACTIVATION_MEMORY = ("اکتیویشن‌ها {total:,} بایت حافظه می‌گیرند: {mib:,.2f} MiB (= {mb:,.2f} MB).\n"
                     "{values:,} مقدار، هر کدام {width} بایت: {working} = {total:,} بایت")
SCORES_MACS = ("ضرب Q در Kᵀ برای یک هد {macs:,} MAC دارد (FLOPs = {flops:,}): خروجی ماتریسی {length}×{length} است و "
               "هر درایه‌اش ضرب داخلی دو بردار {width}تایی، یعنی {length}×{length}×{width}.")
SCORES_MACS_HEADS = ("ضرب Q در Kᵀ در هر هد {one:,} MAC دارد و در {heads} هد روی هم {macs:,} MAC (FLOPs = {flops:,}): "
                     "هر هد ماتریسی {length}×{length} می‌سازد که هر درایه‌اش ضرب داخلی دو بردار {width}تایی است "
                     "({model}/{heads})، یعنی {heads}×{length}×{length}×{width}.")
POSITION_TABLE = ("جدول positional embedding یادگرفتنی {total:,} پارامتر دارد: {rows} سطر ({side}×{side} = {tokens} پچ "
                  "+ {cls} توکن CLS)، هر سطر یک بردار {width}تایی: {rows}×{width}.")
TENSOR_MEMORY = ("این تنسور {total:,} بایت حافظه می‌گیرد: {mib:,.2f} MiB (= {mb:,.2f} MB).\n"
                 "{values:,} مقدار، هر کدام {width} بایت: {working} = {total:,} بایت")
COUNT_MEMORY = "وزن‌ها {total:,} بایت حافظه می‌گیرند: {shown}؛ {count:,} پارامتر، هر کدام {width} بایت."
COUNT_MEMORY_SAVED = ("از {first} به {second}: {saved:,} بایت کمتر، یعنی {shown}؛ {count:,} پارامتر، هر کدام {gap} "
                      "بایت کمتر.")
TRAINING_MEMORY = ("{what} روی هم {total:,} بایت حافظه می‌گیرند: {mib:,.2f} MiB (= {mb:,.2f} MB)؛ {copies} نسخه به "
                   "اندازه‌ی وزن‌ها، هر کدام {count:,} پارامتر × {width} بایت (activationها جدا حساب می‌شوند).")
TRAINING_COPIES = {2: "وزن‌ها و گرادیان‌ها", 3: "وزن‌ها، گرادیان‌ها و بافر momentum",
                   4: "وزن‌ها، گرادیان‌ها و دو بافر moment در Adam"}
WEIGHTS_MEMORY = "وزن‌ها {total:,} بایت حافظه می‌گیرند: {mib:,.2f} MiB (= {mb:,.2f} MB)؛ {count:,} پارامتر، هر کدام {width} بایت."
ASK_ATTENTION_WIDTH = ("برای شمردن پارامترهای multi-head attention بُعد مدل (امبدینگ، مثلاً ۵۱۲) لازم است؛ تعداد "
                       "هدها آن را تقسیم می‌کند و تعداد پارامترها را تغییر نمی‌دهد. بُعد امبدینگ چند است؟")
ASK_OUTPUT_INPUT = "اندازه‌ی ورودی را هم بگو (مثلاً ۳۲×۳۲) تا اندازه‌ی خروجی را حساب کنم."
# A question that asks for the output's channels (depth, feature maps): a convolution has one per filter.
LAYER_GROUPS = ("groups={groups} جور نیست: کانال‌های ورودی ({inputs}) و فیلترها ({out}) هر دو باید بر تعداد گروه‌ها "
                "بخش‌پذیر باشند")
MODEL_MACS = "MACها: {macs} (FLOPs = {flops})؛ {headline}"
# two layers compared: each one's count and the difference (their sum, «این مدل … دارد», answered nothing asked)
LAYERS_COMPARED = "«{first_name}» {first} پارامتر دارد و «{second_name}» {second}؛ اختلاف: {difference} پارامتر."
DESCRIBED_OUTPUT = "خروجی آخرین لایه: {output}؛ {headline}"
DESCRIBED_OUTPUT_BATCH = "خروجی آخرین لایه: {batch}x{output} (batch {batch} تنسور نمونه‌ی کد؛ هر نمونه {output})؛ {headline}"
BLOCK_OUTPUT = "خروجی بلوک: {shape} ({working})"
DENSE_WORKING = "{channels} کانال ورودی + {count}×{growth} کانال که هر لایه اضافه می‌کند"
DESCRIBED_OUTPUT_FLAT = "خروجی آخرین لایه: {output} (تخت‌شده با Flatten، برداری به طول {flat})؛ {headline}"
HEADLINE_CELLS_DIFFER = "{more} {difference:,} پارامتر بیشتر از {less} دارد ({ratio:.2f} برابر)."
HEADLINE_EACH_CELL = "با {units} واحد روی ورودی {inputs} تایی ({framework}): {counts} پارامتر؛ کار کردِ اولی در زیر."
LAYER_SPLIT = " ({weights:,} وزن + {bias:,} بایاس)"
SECOND_LAYER = "لایه‌ی {kind} دوم"
ASK_TRANSPOSED_AS_CALLS = ("چند ConvTranspose پشت هم گفته‌ای و اندازه‌ی هر کدام به قبلی‌اش بستگی دارد؛ گزینه‌های هر لایه را از "
                           "جمله مطمئن جدا نمی‌کنم. آن‌ها را مثل کد بنویس تا همه را پشت هم حساب کنم، مثلاً: «خروجی برای "
                           "ورودی (1, 100, 1, 1) چیه؟ nn.ConvTranspose2d(100, 512, 4, 1, 0) و بعدش "
                           "nn.ConvTranspose2d(512, 256, 4, 2, 1)»")
REPEATED_LAYER = "تکرار ({times} بار)"
OTHER_LAYERS = "لایه‌های دیگر"
# the receptive field (cnn_demos/receptive.py)
HEADLINE_RECEPTIVE = "میدان دید هر پیکسلِ خروجیِ آخر روی ورودی: {field}×{field} پیکسل."
RECEPTIVE_STEP = "{number}. {source}: r = {before} + ({kernel} − 1)×{jump} = {field}؛ فاصله‌ی پیکسل‌های خروجی: {next_jump}"
RECEPTIVE_RULE = "قاعده: r ← r + (k_eff − 1)×j و j ← j×s، با k_eff = d×(k − 1) + 1 (پدینگ در میدان دید اثری ندارد)"
RECEPTIVE_WHOLE = "بعد از «{layer}» هر خروجی همه‌ی ورودی را می‌بیند؛ میدان دید را تا لایه‌ی پیش از آن بپرس."
RECEPTIVE_TRANSPOSED = "میدان دید کانولوشن ترانهاده را این‌جا حساب نمی‌کنم؛ فقط کانولوشن و pooling."
RECEPTIVE_NONE = "هیچ کانولوشن یا pooling‌ای در لایه‌ها نیست؛ میدان دید یک پیکسل است."
HEAD_COUNTED = "بدون لایه‌های طبقه‌بند (include_top=False)"
MODEL_VARIANT = "تغییری که در مدل داده‌ای (این عدد مدل منتشرشده است)"
UNREAD_PARTS = ("⚠️ در پرسش {parts} آمده که در این محاسبه نیامده؛ اگر جزو همین لایه یا مدل است، عدد بالا برای آن "
                "درست نیست: آن را با دستور calc یا کدش بپرس.")
TRANSPOSED_SIZE = ("اندازه‌ی خروجی کانولوشن ترانهاده (ConvTranspose): {shape}\n"
                   "قاعده برعکس کانولوشن معمولی است: (ورودی − ۱)×گام − ۲×پدینگ + dilation×(کرنل − ۱) + "
                   "output_padding + ۱\n{working}\n(output_padding = {op}؛ در Keras با padding='same' خروجی ورودی×گام است)")
CONCATENATED = "بعد از concat با {skip} (کانال‌ها کنار هم، اندازه‌ی مکانی یکسان): {shape}"
TRANSPOSED_NONE = "با این اندازه‌ها خروجی کانولوشن ترانهاده کمتر از یک پیکسل می‌شود؛ پدینگ یا کرنل را دوباره بررسی کن."
HEADLINE_DEPTHWISE = ("این کانولوشن depthwise {macs} MAC دارد: خروجی {shape}، و هر موقعیت هر کانال یک فیلتر {k}×{k} "
                      "خودش را دارد ({shape} × {k}×{k})؛ پارامترها {c}×{k}×{k} + {c} بایاس = {params}.")
DEPTHWISE_PARAMS = ("این کانولوشن depthwise {params} پارامتر دارد: هر کانال فیلتر {k}×{k} خودش را دارد، "
                    "{c}×{k}×{k} وزن + {bias} بایاس = {params}.")
HEADLINE_FLATTEN = ("Flatten نقشه‌ی {shape} را به برداری به طول {shape} = {length} تبدیل می‌کند؛ خود این لایه "
                    "پارامتری ندارد، ولی لایه‌ی Dense بعد از آن به ازای هر واحد {length} وزن (و یک بایاس) دارد.")
HEADLINE_CHANNELS = "خروجی این لایه {channels} کانال دارد، به تعداد فیلترهایش؛ شکل کامل خروجی: {shape}"
CHANNELS_ARE_FILTERS = ("خروجی این لایه {channels} کانال دارد: تعداد کانال‌های خروجی (عمق خروجی) کانولوشن همیشه "
                        "برابر تعداد فیلترهای آن است، چون هر فیلتر یک نقشه‌ی ویژگی می‌سازد. اندازه‌ی مکانی خروجی به "
                        "ورودی، کرنل، گام و پدینگ بستگی دارد؛ اگر آن را هم می‌خواهی، اندازه‌ی ورودی و کرنل را بگو.")
ASK_FILTERS = ("تعداد کانال‌های خروجی کانولوشن برابر تعداد فیلترهای آن است (هر فیلتر یک نقشه‌ی ویژگی می‌سازد)؛ "
               "این لایه چند فیلتر دارد؟")
