"""Write templates/paper.docx: the Word template of the paper, with docxtpl's Jinja tags.

Run by the developers when the template's structure changes
(`.venv/bin/python tools/make_docx_template.py`). A committee secretary can then restyle
the file in Word (fonts, the headings' look, the table style, a letterhead) without
touching code, as long as the `{{ ... }}` and `{%p ... %}` tags stay in place.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "templates" / "paper.docx"


def main() -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    def p(text: str, style: str | None = None) -> None:
        doc.add_paragraph(text, style=style)

    def table(headers: list[str], loop: str, cells: list[str]) -> None:
        t = doc.add_table(rows=4, cols=len(headers))
        t.style = "Table Grid"
        for cell, header in zip(t.rows[0].cells, headers, strict=True):
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
        t.rows[1].cells[0].text = f"{{%tr for row in {loop} %}}"
        for cell, value in zip(t.rows[2].cells, cells, strict=True):
            cell.text = value
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

    doc.add_heading("1. Purpose of Report", level=1)
    p("{{ meeting.purpose or 'To provide members of the Committee with oversight of HMICFRS inspection activity and recommendations.' }}")
    p("{%p for para in narrative.opening | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")

    doc.add_heading("2. Recommendations, Causes of Concern and Areas for Improvement", level=1)
    p("{{ reports_sentence }}")
    p("HMICFRS apply a level to each recommendation, these levels are:")
    p("{%p for level, text, follow in levels %}")
    p("Level {{ level }} – {{ text }}{{ ' ' + follow if follow else '' }}", "List Bullet")
    p("{%p endfor %}")
    p("{{ open_sentence }}")
    table(["Open items", "Red", "Amber", "Green", "Total"], "open_rows", [f"{{{{ row[{i}] }}}}" for i in range(5)])
    p("{%p for para in narrative.recommendations | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    p("{%p for progress in peel_progress %}")
    p("{{ progress.intro }}")
    p("{%p for line in progress.lines %}")
    p("{{ line }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p endfor %}")
    p("{%p for para in narrative.peel_progress | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    p("{{ closure_intro }}")
    table(["{{ closure_header }}", "Total Number submitted"], "closure_rows", ["{{ row[0] }}", "{{ row[1] }}"])

    doc.add_heading("3. National Published Reports and Recommendations", level=1)
    p("{%p for para in narrative.published | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    p("{%p for r in paper.published %}")
    doc.add_heading("{{ loop.index | roman }}. {{ r.inspection.title }}. – Published {{ r.inspection.published | ordinal_date }}", level=2)
    p("{%p for para in r.inspection.summary | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    p("{%p for area, grade in r.inspection.grades | pairs %}")
    p("{{ area }}: {{ grade | grade_phrase }}")
    p("{%p endfor %}")
    p("{{ published_sentences[loop.index0] }}")
    p("{%p for item in r.items %}")
    p("{{ item.label }}{{ ' (restricted: details withheld)' if item.withheld else '' }}", "Heading 3")
    p("{%p if not item.withheld %}")
    p("{{ item.text }}")
    p("{%p endif %}")
    p("{%p endfor %}")
    p("The Police and Crime Commissioner's comments on this report are due by {{ r.comments_due | ordinal_date }} (56 days from publication).")
    p("{%p endfor %}")
    p("{%p if not paper.published %}")
    p("No reports have been published since the last {{ committee_short }}.")
    p("{%p endif %}")

    doc.add_heading("4. Inspection Activity", level=1)
    p("{%p if paper.activity %}")
    p("Since the last {{ committee_short }}, {{ short }} has hosted the following inspection activity in force;")
    p("{%p for i in paper.activity %}")
    p("{{ loop.index | letter }}) {{ i.fieldwork_start | fieldwork(i.fieldwork_end) }} – {{ i.title }}.{{ ' ' + i.summary if i.summary else '' }}", "List Paragraph")
    p("{%p endfor %}")
    p("{%p else %}")
    p("There has been no inspection activity in force since the last {{ committee_short }}.")
    p("{%p endif %}")
    p("{%p for para in narrative.activity | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    doc.add_heading("Forthcoming HMICFRS Activity & Inspections", level=2)
    p("{%p for i in paper.forthcoming %}")
    p("{{ i.fieldwork_start | fieldwork(i.fieldwork_end) }} {{ i.fieldwork_start.year }} – {{ i.title }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p for para in narrative.forthcoming | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    p("{%p if not paper.forthcoming and not narrative.forthcoming %}")
    p("There are no further Inspections currently in the calendar.")
    p("{%p endif %}")

    doc.add_heading("5. Recommendations Closed Since the Last {{ committee_short }}", level=1)
    p("{%p for para in narrative.closed | paragraphs %}")
    p("{{ para | plain }}")
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
    )
    p("{%p endfor %}")
    p("{%p if not paper.closed %}")
    p("No recommendations have been closed or submitted for closure since the last {{ committee_short }}.")
    p("{%p endif %}")

    doc.add_heading("6. Outstanding Recommendations Currently Graded Red", level=1)
    p("{%p for para in narrative.outstanding | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    p("{%p for item in paper.red %}")
    p("{%p if item.withheld %}")
    p("{{ item.type.label }} (restricted: details withheld)", "Heading 3")
    p("{%p else %}")
    p("{{ item.id }}: {{ item.title }}", "Heading 3")
    p("{{ item.label }}{{ '; lead: ' + item.owner if item.owner else '' }}")
    p("{{ item.text }}")
    p("{%p if item.latest %}")
    p("Latest update ({{ item.latest.date | long_date }}): {{ item.latest.note }}", "Quote")
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

    doc.add_heading("7. Recommendations", level=1)
    p("{%p for para in narrative.closing | paragraphs %}")
    p("{{ para | plain }}")
    p("{%p endfor %}")
    p("{{ meeting.committee_asked }}")
    doc.add_heading("Contact Officer", level=2)
    p("Name: {{ meeting.contact.name if meeting.contact else '' }}")
    p("Title: {{ meeting.contact.title if meeting.contact and meeting.contact.title else '' }}")
    doc.add_heading("Background Documents", level=2)
    p("{%p for document in meeting.background_documents or [] %}")
    p("{{ document }}", "List Bullet")
    p("{%p endfor %}")
    p("{%p if not meeting.background_documents %}")
    p("None")
    p("{%p endif %}")
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
