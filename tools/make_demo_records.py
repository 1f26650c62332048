"""Write the bundled demo records (records/) from the three real papers plus illustrative items.

Run once by the developers (`python tools/make_demo_records.py`); the records it writes are
committed and reviewed like code. Items the papers name are written out by hand below; the
items behind a count the 2024 paper gives without naming them are illustrative, generated
from a fixed seed, and listed in records/README.md.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent / "records"
D = dt.date.fromisoformat


class _Literal(str):
    """A string written as a YAML block scalar."""


def _literal(dumper: yaml.SafeDumper, value: _Literal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)
# Records may not hold anchors: write a shared value out each time it appears.
yaml.SafeDumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]


def block(text: str) -> _Literal:
    return _Literal(text.strip() + "\n")


def write(sub: str, name: str, data: dict[str, Any], header: str | None = None) -> None:
    path = ROOT / sub / f"{name}.yaml" if sub else ROOT / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    path.write_text((f"# {header}\n" if header else "") + text, encoding="utf-8")


# --- inspections ------------------------------------------------------------------------
INSPECTIONS: list[dict[str, Any]] = [
    {"id": "AUSTERITY-2014", "title": "Policing in Austerity: Meeting the Challenge", "type": "national",
     "published": D("2014-07-22"),
     "summary": "A national inspection, with a local focus for each force. The overall judgement for WMP was outstanding; four all-force recommendations were made."},
    {"id": "CHILD-PROTECTION-2014", "title": "National child protection inspection: West Midlands Police", "type": "other",
     "published": D("2015-01-29")},
    {"id": "PEEL-2016-EFFECTIVENESS", "title": "PEEL: Police effectiveness 2016 – West Midlands Police", "type": "peel",
     "published": D("2017-03-02"), "grades": {"West Midlands Police": "requires improvement"}},
    {"id": "CDI-2017", "title": "West Midlands Police: Crime Data Integrity inspection 2017", "type": "other",
     "published": D("2017-09-07"), "grades": {"West Midlands Police": "inadequate"},
     "summary": "Four recommendations and two areas for improvement, allocated to the Force Crime Registrar."},
    {"id": "ABUSE-OF-POSITION-2017", "title": "Abuse of position for a sexual purpose", "type": "national",
     "published": D("2017-10-05"),
     "summary": "A national report following a national cause of concern in forces' ability to seek intelligence on potential abuse of position for sexual gain. HMICFRS found WMP's plans comprehensive, though not fully reflecting the national strategy."},
    {"id": "MSHT-2017", "title": "Stolen freedom: the policing response to modern slavery and human trafficking", "type": "national",
     "fieldwork_start": D("2017-02-27"), "fieldwork_end": D("2017-03-01"), "published": D("2017-10-24"),
     "summary": "A national report, commissioned by the Home Secretary, on the police response to the Modern Slavery Act 2015. WMP was one of ten forces visited."},
    {"id": "PEEL-2017-EFFICIENCY", "title": "PEEL: Police efficiency 2017", "type": "peel",
     "published": D("2017-11-09")},
    {"id": "DA-PROGRESS-2017", "title": "A progress report on the police response to domestic abuse", "type": "national",
     "published": D("2017-11-14"),
     "summary": "The third in a series of thematic reports on the police response to domestic abuse. There were no recommendations from this report."},
    {"id": "PEEL-2017-EFFECTIVENESS", "title": "PEEL: Police effectiveness 2017 – West Midlands Police", "type": "peel",
     "fieldwork_start": D("2017-09-25"), "fieldwork_end": D("2017-09-28"), "hot_debrief": D("2017-10-06"),
     "published": D("2018-03-22")},
    {"id": "PREVENT-2020", "title": "Counter Terrorism Policing – An inspection of the police's contribution to the Government's Prevent programme", "type": "national",
     "published": D("2020-03-09"), "totals": {"recommendation": 8},
     "summary": "Prevent is one of four strands of CONTEST, the UK Government's strategy for countering terrorism. All 43 forces were inspected; the published report is redacted in the interest of national security. HMICFRS made eight recommendations to further improve the effectiveness of Counter Terrorism policing, all being progressed by the relevant agencies."},
    {"id": "VAWG-2021", "title": "Police response to violence against women and girls", "type": "national",
     "published": D("2021-09-17")},
    {"id": "PEEL-2021", "title": "PEEL 2021/22: An inspection of West Midlands Police", "type": "peel",
     "published": D("2022-04-29")},
    {"id": "VETTING-2022", "title": "An inspection of vetting, misconduct, and misogyny in the police service", "type": "national",
     "published": D("2022-11-02")},
    {"id": "DIGITAL-FORENSICS-2022", "title": "An inspection into how well the police and other agencies use digital forensics in their investigations", "type": "national",
     "published": D("2022-12-01")},
    {"id": "PEEL-2023", "title": "PEEL 2023–25: An inspection of West Midlands Police", "type": "peel",
     "fieldwork_start": D("2023-05-15"), "fieldwork_end": D("2023-05-26"), "published": D("2023-10-20"),
     "grades": {"West Midlands Police": "inadequate in three areas; the force moved to Engage"},
     "totals": {"cause-of-concern": 4, "recommendation": 23, "area-for-improvement": 17}},
    {"id": "SOC-REGIONAL-2024", "title": "An inspection of the West Midlands regional response to serious and organised crime", "type": "regional",
     "fieldwork_start": D("2023-02-06"), "fieldwork_end": D("2023-03-10"), "published": D("2024-05-14"),
     "grades": {"The Regional Organised Crime Unit for the West Midlands": "Adequate", "West Midlands Police": "Adequate"},
     "totals": {"area-for-improvement": 10, "cause-of-concern": 1},
     "summary": block("""
As part of the overall police effectiveness, efficiency and legitimacy inspections, HMICFRS inspect how well police forces tackle serious and organised crime (SOC). In 2022, HMICFRS changed how they inspect this aspect of policing, to incorporate inspections of the ten regions as well as the nine regional organised crime units (ROCU) throughout England and Wales, and the 43 police forces. This improves their understanding of how well forces and ROCUs work together to tackle SOC.

This inspection included WMP, West Mercia, Staffordshire and Warwickshire forces and took place in early 2023.

It was noted that WMP prioritises its SOC threats, using intelligence to inform operational decision-making. Lead Responsible Officers (LRO's) are supported by the force but it was recognised that some face excessive demand due to their role within higher demand geographic areas. WMP tackles county lines effectively but it was found that SOC demand isn't being dealt with consistently across the force – largely due to knowledge and experience of local policing officers. It was recognised that WMP should improve its use of Serious Crime Prevention Orders (SCPO) to prevent SOC offending but there was good evidence of work with partners to prevent people from becoming involved in SOC and to protect vulnerable victims.
""")},
    {"id": "JTAI-COVENTRY-2024", "title": "Joint Targeted Area Inspection: The multi-agency response to serious youth violence in Coventry", "type": "joint",
     "fieldwork_start": D("2024-03-18"), "fieldwork_end": D("2024-03-22"), "published": D("2024-05-17"),
     "summary": block("""
This Inspection took place between 18th and 22nd March 2024, carried out by inspectors from Ofsted, the Care Quality Commission, His Majesty's Inspectorate of Constabulary and Fire & Rescue Services and His Majesty's Inspectorate of Probation.

Children at risk of criminal exploitation and serious youth violence are safer as a result of the effective partnership work undertaken by both statutory services and the third sector to reduce risks in place and spaces as well as for individual young people in Coventry. Mature partnership arrangements are in place. Since 2019, partners in Coventry have continued to focus on serious youth violence and exploitation. Their response to the new serious violence duty, through the Coventry Serious Violence Prevention Partnership led by the police, with strong links to the West Midlands Regional Violence Reduction Partnership and Coventry Safeguarding Children Partnership, further builds on the learning from the city's experience of serious youth violence.
""")},
    {"id": "SOMS-OCSET-REVISIT-2024", "title": "SOMS & OCSET re-visit", "type": "revisit",
     "fieldwork_start": D("2024-04-29"), "fieldwork_end": D("2024-05-02"),
     "summary": "HMIC returned to force in order to measure our progress against the two causes of concern we received in these areas."},
    {"id": "MARAC-REVISIT-2024", "title": "MARAC re-visit", "type": "revisit",
     "fieldwork_start": D("2024-05-20"), "fieldwork_end": D("2024-05-22"),
     "summary": "HMIC returned into force to measure our progress against this cause of concern."},
    {"id": "CRIME-INVESTIGATIONS-2024", "title": "Crime Investigations Thematic", "type": "thematic",
     "fieldwork_start": D("2024-06-10"), "fieldwork_end": D("2024-06-13"),
     "summary": "We were 1 of 6 forces being inspected as HMICFRS seek to identify good practice that can be shared nationally to help improve the overall approach to investigations."},
]

# --- findings ---------------------------------------------------------------------------
counters = {"REC": 0, "COC": 0, "AFI": 0}
PREFIX = {"recommendation": "REC", "cause-of-concern": "COC", "area-for-improvement": "AFI"}
ILLUSTRATIVE: list[str] = []


def item(
    type_: str,
    inspection: str,
    title: str,
    text: str,
    updates: list[dict[str, Any]],
    *,
    illustrative: bool = False,
    closure: dict[str, Any] | None = None,
    **fields: Any,
) -> str:
    prefix = PREFIX[type_]
    counters[prefix] += 1
    rid = f"{prefix}-{counters[prefix]:03d}"
    status = next(u["status"] for u in reversed(updates) if "status" in u)
    data: dict[str, Any] = {"id": rid, "type": type_, "title": title,
                            "text": block(text) if len(text) > 80 else text, "inspection": inspection}
    order = ["reference", "hmicfrs_ref", "part_of", "addressed_to", "raised", "due", "owner",
             "portfolio", "level"]
    for key in order:
        if key in fields:
            data[key] = fields.pop(key)
    data["status"] = status
    if fields.pop("restricted", False):
        data["restricted"] = True
    data["updates"] = updates
    if closure:
        data["closure"] = closure
    assert not fields, fields
    write("recommendations", rid, data)
    if illustrative:
        ILLUSTRATIVE.append(rid)
    return rid


def closing(
    start: dt.date, close: dt.date, level: int, status: str, note: str, *, evidence: str | None,
    first: str = "amber", progress: list[tuple[dt.date, str]] | None = None,
    confirmed: dt.date | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """An update log that opens at `start`, makes progress, and closes or submits at `close`."""
    updates: list[dict[str, Any]] = [{"date": start, "status": first, "note": "Received and allocated to the lead."}]
    for when, text in progress or []:
        updates.append({"date": when, "note": text})
    updates.append({"date": close, "status": status, "note": note})
    closure: dict[str, Any] = {"date": close}
    if evidence:
        closure["evidence"] = evidence
    if confirmed:
        updates.append({"date": confirmed, "status": "closed", "note": "HMICFRS confirmed closure after fieldwork."})
        closure["confirmed"] = confirmed
    return updates, closure


def main() -> None:
    if ROOT.exists():
        for sub in ("inspections", "recommendations", "meetings"):
            shutil.rmtree(ROOT / sub, ignore_errors=True)
    rng = random.Random(20240627)

    write("", "jac", {"force": "West Midlands Police", "short_name": "WMP",
                      "committee": "Joint Audit Committee", "closure_baseline": D("2023-08-01")},
          header="Settings of the demo records folder: West Midlands Police, from its published JAC papers.")
    for inspection in INSPECTIONS:
        write("inspections", inspection["id"], inspection)

    # 2014: Policing in Austerity, four all-force recommendations, closed by HMICFRS (level 1).
    austerity = [
        ("Review plans to deliver savings", "All Chief Constables and PCCs should review their plans to deliver savings to ensure they are doing all they can to continue to reduce crime and protect the front line while balancing their budgets. They should use the data and information contained in this report, and in HMIC's Value for Money profiles, when conducting their reviews."),
        ("Assess scope for savings through collaboration", "Chief Constables and PCCs in forces planning to deliver less than 10% of their savings through collaboration should assess whether there is scope to improve on this position. HMIC will follow up the assessments in the autumn."),
        ("Maintain crime fighting capacity on the front line", "Chief Constables and PCCs in forces that are planning to reduce the proportion of their workforce and/or police officers on the front line should assess whether they have taken the decisive action seen in many forces in order to maintain their crime fighting capacity. HMIC will follow up the assessments in the autumn."),
        ("Review plans for collaboration", "In preparation for the next spending round period all Chief Constables and PCCs should review their plans for collaboration. In particular they should consider whether there is scope to deliver better value for money and improved capability and capacity through joint working with other forces, the public and/or the private sector."),
    ]
    for n, (title, text) in enumerate(austerity, 1):
        updates, closure = closing(D("2014-07-22"), D("2017-11-01"), 1, "closed",
                                   "The updated HMICFRS list shows no further action is required: this area is now inspected each year through PEEL Efficiency.",
                                   evidence=None, first="green",
                                   progress=[(D("2015-03-01"), "Addressed holistically as part of the WMP2020 Programme.")])
        item("recommendation", "AUSTERITY-2014", title, text, updates, closure=closure,
             reference=f"Recommendation {n}", owner="Director of Commercial Services", portfolio="Finance and efficiency", level=1)

    # 2014: child protection, two recommendations closed before the July 2020 meeting.
    for n, (title, text, closed) in enumerate([
        ("Review the detention of children", "The force should review the detention of children in police custody to ensure that children are detained only when necessary and for the shortest appropriate time.", D("2020-04-21")),
        ("MARAC process for safeguarding children", "The force should ensure that the Multi Agency Risk Assessment Conference (MARAC) process effectively safeguards children in households where there is domestic abuse.", D("2020-05-12")),
    ], 1):
        updates, closure = closing(D("2015-01-29"), closed, 2, "closed", "Work complete; closure letter signed by the Chief Constable uploaded to the HMICFRS portal.",
                                   evidence=f"portal:WMP-CP-2014-{n}", progress=[(D("2019-06-30"), "Revised policy in place; audit under way.")])
        item("recommendation", "CHILD-PROTECTION-2014", title, text, updates, closure=closure,
             reference=f"Recommendation {n}", owner="Head of Public Protection", portfolio="Public protection", level=2)

    # PEEL effectiveness 2016: the domestic abuse cause of concern, red in November 2017.
    coc_da = item("cause-of-concern", "PEEL-2016-EFFECTIVENESS", "Response to domestic abuse: DASH risk assessment",
                  "The force's response to domestic abuse is a cause of concern to HMIC. The force policy which allows an officer discretion to complete a DASH risk assessment in some crimes and incidents does not provide confidence that risk is always assessed appropriately. This is an enduring cause of concern from HMIC's report on vulnerability in 2015 and is one of the recommendations from HMIC's report on its domestic abuse inspection in 2014 that still needs to be implemented. In cases where a DASH risk assessment is not completed the officer should record an assessment on the crime management system. HMIC found that officers are not consistently completing a DASH in circumstances where force policy requires that they should do so. This means that some victims of domestic abuse who may be at risk of harm are not being appropriately risk-assessed.",
                  [{"date": D("2017-03-02"), "status": "red", "note": "Received; addressed through the Vulnerability Improvement Delivery Plan."},
                   {"date": D("2018-06-30"), "status": "submitted", "note": "All DA incidents now risk-assessed; submitted for closure through its recommendation."},
                   {"date": D("2018-11-15"), "status": "closed", "note": "HMICFRS confirmed closure at the PEEL 2018 fieldwork."}],
                  closure={"date": D("2018-06-30"), "evidence": "portal:WMP-PEEL16-COC1", "confirmed": D("2018-11-15")},
                  reference="Cause of concern 1", owner="Chief Superintendent Bell", portfolio="Vulnerability", level=4)
    item("recommendation", "PEEL-2016-EFFECTIVENESS", "Effective supervision of DASH risk assessment",
         "To address this cause of concern, HMIC recommends the force should immediately take steps to ensure that there is effective supervision of the initial risk assessment process, specifically in relation to the completion of DASH risk assessment in appropriate cases.",
         [{"date": D("2017-03-02"), "status": "red", "note": "Received; led through the Vulnerability Improvement Delivery Plan."},
          {"date": D("2017-10-20"), "note": "The Force Executive Team agreed on 25 July that we would risk-assess all DA incidents. A Task & Finish group has been set up and a full implementation/project plan, policy rewrite and communications plan is now completed. The policy is now signed off and in place with an implementation date of the end of October.", "by": "Chief Superintendent Bell"},
          {"date": D("2018-02-01"), "status": "amber", "note": "New policy live since the end of October 2017; supervision audits started."},
          {"date": D("2018-06-30"), "status": "submitted", "note": "Audit shows DASH completed and supervised in all sampled cases; submitted for closure."},
          {"date": D("2018-11-15"), "status": "closed", "note": "HMICFRS confirmed closure at the PEEL 2018 fieldwork."}],
         closure={"date": D("2018-06-30"), "evidence": "portal:WMP-PEEL16-R1", "confirmed": D("2018-11-15")},
         reference="Recommendation 1", part_of=coc_da, owner="Chief Superintendent Bell", portfolio="Vulnerability", level=4)

    # Crime Data Integrity 2017: four recommendations and two AFIs for the Force Crime Registrar.
    cdi = [
        ("recommendation", "Crime recording improvement plan", "Within three months, the force should put in place an action plan to improve its crime-recording accuracy, so that all reports of crime are recorded correctly and without delay."),
        ("recommendation", "Recording of reports from partner agencies", "Within three months, the force should ensure that reports of crime received from other agencies, including reports of rape and sexual offences, are recorded as crimes without delay."),
        ("recommendation", "Training in crime-recording standards", "Within six months, the force should provide training in the Home Office Counting Rules to all officers and staff who record crime."),
        ("recommendation", "Audit capacity of the Force Crime Registrar", "Within three months, the force should ensure that the Force Crime Registrar has sufficient audit capacity to provide assurance on crime-recording accuracy."),
        ("area-for-improvement", "Recording of modern slavery crimes", "The force should improve how it records modern slavery crimes."),
        ("area-for-improvement", "Cancellation of recorded crimes", "The force should ensure that cancellations of recorded crimes comply with the Home Office Counting Rules."),
    ]
    refs = {"recommendation": 0, "area-for-improvement": 0}
    for type_, title, text in cdi:
        refs[type_] += 1
        label = "Recommendation" if type_ == "recommendation" else "Area for improvement"
        updates, closure = closing(D("2017-09-07"), D("2019-10-31"), 3, "closed",
                                   "Re-inspection found crime recording much improved; self-certified by the Chief Constable.",
                                   evidence="portal:WMP-CDI17", progress=[(D("2017-11-02"), "Force progress sent to the OPCC to inform the 56-day response to the report.")])
        item(type_, "CDI-2017", title, text, updates, closure=closure, reference=f"{label} {refs[type_]}",
             owner="C/Insp Howat, Force Crime Registrar", portfolio="Crime data integrity", due=D("2018-03-07"), level=3)

    # Stolen freedom 2017: seven all-force recommendations.
    msht = [
        ("Leadership and governance for modern slavery", "Within twelve months, forces should review their leadership and governance arrangements for modern slavery and human trafficking."),
        ("Information-sharing agreements with other agencies", "Within six months, forces should have in place active information-sharing agreements with other agencies to facilitate speedy exchange of intelligence and in order to safeguard victims better and to identify suspects as early as possible."),
        ("Section 45 defence for victims", "Immediately, forces should ensure that all victims carrying out criminal acts under compulsion attributable to slavery or exploitation are afforded the protection of early and continuing consideration of the applicability of the section 45 defence."),
        ("Compliance with the NRM process", "Immediately, forces should take steps to ensure they are fully compliant with the NRM process as it evolves and are implementing the requirement placed upon them under the Modern Slavery Act 2015 to notify the Home Office of any individual suspected to be an adult victim of modern slavery or human trafficking."),
        ("Crime recording of modern slavery offences", "Immediately, forces should take steps to ensure they fully comply with national crime recording standard (NCRS) requirements for offences identified as modern slavery and human trafficking."),
        ("Investigation of modern slavery", "Immediately, forces should ensure that allegations or indications of modern slavery and human trafficking are thoroughly investigated and effectively supervised by teams and individuals with the skills and experience to undertake them."),
        ("Use of preventative powers", "Immediately, forces should review their use of preventative powers under the Modern Slavery Act 2015 to ensure that opportunities to restrict the activities of those deemed to pose a clear threat to others in respect of modern slavery and human trafficking offences are exploited."),
    ]
    for n, (title, text) in enumerate(msht, 1):
        updates, closure = closing(D("2017-10-24"), D("2019-03-29") + dt.timedelta(days=7 * n), 2, "closed",
                                   "Work complete; closure letter signed by the Chief Constable uploaded.",
                                   evidence=f"portal:WMP-MSHT17-{n}")
        item("recommendation", "MSHT-2017", title, text, updates, closure=closure, reference=f"Recommendation {n}",
             owner="Detective Superintendent, Modern Slavery", portfolio="Modern slavery and human trafficking",
             due=D("2018-10-24") if n <= 1 else D("2018-04-24") if n == 2 else D("2017-10-24"), level=2)

    # PEEL efficiency 2017: the digital services recommendation and the control room AFI.
    updates, closure = closing(D("2017-11-09"), D("2019-09-30"), 3, "closed", "Digital services plan published and delivered; self-certified.", evidence="portal:WMP-EFF17-R1")
    item("recommendation", "PEEL-2017-EFFICIENCY", "Plan to improve digitally-enabled services",
         "By September 2018, chief constables should produce an ambitious plan to improve digitally-enabled services within their force.",
         updates, closure=closure, reference="Recommendation 1", due=D("2018-09-30"), owner="Director of IT and Digital", portfolio="Digital", level=3)
    updates, closure = closing(D("2017-11-09"), D("2019-05-31"), 2, "closed", "Control room resourcing model met for two consecutive quarters.", evidence="portal:WMP-EFF17-AFI1")
    item("area-for-improvement", "PEEL-2017-EFFICIENCY", "Control room resources",
         "The force should ensure that it has sufficient resources available in the control room to fulfil its resourcing model, and so to meet its demand, while also taking into account the wellbeing of its workforce.",
         updates, closure=closure, reference="Area for improvement 1", owner="Head of Force Contact", portfolio="Contact", level=2)

    # Prevent 2020: eight recommendations for the relevant agencies, not the force.
    to_whom = ["npcc", "npcc", "home-office", "home-office", "npcc", "college-of-policing", "other", "npcc"]
    for n, whom in enumerate(to_whom, 1):
        item("recommendation", "PREVENT-2020", f"Prevent recommendation {n} (redacted report)",
             f"Recommendation {n} of the redacted national report, being progressed by the relevant agency.",
             [{"date": D("2020-03-09"), "status": "amber", "note": "Noted; progressed nationally by the relevant agency."}],
             reference=f"Recommendation {n}", addressed_to=whom, portfolio="Counter terrorism")

    # Older national and PEEL items closed since the baseline: the 2024 table counts them.
    # Before the March 2024 meeting: Rec L2 48, Rec L3 25, AFI L3 7, AFI L2 6; after it: Rec L3 9.
    themes = {
        "VETTING-2022": ("Vetting and counter-corruption", "Head of Professional Standards", [
            "vetting decisions record the rationale for accepting risk", "intelligence checks are repeated when an officer changes role",
            "misconduct outcomes are shared with the vetting unit", "the counter-corruption unit has capacity to assess intelligence",
            "IT monitoring covers all force devices", "sexual misconduct allegations are referred for assessment",
            "supervisors are trained to recognise misogynistic behaviour", "aftercare vetting is completed for every officer",
            "adverse information is reviewed before transfer", "the force reports vetting data to the College of Policing"]),
        "VAWG-2021": ("Violence against women and girls", "Head of Public Protection", [
            "victims of stalking receive a consistent response", "protective orders are used wherever appropriate",
            "domestic abuse outcomes are monitored by supervisors", "partnership problem-solving tackles repeat offending",
            "officers understand the impact of coercive control", "victims are kept informed throughout the investigation"]),
        "DIGITAL-FORENSICS-2022": ("Digital forensics", "Head of Forensic Services", [
            "digital devices are triaged within agreed times", "digital forensic backlogs are reported to the chief officer team",
            "accreditation of digital forensic units is achieved", "investigators request only proportionate extractions",
            "kiosk operators receive refresher training"]),
        "PEEL-2021": ("Force performance", "ACC Local Policing", [
            "response times meet the force's standards", "crime recording remains accurate for violent crime",
            "the force understands demand in the control room", "neighbourhood teams are not abstracted",
            "wellbeing support reaches all staff", "investigation plans are supervised"]),
    }

    def older_item(type_: str, level: int, close: dt.date) -> str:
        inspection = rng.choice(list(themes) if type_ == "recommendation" else ["PEEL-2021"])
        portfolio, owner, topics = themes[inspection]
        topic = rng.choice(topics)
        published = next(i["published"] for i in INSPECTIONS if i["id"] == inspection)
        progress_date = min(published + dt.timedelta(days=rng.randint(60, 300)), close - dt.timedelta(days=14))
        status = "closed"
        updates, closure = closing(published, close, level, status,
                                   "Work complete; " + ("closure letter signed by the Chief Constable uploaded." if level == 2 else "self-certified by the Chief Constable; HMICFRS to verify at the next inspection."),
                                   evidence=f"portal:WMP-{inspection}-{counters[PREFIX[type_]] + 1}",
                                   first=rng.choice(["amber", "amber", "green"]),
                                   progress=[(progress_date, "Action plan agreed; progress reported to the HMIC Oversight Board.")])
        sentence = ("The force should ensure that " if type_ == "area-for-improvement" else "Chief constables should ensure that ") + topic + "."
        return item(type_, inspection, topic[0].upper() + topic[1:], sentence, updates, closure=closure, illustrative=True,
                    reference=("Area for improvement" if type_ == "area-for-improvement" else "Recommendation") + f" {next_reference(inspection, type_)}",
                    owner=owner, portfolio=portfolio, level=level)

    references: dict[tuple[str, str], int] = {}

    def next_reference(inspection: str, type_: str) -> int:
        """References are unique within a report: number them in order per report and type."""
        references[inspection, type_] = references.get((inspection, type_), 0) + 1
        return references[inspection, type_]

    def spread(count: int, start: dt.date, end: dt.date) -> list[dt.date]:
        days = (end - start).days
        return sorted(start + dt.timedelta(days=rng.randint(0, days)) for _ in range(count))

    before = (D("2023-08-01"), D("2024-03-21"))
    for type_, level, count, window in [
        ("recommendation", 2, 48, before), ("recommendation", 3, 25, before),
        ("area-for-improvement", 3, 7, before), ("area-for-improvement", 2, 6, before),
        ("recommendation", 3, 9, (D("2024-03-22"), D("2024-06-27"))),
    ]:
        for close in spread(count, *window):
            older_item(type_, level, close)

    # Older items still open on 27 June 2024, one red and one restricted among them.
    open_items = [
        ("VETTING-2022", "recommendation", "Counter-corruption intelligence assessment", "By 31 October 2023, chief constables should make sure their counter-corruption units have enough capacity to assess all intelligence received.", "red", D("2023-10-31"), True),
        ("VETTING-2022", "recommendation", "Aftercare vetting for all officers and staff", "By 30 April 2024, chief constables should make sure that aftercare vetting is completed for every officer and member of staff.", "amber", D("2024-04-30"), False),
        ("DIGITAL-FORENSICS-2022", "recommendation", "Digital forensic backlog", "By 31 March 2024, chief constables should make sure the backlog of devices awaiting examination is reduced to an agreed level.", "amber", D("2024-03-31"), False),
        ("VAWG-2021", "recommendation", "Consistent response to stalking", "Chief constables should make sure that every report of stalking receives a consistent, victim-focused response.", "green", None, False),
        ("DIGITAL-FORENSICS-2022", "recommendation", "Supervision of digital extraction requests", "Chief constables should make sure that requests for digital extraction are supervised and proportionate.", "amber", None, False),
    ]
    for inspection, type_, title, text, status, due, restricted in open_items:
        published = next(i["published"] for i in INSPECTIONS if i["id"] == inspection)
        updates = [{"date": published, "status": "amber", "note": "Received and allocated to the lead."},
                   {"date": published + dt.timedelta(days=200), "note": "Action plan agreed."}]
        if status != "amber":
            updates.append({"date": D("2024-05-30"), "status": status,
                            "note": "Counter-corruption unit uplift delayed by recruitment; interim tasking in place." if status == "red"
                            else "On track: new guidance issued and briefed to all teams."})
        if restricted:
            updates.append({"date": D("2024-06-14"), "note": "Details of the interim tasking are restricted.", "restricted": True})
        item(type_, inspection, title, text, updates, illustrative=True, due=due,
             owner=themes[inspection][1], portfolio=themes[inspection][0], level=3, restricted=restricted)

    # PEEL 2023-25: 4 causes of concern, 23 recommendations, 17 AFIs (the force is in Engage).
    published = D("2023-10-20")
    cocs = [
        ("Management of registered sex offenders (SOMS)", "The force isn't managing the risk posed by registered sex offenders effectively.", "Detective Chief Superintendent, Public Protection", 5),
        ("Online child sexual exploitation (OCSET)", "The force isn't responding to online child sexual abuse and exploitation referrals in a timely way.", "Detective Chief Superintendent, Public Protection", 5),
        ("Multi-agency risk assessment conferences (MARAC)", "The force's MARAC arrangements don't effectively safeguard high-risk domestic abuse victims.", "Head of Public Protection", 5),
        ("Quality of crime investigations", "The force isn't investigating crime effectively, and victims aren't always receiving the service they deserve.", "ACC Crime, Op Vanguard", 8),
    ]
    rec_number = 0
    submitted = spread(18, D("2024-03-22"), D("2024-06-20"))
    for n, (title, text, owner, rec_count) in enumerate(cocs, 1):
        is_open = n == 4
        if is_open:
            coc_updates = [{"date": published, "status": "amber", "note": "Received; Op Vanguard established under the DCC's HMIC Oversight Board."},
                           {"date": D("2024-06-13"), "note": "Crime Investigations Thematic fieldwork gave the chance to showcase Op Vanguard improvements."}]
            coc_closure = None
        else:
            close = [D("2024-04-25"), D("2024-04-25"), D("2024-05-16")][n - 1]
            coc_updates, coc_closure = closing(published, close, 4, "submitted",
                                               "All recommendations answering this cause of concern submitted; HMICFRS re-visit arranged.",
                                               evidence=None, progress=[(D("2024-01-31"), "Improvement plan reviewed monthly at the HMIC Oversight Board.")])
        coc = item("cause-of-concern", "PEEL-2023", title, text, coc_updates, closure=coc_closure,
                   reference=f"Cause of concern {n}", owner=owner, portfolio="PEEL 2023–25", level=4, due=D("2024-09-30"))
        for k in range(rec_count):
            rec_number += 1
            rtitle = f"{title.split(' (')[0]}: improvement {k + 1}"
            rtext = f"To address this cause of concern, the force should, within six months, take action {k + 1} of the improvement plan for {title.split(' (')[0].lower()}."
            if is_open and k >= 3:
                # The last five recommendations of the investigations cause of concern are still open.
                status = "red" if k == 3 else "amber"
                updates = [{"date": published, "status": "amber", "note": "Received; part of Op Vanguard."},
                           {"date": D("2024-06-05"), "status": status, "by": "ACC Crime",
                            "note": "Investigation standards audit shows limited improvement; additional supervision training commissioned for July." if status == "red"
                            else "Op Vanguard workstream on track; evidence pack in preparation."}]
                item("recommendation", "PEEL-2023", rtitle, rtext, updates, illustrative=True, part_of=coc,
                     reference=f"Recommendation {rec_number}", due=D("2024-04-20"), owner=owner, portfolio="PEEL 2023–25", level=4)
                continue
            close = submitted.pop(0)
            updates, closure = closing(published, close, 4, "submitted", "Evidence of completion submitted to HMICFRS for closure.",
                                       evidence=None, progress=[(D("2024-02-15"), "Improvement activity complete; evidence being gathered.")])
            item("recommendation", "PEEL-2023", rtitle, rtext, updates, closure=closure, illustrative=True, part_of=coc,
                 reference=f"Recommendation {rec_number}", due=D("2024-04-20"), owner=owner, portfolio="PEEL 2023–25", level=4)
    afi_closed = spread(6, D("2024-03-25"), D("2024-06-25"))
    afi_topics = ["call handling", "use of force recording", "stop and search scrutiny", "wellbeing support", "demand management",
                  "neighbourhood problem-solving", "victim updates", "case file quality", "disclosure", "out of court resolutions",
                  "missing children", "mental health triage", "digital evidence", "integrity checks", "workforce planning",
                  "firearms licensing", "road safety"]
    for n, topic in enumerate(afi_topics, 1):
        text = f"The force should improve its {topic}."
        if n <= 6:
            updates, closure = closing(published, afi_closed[n - 1], 2, "closed", "Work complete; closure letter signed by the Chief Constable uploaded.",
                                       evidence=f"portal:WMP-PEEL23-AFI{n}")
            item("area-for-improvement", "PEEL-2023", f"Improve {topic}", text, updates, closure=closure, illustrative=True,
                 reference=f"Area for improvement {n}", owner="Superintendent, Strategy, Delivery and Assurance", portfolio="PEEL 2023–25", level=2)
        else:
            status = rng.choice(["amber", "amber", "green"])
            updates = [{"date": published, "status": "amber", "note": "Received and allocated to the lead."}]
            if status != "amber":
                updates.append({"date": D("2024-05-02"), "status": status, "note": "On track."})
            item("area-for-improvement", "PEEL-2023", f"Improve {topic}", text, updates, illustrative=True,
                 reference=f"Area for improvement {n}", due=D("2024-10-20"), owner="Superintendent, Strategy, Delivery and Assurance", portfolio="PEEL 2023–25")

    # The regional SOC inspection: three of its ten AFIs apply to WMP.
    for n, text in enumerate([
        "West Midlands Police should improve its serious and organised crime local profile",
        "West Midlands Police should increase its financial investigation capacity",
        "West Midlands Police should improve the quality and consistency of its 4P plans.",
    ], 1):
        title = text.removeprefix("West Midlands Police should ").rstrip(".")
        item("area-for-improvement", "SOC-REGIONAL-2024", title[0].upper() + title[1:], text,
             [{"date": D("2024-05-14"), "status": "amber", "note": "Received; allocated to the SOC lead."}],
             reference=f"Area for improvement {n}", owner="Detective Chief Superintendent, Serious and Organised Crime", portfolio="Serious and organised crime")

    write_meetings()
    (ROOT / "evidence").mkdir(exist_ok=True)
    write_readme()
    print(f"wrote {sum(counters.values())} findings, {len(INSPECTIONS)} inspections; illustrative: {len(ILLUSTRATIVE)}")


def _ranges(ids: list[str]) -> str:
    """`REC-001 to REC-004, REC-009` from a sorted list of ids."""
    parts: list[str] = []
    run: list[str] = []
    for rid in ids:
        if run and (rid[:3] != run[-1][:3] or int(rid[4:]) != int(run[-1][4:]) + 1):
            parts.append(run[0] if len(run) == 1 else f"{run[0]} to {run[-1]}")
            run = []
        run.append(rid)
    if run:
        parts.append(run[0] if len(run) == 1 else f"{run[0]} to {run[-1]}")
    return ", ".join(parts)


def write_readme() -> None:
    ids = sorted(ILLUSTRATIVE, key=lambda r: (r[:3], int(r[4:])))
    (ROOT / "README.md").write_text(README.format(illustrative=_ranges(ids), count=len(ids)), encoding="utf-8")


README = """# Demo records: West Midlands Police

These records are jac's bundled demo. They are written from three real papers to
West Midlands Police and Crime Commissioner's Joint Audit Committee (30 November 2017,
2 July 2020 and 27 June 2024), so that `jac render --meeting 2024-06-27` computes the
2024 paper and `jac list`, `jac count` and `jac show` have something real to work on.

They were written by `tools/make_demo_records.py`; change that script and run it
again rather than editing these files by hand.

## What is real
Every inspection, and every finding whose wording appears in a paper: Policing in
Austerity (2014), the two 2014 child protection recommendations closed in spring 2020,
the PEEL 2016 domestic abuse cause of concern and its recommendation (red in November
2017, with its real progress update), the Crime Data Integrity 2017 findings, the seven
Stolen freedom recommendations, the PEEL Efficiency 2017 recommendation and AFI, the
Prevent 2020 recommendations (addressed to other agencies), the four PEEL 2023-25 causes
of concern, the three regional serious and organised crime AFIs, and the meeting records
with the papers' own narrative.

## What is illustrative
The 2024 paper gives counts without naming the items behind them: 119 closures since
August 2023 by type and level, and the PEEL 2023-25 items submitted for closure (3 of 4
causes of concern, 18 of 23 recommendations, 6 of 17 AFIs). These {count} findings were
made up so that the computed counts match, with plausible titles, owners and dates:

{illustrative}

Also illustrative: the publication date of PEEL 2023-25 (20 October 2023), the dates
and fieldwork of the older national reports, every `portal:` evidence reference, and the
meetings of 28 September 2017, 30 January 2020 and 21 March 2024 (those papers are not
among the seeds; their records give the next paper its reporting window).

## Where the real paper does not add up
The June 2024 paper's closure table gives a total of `119 (+66)`, but its rows add up to
119 with a change of +33 (`+6`, `+18` and `+9`). jac computes the table from the records,
so the rendered paper says `119 (+33)`.
"""


def write_meetings() -> None:
    write("meetings", "2017-11-30", {
        "date": D("2017-11-30"), "agenda_item": "05", "title": "HMICFRS Update",
        "purpose": "To provide members of the Committee with oversight of HMIC recommendations.",
        "narrative": {
            "opening": block("""
Since the last meeting in September, HMICFRS have been consulting forces on the introduction of Force Management Statements, which they hope will form part of an integrated PEEL Inspection from next year. This consultation has come to PCC's as well as forces and is running until 22 December.

The force has now received a definitive list from HMICFRS of the recommendations held by them against WMP. Work is in hand to reconcile this list with records held by the force to update and sign off as many recommendations as possible.
"""),
            "activity": "A hot debrief was held on 6 October when initial findings and updates to previous recommendations were discussed with the inspectors. It is anticipated that the force will receive the inspection report for pre-publication checks at the end of January, and that the report should be published in March.",
        },
        "committee_asked": "The Committee to note the contents of the report.",
        "contact": {"name": "Kath Holder", "title": "Risk and Organisational Learning Manager"},
        "background_documents": ["Force Response – CDI Report 2017"],
    })
    for date, item_no in (("2017-09-28", "06"), ("2020-01-30", "08")):
        write("meetings", date, {
            "date": D(date), "agenda_item": item_no, "title": "HMICFRS Update",
            "purpose": "To provide members of the Committee with oversight of HMICFRS recommendations.",
            "extra": {"illustrative": "This paper is not among the seeds; the record gives the next paper its reporting window."},
        })
    write("meetings", "2020-07-02", {
        "date": D("2020-07-02"), "agenda_item": "10", "title": "HMICFRS Update",
        "purpose": "To provide members of the Committee with oversight of HMICFRS recommendations.",
        "narrative": {
            "opening": block("""
HMICFRS continues to suspend all inspection work requiring contributions from police forces and fire and rescue services, to enable them to focus on their vital work during the Coronavirus pandemic. This includes the joint-agency inspections, which HMICFRS carry out with other inspectorates.

HMICFRS are keeping this suspension under review and continue working with the Home Office and police and fire sector partners throughout.
"""),
            "activity": "No inspections have taken place since the last report and activity on the Force Management Statement has been suspended to enable resources to be redeployed to Coronavirus related plans and processes. However, the force is still working closely with the HMICFRS Force Liaison Lead to ensure that relationships are maintained.",
            "forthcoming": "The PEEL 2020 inspection programme was due to begin in April this year. However, due to the suspension of all inspection activity by HMICFRS it is likely that the timeline for the programme will be revised which will then be communicated to all forces.",
        },
        "contact": {"name": "Detective Inspector 6998 Shameem Ahmed", "title": "HMICFRS Force Liaison Officer"},
    })
    write("meetings", "2024-03-21", {
        "date": D("2024-03-21"), "agenda_item": "07", "title": "HMICFRS Update",
        "purpose": "To provide members of the Committee with oversight of HMICFRS Inspection activity and recommendations.",
        "narrative": {
            "opening": "WMP remains in Engage status following the 2023 PEEL inspection, and reports its progress on the causes of concern to the Police Performance Oversight Group.",
        },
        "contact": {"name": "T/Chief Inspector Fiona Fletcher", "title": "HMICFRS Force Liaison Officer, Strategy, Delivery and Assurance"},
        "extra": {"illustrative": "The March 2024 paper is not among the seeds; this record gives the June 2024 paper its reporting window."},
    })
    write("meetings", "2024-06-27", {
        "date": D("2024-06-27"), "agenda_item": "06", "title": "HMICFRS Update",
        "purpose": "To provide members of the Committee with oversight of HMICFRS Inspection activity and recommendations.",
        "narrative": {
            "opening": block("""
WMP remains in Engage status due to the identification of 4 Causes of Concern during our 2023 PEEL inspection. WMP continues to work at pace to implement improvements and report on the changes being made in response to the concerns raised. Since the last JAC, HMICFRS have been back into force and conducted a re-visit inspection for OCSET/SOMS and again for MARAC. We await the formal reporting from these re-visits but the early hot-debrief recognised improvements having been made. WMP have also taken part in a Crime Thematic Inspection which afforded us opportunity to demonstrate and showcase the improvements to investigations that are being led under Op Vanguard. CC Guildford presented our progress to HMICFRS for the second Police Performance Oversight Group that was held in May 2024. This is due to be repeated again in Sept 2024.
"""),
            "recommendations": "The force continues to concentrate upon the Causes of Concern, Recommendations and Areas for Improvement held on the HMICFRS Portal under the direction of our DCC through his HMIC Oversight Board which is held on a monthly basis.",
            "peel_progress": "Progress continues in the remaining areas.",
            "forthcoming": "There are no further Inspections currently in the calendar.",
        },
        "contact": {"name": "T/Chief Inspector Fiona Fletcher", "title": "HMICFRS Force Liaison Officer, Strategy, Delivery and Assurance"},
        "background_documents": [],
    })


if __name__ == "__main__":
    sys.exit(main())
