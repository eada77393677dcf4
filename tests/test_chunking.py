import pytest

from knowledge.chunking import ChunkSizes, chunk_sections, sentences
from knowledge.formats.text import sections

SIZES = ChunkSizes(minimum=120, target=250, maximum=320)


def _doc(n_paragraphs: int = 6) -> str:
    para = " ".join(f"این جمله شماره {i} درباره کانولوشن و ادغام در شبکه‌های عصبی است." for i in range(5))
    parts = ["# عنوان سند", "", "## بخش اول", ""]
    parts += [para, ""] * (n_paragraphs // 2)
    parts += ["## بخش دوم", "", "```", "conv 3x3 | maxpool 2", "dense 10", "```", ""]
    parts += [para, ""] * (n_paragraphs // 2)
    return "\n".join(parts)


def test_chunks_follow_sentences_and_stay_within_size():
    title, secs = sections(_doc())
    chunks = chunk_sections("d", secs, SIZES)
    assert title == "عنوان سند"
    all_sentences = set(sentences("\n".join(s.text for s in secs)))
    for chunk in chunks:
        assert len(chunk.text) <= SIZES.maximum
        for sentence in sentences(chunk.text):
            assert sentence in all_sentences or sentence.startswith("```") or sentence in ("بخش دوم",), sentence
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_chunks_carry_their_heading_path():
    _, secs = sections(_doc())
    chunks = chunk_sections("d", secs, SIZES)
    assert chunks[0].headings == ("بخش اول",)
    assert any(c.headings == ("بخش دوم",) for c in chunks)


def test_code_block_lines_are_kept_whole():
    _, secs = sections(_doc())
    text = "\n".join(c.text for c in chunk_sections("d", secs, SIZES))
    assert "conv 3x3 | maxpool 2\ndense 10" in text


def test_overlong_sentence_is_split_between_words():
    long_sentence = "، ".join(["یک عبارت طولانی بدون نقطه"] * 40) + "."
    chunks = chunk_sections("d", sections(long_sentence)[1], SIZES)
    assert len(chunks) > 1
    assert all(len(c.text) <= SIZES.maximum for c in chunks)
    words = {w.strip("،.") for w in long_sentence.split()}
    assert all(w.strip("،.") in words for c in chunks for w in c.text.split())


def test_plain_text_headings_are_recognised():
    text = "سوال ۱)\n\nالف)\n\nمتن پاسخ اول است.\n\nسوال ۲)\n\nمتن پاسخ دوم است."
    _, secs = sections(text)
    assert [s.headings for s in secs] == [("سوال ۱)", "الف)"), ("سوال ۲)",)]


def test_default_sizes_fit_a_telegram_message(corpus_kb):
    lengths = [len(corpus_kb.chunk(f"{d.id}:{i}").text) for d in corpus_kb.documents() for i in range(d.chunks)]
    assert max(lengths) <= ChunkSizes().maximum < 4096


def test_bad_sizes_refused():
    with pytest.raises(ValueError):
        ChunkSizes(minimum=500, target=400, maximum=900)


def test_an_items_number_is_not_a_sentence_of_its_own():
    """«2. امور مالی (Finance)» is one item: split at «2.», the number was a sentence and the item's words another."""
    from knowledge.chunking import sentences

    assert sentences("2. امور مالی (Finance)\n۳. گام سوم: خطا را پخش می‌کنیم. بعد وزن‌ها.\n12) x") == [
        "2. امور مالی (Finance)", "۳. گام سوم: خطا را پخش می‌کنیم.", "بعد وزن‌ها.", "12) x"]
