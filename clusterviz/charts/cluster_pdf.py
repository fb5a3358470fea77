"""The adviser's one-page improvement plan as a PDF (fpdf2, pure Python), and the text a PDF shows (for tests
and the confidentiality walk).  Adviser mode only: it carries the cluster's own scores.  Its tables and
sentences are the profile's (charts/cluster_report.py), so the page and the paper say the same."""

from __future__ import annotations

import pandas as pd

from clusterviz.charts.cluster_report import number_text, plan_table, plan_texts, silver_texts
from clusterviz.figures import cluster_adviser as adviser
from clusterviz.text.i18n import Translator

_PDF_TEXT = str.maketrans(
    {"–": "-", "—": "-", "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " ", "\u202f": " ", "·": "-"}
)


def _pdf_text(text) -> str:
    """Text for the PDF's built-in Helvetica (Latin-1: æøå are in it, dashes and curly quotes are not)."""
    return str(text).translate(_PDF_TEXT).encode("latin-1", "replace").decode("latin-1")


def plan_pdf(
    info: dict, expiry: dict, distance: adviser.Distance, silver: adviser.SilverPath, plan: adviser.Plan, as_of, demo: bool, tr: Translator
) -> bytes:
    """The improvement plan on one A4 page, to hand to the cluster: who and when, distance to Gold, the path
    to Silver, the areas ranked by gap, progress and the next window.  fpdf2 (pure Python, maintained)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(16, 14, 16)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text, size=10, style="", gap=1.5):
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, size * 0.5, _pdf_text(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(tr("cluster.pdf_title", name=info["name"]), 16, "B")
    line(tr("cluster.pdf_subtitle", date=tr.date(as_of)), 9)
    if demo:
        line(tr("cluster.pdf_demo"), 9, "I")
    place = ", ".join(v for v in (info["home_town"], info["county"]) if v)
    line(
        f"{place} - {tr.status(expiry['status'])}"
        + (f", {tr('common.col_valid_until').lower()} {tr.date(expiry['valid_until'])}" if expiry["valid_until"] else ""),
        10,
        gap=3,
    )
    if plan.status != "ok":
        line(tr("cluster.no_scores"), 11)
        return bytes(pdf.output())
    line(tr("cluster.distance_title"), 12, "B")
    points = tr("cluster.points_reached") if distance.points_to_gold == 0 else tr.number(distance.points_to_gold)
    line(
        f"{tr('cluster.metric_index')}: {number_text(distance.quality_index, tr)} ({tr.date(distance.assessment_date)}). "
        f"{tr('cluster.metric_points')}: {points if distance.points_to_gold is not None else tr('cluster.unknown')}.",
        gap=3,
    )
    line(tr("cluster.silver_title"), 12, "B")
    for text in silver_texts(silver, as_of, tr):
        line(text, 10, gap=1)
    pdf.ln(2)
    line(tr("cluster.plan_title"), 12, "B")
    line(tr("cluster.plan_caption"), 9)
    table = plan_table(plan, tr)
    columns = list(table.columns)
    widths: list[float] = [10, 62, 18, 18, 28, 18, 18, 0]
    widths[-1] = width - sum(widths[:-1])
    pdf.set_font("Helvetica", "B", 8.5)
    for column, w in zip(columns, widths):
        pdf.cell(w, 6, _pdf_text(column), border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for row in table.itertuples(index=False):
        cells = [str(int(row[0])) if not pd.isna(row[0]) else "-", row[1]]
        cells += [number_text(v, tr) if not isinstance(v, str) else v for v in row[2:]]
        for cell, w in zip(cells, widths):
            pdf.cell(w, 6, _pdf_text(cell))
        pdf.ln()
    pdf.ln(3)
    for text in plan_texts(plan, tr):
        line(text, 10, gap=1)
    pdf.set_y(-22)
    line(tr("cluster.pdf_footer", date=tr.date(as_of)), 7.5)
    return bytes(pdf.output())


def pdf_text(data: bytes) -> str:
    """The text a PDF made by plan_pdf shows (for tests and the confidentiality walk): fpdf2 writes its
    content streams zlib-compressed; the strings inside the BT..ET blocks are gathered."""
    import re
    import zlib

    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        for match in re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", content, re.DOTALL):
            texts.append(match.replace(rb"\(", b"(").replace(rb"\)", b")").replace(rb"\\", b"\\").decode("latin-1"))
    return "\n".join(texts)
