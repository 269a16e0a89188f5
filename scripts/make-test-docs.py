#!/usr/bin/env python3
"""Build the Word and PDF test files of tests/corpus/docx and tests/corpus/pdf from the corpus.

usage: make-test-docs.py [--out DIR] [--soffice PATH] [--chromium PATH] [--keep-tmp]
       make-test-docs.py --dump FILE.docx...   (the tables as Word shows them)

DIR defaults to tests/corpus; the files go to DIR/docx and DIR/pdf (the READMEs there are
written by hand and left alone). Needs Python 3.11, python-docx, LibreOffice (`soffice`, Debian's
libreoffice-writer-nogui), fonts-noto-cjk, Chromium, fonts-wqy-zenhei and poppler-utils
(pdftoppm). .ci/run installs only LibreOffice and Noto CJK (for the fix read-back test): the
generated files are committed and CI does not run this.

What is made (each folder's README says what each file must produce):

  docx/
    example_clean.docx              python-docx, from examples/clean.txt: tables 二, 三, 四 as
                                    real Word tables with every hard case (gridSpan, vMerge,
                                    numbers split over runs, tracked insertion and deletion,
                                    fields, content control, several w:p in a cell, w:br)
    example_clean_wrong_total.docx  the same with one wrong total (三 （一）予以公开 总计 25, not 24)
    real006_hongze_2024.docx        python-docx, from tests/corpus/real/006_hongze_2024.txt
    real010_huaian_2024.docx        python-docx, from tests/corpus/real/010_huaian_2024.txt
    web_pingtan_2019.docx           LibreOffice, from tests/corpus/web/pingtan_2019.page.html
    web_pingtan_2021.docx           (scripts, images, links and form controls removed first)
    web_pingtan_2025.docx
    bad-legacy.doc                  LibreOffice --convert-to doc of example_clean.docx
    bad-truncated.docx              example_clean.docx cut in half (broken zip)
    bad-zip-bomb.docx               a valid docx whose word/document.xml inflates to 200 MiB
    bad-zip-bomb-lying.docx         the same, but the zip headers claim 1 MiB inflated
    bad-no-document.docx            a zip with the package parts but no word/document.xml
  pdf/
    example_clean.pdf, real006_hongze_2024.pdf, real010_huaian_2024.pdf
                                    LibreOffice's PDF export of the docx of the same name as
                                    published (tracked changes accepted): Noto Serif/Sans CJK SC
                                    as Type 1 (CFF) subsets with ToUnicode
    example_clean.chromium.pdf      the same document through LibreOffice's HTML and headless
                                    Chromium: WenQuanYi Zen Hei as CID TrueType, Identity-H
    web_pingtan_2025.chromium.pdf   Chromium's print of tests/corpus/web/pingtan_2025.page.html
    bad-encrypted.pdf               example_clean exported with an open password ("nianbao")
    encrypted-owner-only.pdf        exported with a permissions password only (opens without one)
    bad-image-only.pdf              two pages of real010_huaian_2024.pdf as JPEG images, no text
    bad-2000-pages.pdf              2,000 pages written by hand, one shared content stream
    bad-truncated.pdf               real006_hongze_2024.pdf cut at 60 % (no xref, no trailer)

Determinism: inputs are read in a fixed order, the python-docx files have fixed document
properties and every zip written or rewritten here gets fixed entry times (2024-01-01 00:00),
so the python-docx files and the hand-made bad files are byte-stable. LibreOffice's output is
normalised where it is cheap (zip entry times, docProps dates, the PDF /CreationDate and /ID of
unencrypted PDFs, all same-length replacements so offsets stay valid) but is not promised to be
byte-stable across LibreOffice or font versions; scripts/check-test-docs.sh compares those by
their text instead. The encrypted PDFs are not normalised (their /ID feeds the key).
"""
import argparse
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

REPO = Path(__file__).resolve().parent.parent
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DATE = datetime(2024, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
REVIEW_DATE = "2024-01-15T09:00:00Z"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"

# ---------------------------------------------------------------- reading a text report


@dataclass
class TextReport:
    source: str
    title: list  # title paragraphs
    before: list  # paragraphs between the title and section 二
    s2: dict  # label -> list of numbers (strings, as written)
    s3: list  # rows of 7 ints, template order (25 rows: 2021 form; 23: single （六）其他处理)
    s4: list  # 15 ints
    after: list  # paragraphs from section 五 to the end


HEADING = re.compile(r"^[一二三四五六七八九十]、")
FOOTER = re.compile(r"^\s*[-－—]\s*\d+\s*[-－—]\s*$")
CJK_DIGIT_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")
S2_ROWS = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", 3), ("行政规范性文件", 3)]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", 1)]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], [("行政处罚", 1), ("行政强制", 1)]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("行政事业性收费", 1)]),
]


def _index(lines, needle):
    for i, line in enumerate(lines):
        if needle in line:
            return i
    raise ValueError(f"no line with {needle!r}")


def _paragraphs(lines, layout):
    """Prose lines to paragraphs: in a layout text (pdftotext -layout) a paragraph starts at an
    indented line and page footers are dropped; otherwise every line is a paragraph."""
    paras = []
    for line in lines:
        line = line.replace("\f", "").rstrip()
        if not line.strip() or FOOTER.match(line):
            continue
        text = CJK_DIGIT_GAP.sub("", line.strip())
        after_heading = paras and HEADING.match(paras[-1]) and len(paras[-1]) <= 30
        if not layout or not paras or after_heading or line.startswith("  "):
            paras.append(text)
        else:
            paras[-1] += text
    return paras


def read_text_report(path: Path) -> TextReport:
    text = path.read_text(encoding="utf-8").replace("\f", "\n")
    lines = text.split("\n")
    i2 = _index(lines, "二、主动公开政府信息情况")
    i3 = _index(lines, "三、收到和处理政府信息公开申请情况")
    i4 = _index(lines, "四、政府信息公开行政复议")
    i5 = _index(lines, "五、存在的主要问题")
    layout = any(line.startswith("  ") for line in lines[:i2])
    head = _paragraphs(lines[:i2], layout)
    n_title = next(i for i, p in enumerate(head) if "工作年度报告" in p) + 1
    s2 = {}
    for _, _, rows in S2_ROWS:
        for label, n in rows:
            pat = re.compile(r"^[\s|]*" + re.escape(label) + r"[\s|]+([\d.\s|]+)$")
            for line in lines[i2:i3]:
                m = pat.match(line)
                if m:
                    s2[label] = re.findall(r"\d+(?:\.\d+)?", m.group(1))[:n]
                    break
            else:
                raise ValueError(f"{path}: no row {label} in section 二")
    s3 = []
    for line in lines[i3:i4]:
        toks = line.replace("|", " ").split()
        if len(toks) >= 7 and all(t.isdigit() for t in toks[-7:]):
            s3.append([int(t) for t in toks[-7:]])
    if len(s3) not in (23, 25):
        raise ValueError(f"{path}: {len(s3)} numeric rows in section 三")
    s4 = None
    for line in lines[i4:i5]:
        toks = line.replace("|", " ").split()
        if len(toks) >= 15 and all(t.isdigit() for t in toks[-15:]):
            s4 = [int(t) for t in toks[-15:]]
            break
    if s4 is None:
        raise ValueError(f"{path}: no row of 15 numbers in section 四")
    return TextReport(
        source=str(path.relative_to(REPO)),
        title=head[:n_title],
        before=head[n_title:],
        s2=s2,
        s3=s3,
        s4=s4,
        after=_paragraphs(lines[i5:], layout),
    )


# ---------------------------------------------------------------- WordprocessingML pieces


def rpr(font=SANS, size=18, bold=False, extra=""):
    b = "<w:b/><w:bCs/>" if bold else ""
    return (f'<w:rPr><w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}"/>'
            f'{b}{extra}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:eastAsia="zh-CN"/></w:rPr>')


TABLE_RPR = rpr()
# the second half of a split number: another font (what Word's automatic font switching for
# Latin digits leaves behind), its own language tag and an explicit colour
ALT_RPR = ('<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="Noto Sans CJK SC" '
           'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:color w:val="000000"/>'
           '<w:sz w:val="18"/><w:szCs w:val="18"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>')


class Ids:
    n = 100

    @classmethod
    def next(cls):
        cls.n += 1
        return cls.n


def r(text, props=TABLE_RPR):
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def split_runs(text, noise=False):
    """A number written as two runs with different formatting ("1" and "23"); with noise, a
    proofing mark and an empty bookmark between them, as Word leaves."""
    a, b = text[:1], text[1:]
    mid = ""
    if noise:
        i = Ids.next()
        mid = (f'<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="{i}" w:name="_Hlk{i}"/>'
               f'<w:bookmarkEnd w:id="{i}"/><w:proofErr w:type="spellEnd"/>')
    return r(a) + mid + r(b, ALT_RPR)


def tracked_replace(old, new):
    """A tracked deletion of `old` followed by a tracked insertion of `new`: Word shows `new`."""
    return (f'<w:del w:id="{Ids.next()}" w:author="审核人" w:date="{REVIEW_DATE}">'
            f'<w:r>{TABLE_RPR}<w:delText>{escape(old)}</w:delText></w:r></w:del>'
            f'<w:ins w:id="{Ids.next()}" w:author="审核人" w:date="{REVIEW_DATE}">{r(new)}</w:ins>')


def tracked_tail(text):
    """The number's last digit is a tracked insertion: Word shows the whole number."""
    return (r(text[:-1]) + f'<w:ins w:id="{Ids.next()}" w:author="审核人" w:date="{REVIEW_DATE}">'
            f'{r(text[-1:])}</w:ins>')


def field_complex(instr, result):
    """A complex field (fldChar begin / instrText / separate / result / end): Word shows the
    result."""
    return (f'<w:r>{TABLE_RPR}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{TABLE_RPR}<w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
            f'<w:r>{TABLE_RPR}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'{r(result)}'
            f'<w:r>{TABLE_RPR}<w:fldChar w:fldCharType="end"/></w:r>')


def field_simple(instr, result):
    return f'<w:fldSimple w:instr=" {escape(instr)} ">{r(result)}</w:fldSimple>'


def content_control(inner, tag):
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/>'
            f'<w:id w:val="{Ids.next()}"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>')


@dataclass
class C:
    """A table cell: paragraphs (each a str or a list of raw inline XML pieces), a horizontal
    span and a vertical merge state (None, "restart", "continue")."""
    paras: list = field(default_factory=list)
    span: int = 1
    vm: str | None = None
    jc: str = "center"


def c(*paras, span=1, vm=None, jc="center"):
    return C(list(paras), span, vm, jc)


CONT = C([], 1, "continue")


def cont(span=1):
    return C([], span, "continue")


def para_xml(p, jc):
    inner = r(p) if isinstance(p, str) else "".join(p)
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            f'<w:jc w:val="{jc}"/></w:pPr>{inner}</w:p>')


def table_xml(grid, rows):
    border = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{sum(grid)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in grid]
    out.append("</w:tblGrid>")
    for row in rows:
        if sum(cell.span for cell in row) != len(grid):
            raise AssertionError(f"row spans {sum(cell.span for cell in row)} of {len(grid)} columns")
        out.append('<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="340"/><w:jc w:val="center"/></w:trPr>')
        col = 0
        for cell in row:
            w = sum(grid[col:col + cell.span])
            col += cell.span
            props = f'<w:tcW w:w="{w}" w:type="dxa"/>'
            if cell.span > 1:
                props += f'<w:gridSpan w:val="{cell.span}"/>'
            if cell.vm == "restart":
                props += '<w:vMerge w:val="restart"/>'
            elif cell.vm == "continue":
                props += "<w:vMerge/>"
            props += '<w:vAlign w:val="center"/>'
            paras = cell.paras or [[]]
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(para_xml(p, cell.jc) for p in paras)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# ---------------------------------------------------------------- the three tables

S3_GROUPS_2021 = [
    ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                  "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                  "7.属于行政执法案卷", "8.属于行政查询事项"]),
    ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
    ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                  "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
    ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]),
]
S3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def s3_row_keys(n_rows):
    """(key, group label or None, item label) in template order; key names a row for features."""
    keys = [("一", None, "一、本年新收政府信息公开申请数量"), ("二", None, "二、上年结转政府信息公开申请数量"),
            ("（一）", None, "（一）予以公开"),
            ("（二）", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]
    for group, items in S3_GROUPS_2021:
        if n_rows == 23 and group == "（六）其他处理":
            keys.append(("（六）", None, group))
            continue
        for item in items:
            keys.append((group[:3] + item[:1], group, item))
    keys += [("（七）", None, "（七）总计"), ("四", None, "四、结转下年度继续办理")]
    assert len(keys) == n_rows, (len(keys), n_rows)
    return keys


def number_cell(value, how):
    s = str(value)
    if how == "split" and len(s) > 1:
        return c([split_runs(s)])
    if how == "split-noise" and len(s) > 1:
        return c([split_runs(s, noise=True)])
    if how == "tracked":
        return c([tracked_replace(str(value + 3) if value < 7 else str(value - 3), s)])
    if how == "tracked-tail" and len(s) > 1:
        return c([tracked_tail(s)])
    if how == "field-complex":
        return c([field_complex("=SUM(LEFT)", s)])
    if how == "field-simple":
        return c([field_simple("=SUM(LEFT)", s)])
    if how == "trailing-empty-paragraph":
        return c(s, [])
    return c(s)


def table_s3(rows, features, wrong=None):
    """Table 三 (10 grid columns: group, sub-group, item, 7 numbers). `features` maps
    (row key, column index) to a number_cell kind; `wrong` is (row key, column, value)."""
    grid = [330, 1250, 2650] + [690] * 7
    keys = s3_row_keys(len(rows))
    out = [
        [c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", span=3, vm="restart"),
         c("申请人情况", span=7)],
        [cont(3), c("自然人", vm="restart"), c("法人或其他组织", span=5), c("总计", vm="restart")],
        [cont(3), CONT, c("商业", "企业"), c("科研", "机构"), c("社会", "公益", "组织"),
         c("法律", "服务", "机构"), c("其他"), CONT],
    ]
    first_result = True
    seen_groups = set()
    for (key, group, item), values in zip(keys, rows):
        values = list(values)
        if wrong and wrong[0] == key:
            values[wrong[1]] = wrong[2]
        nums = [number_cell(v, features.get((key, j), "")) for j, v in enumerate(values)]
        if key in ("一", "二", "四"):
            out.append([c(item, span=3, jc="left")] + nums)
            continue
        lead = c("三、本年度办理结果", vm="restart") if first_result else CONT
        first_result = False
        if group is None:
            label = item
            if key == "（二）":  # the parenthesis in its own paragraph, as the template prints it
                label = c("（二）部分公开", "（区分处理的，只计这一情形，不计其他情形）", span=2, jc="left")
            else:
                label = c(item, span=2, jc="left")
            out.append([lead, label] + nums)
        else:
            g = c(group, vm="restart") if group not in seen_groups else CONT
            seen_groups.add(group)
            if item.startswith("5.要求行政机关"):  # a line break inside the label
                it = c([r("5.要求行政机关确认或重新出具"), "<w:r><w:br/></w:r>", r("已获取信息")], jc="left")
            else:
                it = c(item, jc="left")
            out.append([lead, g, it] + nums)
    return grid, out


def table_s4(values, features):
    grid = [605] * 15
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    row0 = [c("行政复议", span=5), c("行政诉讼", span=10)]
    row1 = [c(*([h[:2], h[2:]] if len(h) > 2 else [h]), vm="restart") for h in heads] + [c("未经复议直接起诉", span=5), c("复议后起诉", span=5)]
    row2 = [CONT] * 5 + [c(h) for h in heads] * 2
    nums = [number_cell(v, features.get(j, "")) for j, v in enumerate(values)]
    if "sdt" in features.values():
        j = next(j for j, k in features.items() if k == "sdt")
        nums[j] = c([content_control(r(str(values[j])), "行政复议总计")])
    return grid, [row0, row1, row2, nums]


def table_s2(s2):
    grid = [2870, 2070, 2070, 2070]
    rows = []
    for heading, header, items in S2_ROWS:
        rows.append([c(heading, span=4)])
        if len(header) == 4:
            rows.append([c(h) for h in header])
        else:
            rows.append([c(header[0]), c(header[1], span=3)])
        for label, n in items:
            vals = s2[label]
            if n == 3:
                cells = [number_cell(v, "split" if label == "行政规范性文件" else "") for v in vals]
            else:
                kind = "split-noise" if label == "行政许可" else ""
                cells = [C([[split_runs(vals[0], noise=True)]] if kind and len(vals[0]) > 1 else [vals[0]], span=3)]
            rows.append([c(label)] + cells)
    return grid, rows


# ---------------------------------------------------------------- the Word document


def setup_document():
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    normal = d.styles["Normal"]
    normal.font.name = SERIF
    normal.font.size = Pt(14)
    rf = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rf.set(qn("w:eastAsia"), SERIF)
    # footer "- N -" with a PAGE field, as the published reports have
    fp = sec.footer.paragraphs[0]
    fp.alignment = 1
    fp._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:t xml:space="preserve">- </w:t></w:r>'))
    fp._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    fp._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:t xml:space="preserve"> -</w:t></w:r>'))
    cp = d.core_properties
    cp.author = cp.last_modified_by = "nianbao scripts/make-test-docs.py"
    cp.created = cp.modified = FIXED_DATE
    cp.last_printed = FIXED_DATE
    cp.revision = 1
    cp.title = ""
    return d


def add_para(d, text, *, bold=False, center=False, size=None, font=None, indent=True):
    p = d.add_paragraph()
    if center:
        p.alignment = 1
    pf = p.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    if indent and not center:
        pf.first_line_indent = Pt(28)
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if font:
        run.font.name = font
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return p


def add_table(d, grid, rows):
    body = d.element.body
    body[-1].addprevious(parse_xml(table_xml(grid, rows)))
    d.add_paragraph()  # Word keeps a paragraph after a table


def add_prose(d, paras):
    for p in paras:
        add_para(d, p, bold=bool(HEADING.match(p)), font=SANS if HEADING.match(p) else None)


S3_FEATURES = {
    # row 一: numbers of two or more digits split over runs; its 总计 a =SUM(LEFT) field
    **{("一", j): "split" for j in range(6)},
    ("一", 6): "field-complex",
    ("二", 6): "trailing-empty-paragraph",
    ("（二）", 0): "tracked",
    ("（四）1", 0): "tracked-tail",
    ("（四）1", 6): "split-noise",
    **{("（七）", j): "split" for j in range(6)},
    ("（七）", 6): "field-simple",
    ("四", 6): "split",
}
S4_FEATURES = {4: "sdt", 9: "split", 14: "split"}


def build_report_docx(rep: TextReport, out: Path, wrong=None):
    Ids.n = 100
    d = setup_document()
    for t in rep.title:
        add_para(d, t, bold=True, center=True, size=22, font=SANS)
    add_prose(d, rep.before)
    add_para(d, "二、主动公开政府信息情况", bold=True, font=SANS)
    add_table(d, *table_s2(rep.s2))
    add_para(d, "三、收到和处理政府信息公开申请情况", bold=True, font=SANS)
    add_table(d, *table_s3(rep.s3, S3_FEATURES, wrong))
    add_para(d, "四、政府信息公开行政复议、行政诉讼情况", bold=True, font=SANS)
    add_table(d, *table_s4(rep.s4, S4_FEATURES))
    add_prose(d, rep.after)
    buf = io.BytesIO()
    d.save(buf)
    write_zip_normalised(buf.getvalue(), out)


# ---------------------------------------------------------------- zip helpers


def write_zip_normalised(data: bytes, out: Path, *, drop=(), edit=None):
    """Rewrite a zip with fixed entry times (same entry order, deflated); `edit(name, bytes)`
    may change an entry's content."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info)
            if edit:
                body = edit(info.filename, body)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, body, compresslevel=6)
    out.write_bytes(buf.getvalue())


def fix_core_dates(name, body):
    if name == "docProps/core.xml":
        stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
        body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + stamp.encode(), body)
    return body


def make_zip_bomb(template: Path, out: Path, inflated=200 * 1024 * 1024, lie=False):
    """A docx whose word/document.xml is well-formed XML around `inflated` bytes of one
    repeated digit (deflate ratio about 1000:1). With `lie`, the local and central headers claim
    1 MiB inflated, so a reader that trusts the header instead of counting is caught."""
    src = zipfile.ZipFile(template)
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
            '<w:body><w:p><w:r><w:t>').encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            if info.filename != "word/document.xml":
                z.writestr(zi, src.read(info))
                continue
            with z.open(zi, "w", force_zip64=False) as f:
                f.write(head)
                chunk = b"0" * (1 << 20)
                left = inflated - len(head) - len(tail)
                while left > 0:
                    f.write(chunk[:min(left, len(chunk))])
                    left -= len(chunk)
                f.write(tail)
    data = bytearray(buf.getvalue())
    if lie:
        claimed = 1 << 20
        # local file header of word/document.xml: signature, ..., uncompressed size at +22
        name = b"word/document.xml"
        pos = 0
        while True:
            pos = data.find(b"PK\x03\x04", pos)
            if pos < 0:
                break
            nlen = struct.unpack_from("<H", data, pos + 26)[0]
            if data[pos + 30:pos + 30 + nlen] == name:
                struct.pack_into("<I", data, pos + 22, claimed)
            pos += 4
        pos = 0
        while True:
            pos = data.find(b"PK\x01\x02", pos)
            if pos < 0:
                break
            nlen = struct.unpack_from("<H", data, pos + 28)[0]
            if data[pos + 46:pos + 46 + nlen] == name:
                struct.pack_into("<I", data, pos + 24, claimed)
            pos += 4
        # a data descriptor, if the writer used one, carries the size too
        # (zipfile writes sizes in the local header for seekable output, so there is none)
    out.write_bytes(bytes(data))


# ---------------------------------------------------------------- LibreOffice


class Office:
    def __init__(self, exe, tmp: Path):
        self.exe = exe
        self.profile = tmp / "lo-profile"

    def convert(self, fmt, inputs, outdir: Path):
        outdir.mkdir(parents=True, exist_ok=True)
        cmd = [self.exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={self.profile.as_uri()}", "--convert-to", fmt,
               "--outdir", str(outdir)] + [str(p) for p in inputs]
        env = dict(os.environ, SAL_USE_VCLPLUGIN="svp", TZ="UTC", LC_ALL="C.UTF-8")
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
        if res.returncode != 0:
            raise RuntimeError(f"soffice failed ({res.returncode}): {res.stderr}")
        for p in inputs:
            stem = Path(p).stem
            ext = fmt.split(":")[0]
            if not (outdir / f"{stem}.{ext}").exists():
                raise RuntimeError(f"soffice made no {stem}.{ext}: {res.stdout} {res.stderr}")


STRIP_HTML = [
    re.compile(r"<script\b.*?</script\s*>", re.S | re.I),
    re.compile(r"<(?:iframe|object|noscript)\b.*?</(?:iframe|object|noscript)\s*>", re.S | re.I),
    re.compile(r"<(?:img|link|input|select|button|embed|source|meta\s+http-equiv)\b[^>]*>", re.I),
    re.compile(r"</?(?:select|button|form)\b[^>]*>", re.I),
]


def offline_html(src: Path, dst: Path):
    """The page without what would make LibreOffice fetch or embed things (scripts, images,
    stylesheets, frames, form controls); the text and tables are untouched."""
    html = src.read_text(encoding="utf-8")
    for pat in STRIP_HTML:
        html = pat.sub("", html)
    dst.write_text(html, encoding="utf-8")


def normalise_pdf(path: Path):
    """Same-length replacement of the creation and modification dates, the file /ID and
    LibreOffice's /DocChecksum, so that offsets (xref) stay valid."""
    data = path.read_bytes()

    def date(m):
        fixed = m.group(1) + b"(D:20240101000000"
        return fixed + b" " * (len(m.group(0)) - len(fixed) - 1) + b")"

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*)\(D:[0-9]{14}[^)]*\)", date, data)
    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]",
                  lambda m: re.sub(rb"<([0-9A-Fa-f]+)>", lambda k: b"<" + b"0" * len(k.group(1)) + b">", m.group(0)),
                  data)
    data = re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]+)", lambda m: m.group(0)[:-len(m.group(1))] + b"0" * len(m.group(1)), data)
    path.write_bytes(data)


def accept_changes(src: Path, dst: Path):
    """The document as published, which the PDFs print: tracked deletions dropped, insertions
    kept (LibreOffice would otherwise print both, the deletion struck through), and the stray
    empty paragraph after a cell's text removed (it would lift that number above its row's
    baseline)."""
    def edit(name, body):
        if name != "word/document.xml":
            return body
        body = re.sub(rb"<w:del\b[^>]*>.*?</w:del>", b"", body, flags=re.S)
        body = re.sub(rb"<w:ins\b[^>]*>(.*?)</w:ins>", rb"\1", body, flags=re.S)
        return re.sub(rb"(</w:p>)<w:p><w:pPr>(?:(?!</w:pPr>).)*</w:pPr></w:p>(</w:tc>)", rb"\1\2", body,
                      flags=re.S)
    write_zip_normalised(src.read_bytes(), dst, edit=edit)


CHROMIUM_FONT = "WenQuanYi Zen Hei"


def chromium_print(exe, html: Path, out: Path, tmp: Path):
    """Headless Chromium's print of a local page. Skia writes TrueType fonts as Type0 CID fonts
    (Identity-H, ToUnicode) but CFF fonts such as Noto CJK as Type 3, so the page is set in a
    TrueType CJK font (Debian's fonts-wqy-zenhei); glyphs it lacks fall back to Noto (Type 3)."""
    page = html.read_text(encoding="utf-8")
    page = re.sub(r'face="[^"]*"', f'face="{CHROMIUM_FONT}"', page)
    # a fixed base, so that relative links do not carry the temporary folder into the PDF
    style = ('<base href="file:///tests/corpus/web/">'
             f'<style>*{{font-family:"{CHROMIUM_FONT}" !important}}'
             '@page{size:A4;margin:2cm}</style>')
    page = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + style, page, count=1, flags=re.I)
    (tmp / "print").mkdir(exist_ok=True)
    html = tmp / "print" / html.name
    html.write_text(page, encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="chromium.", dir=tmp)
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--no-pdf-header-footer",
           f"--print-to-pdf={out}", html.as_uri()]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=dict(os.environ, TZ="UTC"))
    if res.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium failed ({res.returncode}): {res.stderr[-2000:]}")
    normalise_pdf(out)


# ---------------------------------------------------------------- hand-written PDFs


def write_pdf(objects, root_ref, info_ref=None):
    """Classic PDF: objects is a list of bytes bodies, object n = objects[n-1]."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, root_ref)
    if info_ref:
        trailer += b" /Info %d 0 R" % info_ref
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dict_extra: bytes, data: bytes, compress=True):
    if compress:
        data = zlib.compress(data, 9)
        dict_extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), dict_extra) + data + b"\nendstream"


def make_many_pages(out: Path, n_pages=2000, fanout=50, per_objstm=200):
    """n_pages pages in a two-level page tree, all drawing one shared content stream (a line of
    Helvetica text) and inheriting MediaBox and Resources from the root: 2,000 pages to a reader,
    a few KB on disk (PDF 1.5: the page dictionaries are packed in compressed object streams and
    the cross-reference table is a compressed xref stream)."""
    plain = {}  # object number -> dictionary bytes, to be packed in object streams
    n = 0

    def num():
        nonlocal n
        n += 1
        return n

    catalog, root, font, info = num(), num(), num(), num()
    content = num()  # a stream: stays a top-level object
    plain[catalog] = b"<< /Type /Catalog /Pages %d 0 R >>" % root
    plain[font] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    plain[info] = b"<< /Producer (nianbao make-test-docs.py) /CreationDate (D:20240101000000Z) >>"
    kids = []
    for start in range(0, n_pages, fanout):
        count = min(fanout, n_pages - start)
        node = num()
        leaves = [num() for _ in range(count)]
        for leaf in leaves:
            plain[leaf] = b"<< /Type /Page /Parent %d 0 R /Contents %d 0 R >>" % (node, content)
        plain[node] = (b"<< /Type /Pages /Parent %d 0 R /Count %d /Kids [%s] >>"
                       % (root, count, b" ".join(b"%d 0 R" % k for k in leaves)))
        kids.append(node)
    plain[root] = (b"<< /Type /Pages /Count %d /MediaBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 %d 0 R >> >> /Kids [%s] >>"
                   % (n_pages, font, b" ".join(b"%d 0 R" % k for k in kids)))
    out_buf = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    xref = {0: (0, 0, 65535)}

    def put(objnum, body):
        xref[objnum] = (1, len(out_buf), 0)
        out_buf.extend(b"%d 0 obj\n" % objnum + body + b"\nendobj\n")

    put(content, stream(b"", b"BT /F1 12 Tf 72 770 Td (nianbao test: one of 2000 identical pages) Tj ET\n"))
    order = sorted(plain)
    for i in range(0, len(order), per_objstm):
        chunk = order[i:i + per_objstm]
        stm = num()
        head, body = [], bytearray()
        for k, objnum in enumerate(chunk):
            head.append(b"%d %d" % (objnum, len(body)))
            body += plain[objnum] + b"\n"
            xref[objnum] = (2, stm, k)
        header = b" ".join(head) + b"\n"
        put(stm, stream(b" /Type /ObjStm /N %d /First %d" % (len(chunk), len(header)), header + bytes(body)))
    xref_num = num()
    xref[xref_num] = (1, len(out_buf), 0)
    rows = b"".join(struct.pack(">BIH", *xref[i]) for i in range(xref_num + 1))
    xref_off = len(out_buf)
    out_buf.extend(b"%d 0 obj\n" % xref_num
                   + stream(b" /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R"
                            % (xref_num + 1, catalog, info), rows)
                   + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_off)
    out.write_bytes(bytes(out_buf))


def jpeg_size(data: bytes):
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise ValueError("bad JPEG")
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            comps = data[i + 9]
            return w, h, comps
        i += 2 + length
    raise ValueError("no SOF in JPEG")


def make_image_only(src_pdf: Path, out: Path, tmp: Path, first=2, last=3, dpi=90):
    """Pages of a real PDF rasterised to greyscale JPEG and wrapped one image per page: a
    'scanned' report with no text layer."""
    subprocess.run(["pdftoppm", "-f", str(first), "-l", str(last), "-r", str(dpi), "-gray", "-jpeg",
                    "-jpegopt", "quality=50", str(src_pdf), str(tmp / "scan")], check=True)
    images = sorted(tmp.glob("scan-*.jpg"))
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    info = add(b"<< /Producer (nianbao make-test-docs.py) /CreationDate (D:20240101000000Z) >>")
    pages = len(objs) + 1
    add(b"")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    kids = []
    for img in images:
        data = img.read_bytes()
        w, h, comps = jpeg_size(data)
        cs = b"/DeviceGray" if comps == 1 else b"/DeviceRGB"
        im = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                 b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, cs, len(data))
                 + data + b"\nendstream")
        content = add(stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q\n"))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (pages, content, im)))
    objs[pages - 1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
        len(kids), b" ".join(b"%d 0 R" % k for k in kids))
    out.write_bytes(write_pdf(objs, catalog, info))


# ---------------------------------------------------------------- --dump: what Word shows


def shown_text(el):
    """The text Word displays for an element: w:t outside w:del (so not w:delText, not field
    codes in w:instrText), w:br and w:cr as a newline, w:tab as a tab; content controls,
    w:ins, w:fldSimple and hyperlinks are read through."""
    out = []
    for node in el.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
        if any(a.tag == qn("w:del") for a in node.iterancestors()):
            continue
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            if node.getparent().tag == qn("w:r"):
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def dump_docx(path: Path):
    """Print each body table as a grid (merged cells repeated, vertical merges marked ^), as a
    reference for what the Word reader must produce."""
    body = docx.Document(str(path)).element.body
    for ti, tbl in enumerate(body.iter(qn("w:tbl"))):
        ncols = len(tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol")))
        print(f"== table {ti} ({ncols} grid columns)")
        above = [""] * ncols
        for ri, tr in enumerate(tbl.findall(qn("w:tr"))):
            row, col = [""] * ncols, 0
            for tc in tr.iter(qn("w:tc")):
                if tc.getparent() is not tr and tc.getparent().tag != qn("w:sdtContent"):
                    continue
                pr = tc.find(qn("w:tcPr"))
                span, vm = 1, None
                if pr is not None:
                    gs = pr.find(qn("w:gridSpan"))
                    span = int(gs.get(qn("w:val"))) if gs is not None else 1
                    v = pr.find(qn("w:vMerge"))
                    if v is not None:
                        vm = v.get(qn("w:val")) or "continue"
                if vm == "continue":
                    text = "^" + above[col].lstrip("^")
                else:
                    text = "/".join(shown_text(p) for p in tc.findall(qn("w:p")))
                for k in range(col, min(col + span, ncols)):
                    row[k] = text
                col += span
            above = row
            print(f"{ri:3} | " + " | ".join(row))


# ---------------------------------------------------------------- main

TEXT_SOURCES = [  # (output stem, source)
    ("example_clean", "examples/clean.txt"),
    ("real006_hongze_2024", "tests/corpus/real/006_hongze_2024.txt"),
    ("real010_huaian_2024", "tests/corpus/real/010_huaian_2024.txt"),
]
WEB_SOURCES = ["pingtan_2019", "pingtan_2021", "pingtan_2025"]
# the wrong total of example_clean_wrong_total.docx: table 三, row （一）予以公开, column 总计
WRONG = ("（一）", 6, 25)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "tests" / "corpus")
    ap.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--keep-tmp", action="store_true")
    ap.add_argument("--dump", type=Path, nargs="+", metavar="DOCX",
                    help="print the tables of these .docx as Word shows them, and exit")
    args = ap.parse_args()
    if args.dump:
        for p in args.dump:
            print(f"# {p}")
            dump_docx(p)
        return 0
    dx, pdf = args.out / "docx", args.out / "pdf"
    dx.mkdir(parents=True, exist_ok=True)
    pdf.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="make-test-docs."))
    office = Office(args.soffice, tmp)
    try:
        # 1. Word files from text reports (python-docx), byte-stable
        for stem, src in TEXT_SOURCES:
            rep = read_text_report(REPO / src)
            build_report_docx(rep, dx / f"{stem}.docx")
            print(f"docx/{stem}.docx  <- {src} (三: {len(rep.s3)} rows)")
        rep = read_text_report(REPO / "examples/clean.txt")
        build_report_docx(rep, dx / "example_clean_wrong_total.docx", wrong=WRONG)
        print(f"docx/example_clean_wrong_total.docx  <- examples/clean.txt, 三 （一）予以公开 总计 "
              f"{WRONG[2]} (right: {rep.s3[2][6]})")

        # 2. Word files from the web pages (LibreOffice)
        html_dir = tmp / "html"
        html_dir.mkdir()
        for name in WEB_SOURCES:
            offline_html(REPO / "tests/corpus/web" / f"{name}.page.html", html_dir / f"web_{name}.html")
        lo_docx = tmp / "lo-docx"
        office.convert('docx:MS Word 2007 XML', sorted(html_dir.glob("*.html")), lo_docx)
        for name in WEB_SOURCES:
            f = lo_docx / f"web_{name}.docx"
            write_zip_normalised(f.read_bytes(), dx / f.name, edit=fix_core_dates)
            print(f"docx/{f.name}  <- tests/corpus/web/{name}.page.html (LibreOffice)")

        # 3. PDFs (LibreOffice, Noto CJK)
        published = tmp / "published"
        published.mkdir()
        to_pdf = []
        for stem in [s for s, _ in TEXT_SOURCES]:
            accept_changes(dx / f"{stem}.docx", published / f"{stem}.docx")
            to_pdf.append(published / f"{stem}.docx")
        office.convert("pdf:writer_pdf_Export", to_pdf, pdf)
        for p in to_pdf:
            normalise_pdf(pdf / f"{p.stem}.pdf")
            print(f"pdf/{p.stem}.pdf  <- docx/{p.name} (LibreOffice)")
        # the same documents through headless Chromium (CID fonts, Identity-H)
        for name in ["pingtan_2025"]:
            chromium_print(args.chromium, html_dir / f"web_{name}.html", pdf / f"web_{name}.chromium.pdf", tmp)
            print(f"pdf/web_{name}.chromium.pdf  <- tests/corpus/web/{name}.page.html (Chromium)")
        lo_html = tmp / "lo-html"
        office.convert("html:HTML (StarWriter)", [published / "example_clean.docx"], lo_html)
        chromium_print(args.chromium, lo_html / "example_clean.html", pdf / "example_clean.chromium.pdf", tmp)
        print("pdf/example_clean.chromium.pdf  <- docx/example_clean.docx (LibreOffice HTML, Chromium)")
        enc = tmp / "enc"
        enc.mkdir()
        shutil.copy(published / "example_clean.docx", enc / "bad-encrypted.docx")
        shutil.copy(published / "example_clean.docx", enc / "encrypted-owner-only.docx")
        office.convert('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                       '"DocumentOpenPassword":{"type":"string","value":"nianbao"}}',
                       [enc / "bad-encrypted.docx"], pdf)
        office.convert('pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},'
                       '"PermissionPassword":{"type":"string","value":"nianbao"},'
                       '"Changes":{"type":"long","value":"0"},"EnableCopyingOfContent":{"type":"boolean","value":"false"}}',
                       [enc / "encrypted-owner-only.docx"], pdf)
        print("pdf/bad-encrypted.pdf, pdf/encrypted-owner-only.pdf  <- docx/example_clean.docx")
        scan = tmp / "scan"
        scan.mkdir()
        make_image_only(pdf / "real010_huaian_2024.pdf", pdf / "bad-image-only.pdf", scan)
        print("pdf/bad-image-only.pdf  <- pages 2-3 of pdf/real010_huaian_2024.pdf as JPEG")
        make_many_pages(pdf / "bad-2000-pages.pdf")
        print("pdf/bad-2000-pages.pdf  (hand-written)")
        whole = (pdf / "real006_hongze_2024.pdf").read_bytes()
        (pdf / "bad-truncated.pdf").write_bytes(whole[:len(whole) * 6 // 10])
        print("pdf/bad-truncated.pdf  <- first 60 % of pdf/real006_hongze_2024.pdf")

        # 4. bad Word inputs
        legacy = tmp / "legacy"
        legacy.mkdir()
        shutil.copy(dx / "example_clean.docx", legacy / "bad-legacy.docx")
        office.convert("doc:MS Word 97", [legacy / "bad-legacy.docx"], dx)
        print("docx/bad-legacy.doc  <- docx/example_clean.docx (LibreOffice, Word 97)")
        good = (dx / "example_clean.docx").read_bytes()
        (dx / "bad-truncated.docx").write_bytes(good[:len(good) // 2])
        make_zip_bomb(dx / "example_clean.docx", dx / "bad-zip-bomb.docx")
        make_zip_bomb(dx / "example_clean.docx", dx / "bad-zip-bomb-lying.docx", lie=True)
        write_zip_normalised(good, dx / "bad-no-document.docx", drop={"word/document.xml"})
        print("docx/bad-truncated.docx, bad-zip-bomb.docx, bad-zip-bomb-lying.docx, bad-no-document.docx")
    finally:
        if args.keep_tmp:
            print(f"temporary files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
