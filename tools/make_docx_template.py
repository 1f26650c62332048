"""Write templates/paper.docx: the Word template of the paper, with docxtpl's Jinja tags.

Run by the developers when the template's structure changes
(`.venv/bin/python tools/make_docx_template.py`). A committee secretary can then restyle
the file in Word (fonts, the headings' look, the table style, a letterhead) without
touching code, as long as the `{{ ... }}` and `{%p ... %}` tags stay in place.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "paper.docx"


def _lang(element: object, tag: str = "w:rPr") -> None:
    """Set en-GB as the language of a style or of the document defaults."""
    rpr = element.find(qn(tag)) if tag else element  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "en-GB")


def _field(paragraph: object, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph: Word fills it in as it lays out pages."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == code:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {code} "
            run._r.append(instr)
        else:
            value = OxmlElement("w:t")
            value.text = text
            run._r.append(value)


def _page_setup(doc: object) -> None:
    """A4, 2.5 cm margins, the marking in header and footer, "Page N of M" in the footer."""
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    header = section.header.paragraphs[0]
    header.text = "{{ marking }}"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.text = "{{ marking }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.runs[0].bold = True
    pages = section.footer.add_paragraph("Page ")
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(pages, "PAGE")
    pages.add_run(" of ")
    _field(pages, "NUMPAGES")


def _styles(doc: object) -> None:
    """Arial 11 pt, en-GB; headings in the body font, black, never Word's blue."""
    styles = doc.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    defaults = doc.styles.element.find(qn("w:docDefaults"))  # type: ignore[attr-defined]
    _lang(defaults.find(qn("w:rPrDefault")), "w:rPr")
    for name, size in (("Title", 16), ("Subtitle", 13), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11), ("Quote", 11)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        ppr = style.element.find(qn("w:pPr"))
        border = ppr.find(qn("w:pBdr")) if ppr is not None else None
        if border is not None:  # Word's Title has a blue rule under it
            ppr.remove(border)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts is not None and fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]


def main() -> None:
    doc = Document()
    _styles(doc)
    _page_setup(doc)

    def p(text: str, style: str | None = None) -> None:
        doc.add_paragraph(text, style=style)

    def table(headers: list[str], loop: str, cells: list[str], numbers: tuple[int, ...] = ()) -> None:
        """A table whose header row repeats on every page; `numbers` are the columns of
        numbers, right-aligned."""
        t = doc.add_table(rows=4, cols=len(headers))
        t.style = "Table Grid"
        for index, (cell, header) in enumerate(zip(t.rows[0].cells, headers, strict=True)):
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
            if index in numbers:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        t.rows[0]._tr.get_or_add_trPr().append(repeat)
        t.rows[1].cells[0].text = f"{{%tr for row in {loop} %}}"
        for index, (cell, value) in enumerate(zip(t.rows[2].cells, cells, strict=True)):
            cell.text = value
            if index in numbers:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        t.rows[3].cells[0].text = "{%tr endfor %}"

    p("{%p if paper.restricted %}")
    p("RESTRICTED: this paper names restricted items and notes. Not for publication.")
    p("{%p endif %}")
    p("{{ force }}", "Subtitle")
    agenda = doc.add_paragraph("{{ 'Agenda Item ' + meeting.agenda_item if meeting.agenda_item else '' }}")
    agenda.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p("{{ committee | upper }}")
    p("{{ meeting.date | long_date }}")
    p("{{ meeting.title }}", "Title")

    p("{%p for key in sections %}")
    p("{%p set n = loop.index %}")
    p("{%p if key == 'purpose' %}")
    doc.add_heading("{{ n }}. Purpose of Report", level=1)
    p("{{ meeting.purpose or 'To provide members of the Committee with oversight of HMICFRS inspection activity and recommendations.' }}")
    p("{%p for para in narrative.opening | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")

    p("{%p elif key == 'findings' %}")
    doc.add_heading("{{ n }}. Recommendations, Causes of Concern and Areas for Improvement", level=1)
    p("{{ reports_sentence }}")
    p("{%p if paper.level_definitions %}")
    p("HMICFRS apply a level to each recommendation, these levels are:")
    p("{%p for level, text, follow in levels %}")
    p("Level {{ level }} – {{ text }}{{ ' ' + follow if follow else '' }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p if paper.tracker %}")
    p("The tracker holds {{ paper.tracker.total }} items in total, {{ paper.tracker.added }} added since the last {{ committee_short }}, {{ paper.tracker.other_bodies }} of them addressed to other bodies.")
    p("{%p endif %}")
    p("{{ open_sentence }}")
    table(["Open items", "Red", "Amber", "Green", "Total"], "open_rows", [f"{{{{ row[{i}] }}}}" for i in range(5)], (1, 2, 3, 4))
    p("{%p for para in narrative.recommendations | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p for progress in peel_progress %}")
    p("{{ progress.intro }}")
    p("{%p for line in progress.lines %}")
    p("{{ line }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p endfor %}")
    p("{%p for para in narrative.peel_progress | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{{ closure_intro }}")
    table(["{{ closure_header }}", "Total Number submitted"], "closure_rows", ["{{ row[0] }}", "{{ row[1] }}"], (1,))

    p("{%p elif key == 'published' %}")
    doc.add_heading("{{ n }}. National Published Reports and Recommendations", level=1)
    p("{%p for para in narrative.published | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p for r in paper.published %}")
    doc.add_heading("{{ loop.index | roman }}. {{ r.inspection.title }}. – Published {{ r.inspection.published | ordinal_date }}", level=2)
    p("{%p if r.inspection.url %}")
    p("The report: {{ r.inspection.url }}")
    p("{%p endif %}")
    p("{%p for para in r.inspection.summary | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p for area, grade in r.inspection.grades | pairs %}")
    p("{{ area }}: {{ grade | grade_phrase }}")
    p("{%p endfor %}")
    p("{{ published_sentences[loop.index0] }}")
    p("{%p for item in r.items %}")
    p("{%p if item.withheld %}")
    p("{{ item.label }} (restricted: details withheld)")
    p("{%p else %}")
    p("{{ item.label }}", "Heading 3")
    p("{%p for para in item.text | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p endfor %}")
    p("The Police and Crime Commissioner's comments on this report are due by {{ r.comments_due | ordinal_date }} (56 days from publication).")
    p("{%p endfor %}")
    p("{%p if not paper.published %}")
    p("No reports have been published since the last {{ committee_short }}.")
    p("{%p endif %}")

    p("{%p elif key == 'activity' %}")
    doc.add_heading("{{ n }}. Inspection Activity", level=1)
    p("{%p if paper.activity %}")
    p("Since the last {{ committee_short }}, {{ short }} has hosted the following inspection activity in force;")
    p("{%p for i in paper.activity %}")
    p("{{ loop.index | letter }}) {{ i.fieldwork_start | fieldwork(i.fieldwork_end) }} – {{ i.title }}.{{ ' ' + i.summary if i.summary else '' }}", "List Paragraph")
    p("{%p endfor %}")
    p("{%p else %}")
    p("There has been no inspection activity in force since the last {{ committee_short }}.")
    p("{%p endif %}")
    p("{%p for para in narrative.activity | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    doc.add_heading("Forthcoming HMICFRS Activity & Inspections", level=2)
    p("{%p for i in paper.forthcoming %}")
    p("{{ i.fieldwork_start | fieldwork(i.fieldwork_end) }} {{ i.fieldwork_start.year }} – {{ i.title }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p for para in narrative.forthcoming | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p if not paper.forthcoming and not narrative.forthcoming %}")
    p("There are no further Inspections currently in the calendar.")
    p("{%p endif %}")

    p("{%p elif key == 'closed' %}")
    doc.add_heading("{{ n }}. Recommendations Closed Since the Last {{ committee_short }}", level=1)
    p("{%p for para in narrative.closed | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p for group in paper.closed %}")
    doc.add_heading("{{ group.title }}", level=2)
    table(
        ["Ref", "Item", "Level", "Status"],
        "group.items",
        [
            "{{ row.id or '' }}",
            "{{ row.type.label + ' (restricted: details withheld)' if row.withheld else row.label + ': ' + row.title }}",
            "{{ row.level or '' }}",
            "{{ row.status.value }}",
        ],
        (2,),
    )
    p("{%p endfor %}")
    p("{%p if not paper.closed %}")
    p("No recommendations have been closed or submitted for closure since the last {{ committee_short }}.")
    p("{%p endif %}")

    p("{%p elif key == 'outstanding' %}")
    doc.add_heading("{{ n }}. Outstanding Recommendations Currently Graded Red", level=1)
    p("{%p for para in narrative.outstanding | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p for item in paper.red %}")
    p("{%p if item.withheld %}")
    p("{{ item.type.label }} (restricted: details withheld)")
    p("{%p else %}")
    p("{{ item.id }}: {{ item.title }}", "Heading 3")
    p("{{ item.label }}{{ '; lead: ' + item.owner if item.owner else '' }}")
    p("{%p for para in item.text | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p if item.latest %}")
    p("Latest update ({{ item.latest.date | long_date }}): {{ item.latest.note | prose }}", "Quote")
    p("{%p endif %}")
    p("{%p endif %}")
    p("{%p endfor %}")
    p("{%p if not paper.red %}")
    p("There are no recommendations currently graded as red.")
    p("{%p endif %}")
    p("{%p if paper.overdue %}")
    doc.add_heading("Open Items Past Their Due Date", level=2)
    table(
        ["Ref", "Item", "Owner", "Due", "RAG"],
        "paper.overdue",
        [
            "{{ row.id or '' }}",
            "{{ row.type.label + ' (restricted: details withheld)' if row.withheld else row.title }}",
            "{{ row.owner or '' }}",
            "{{ row.due | long_date }}",
            "{{ row.status.value }}",
        ],
    )
    p("{%p else %}")
    p("There are no open items past their due date.")
    p("{%p endif %}")
    p("{%p if paper.returned %}")
    doc.add_heading("Returned by HMICFRS since the last {{ committee_short }}", level=2)
    p("{%p for item in paper.returned %}")
    p("{{ item.type.label + ' (restricted: details withheld)' if item.withheld else item.id + ': ' + item.title }}, now {{ item.status.value }}{{ (': ' + (item.latest.note | prose) + ' (' + (item.latest.date | long_date) + ')') if item.latest and not item.withheld else '' }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p endif %}")

    p("{%p elif key == 'closing' %}")
    doc.add_heading("{{ n }}. Recommendations", level=1)
    p("{%p for para in narrative.closing | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{{ meeting.committee_asked }}")
    doc.add_heading("Contact Officer", level=2)
    contact = doc.add_table(rows=2, cols=2)
    contact.style = "Table Grid"
    for row, (label, value) in zip(contact.rows, (
        ("Name", "{{ meeting.contact.name if meeting.contact else '' }}"),
        ("Title", "{{ meeting.contact.title if meeting.contact and meeting.contact.title else '' }}"),
    ), strict=True):
        row.cells[0].text = label
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[1].text = value
    doc.add_heading("Background Documents", level=2)
    p("{%p for document in meeting.background_documents or [] %}")
    p("{{ document }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p if not meeting.background_documents %}")
    p("None")
    p("{%p endif %}")
    p("{%p else %}")
    doc.add_heading("{{ n }}. {{ titles[key] }}", level=1)
    p("{%p for para in narrative[key] | paragraphs %}")
    p("{{r para | rich }}")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p endfor %}")
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
