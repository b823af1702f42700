"""The Welsh demo: a fictional YOT in Wales, inspected under SQS in May 2015.

Glanyrafon, its county borough and everyone named here are invented. Its 33
cases are built and assessed as Redbridge's are (``data.assess_screening_cases``, the
counts of ``data.COUNTS``), with the inspectors' notes in Welsh; its practice examples
were written in Welsh and in English, and each report quotes those in its own
language. The report is drafted in Welsh and in English, the lead inspector writes
the paragraphs the template asks for in both, and both are published together, so a
new user can switch the service to Cymraeg and read every page and the report in
Welsh.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from casescreen.accounts.models import User
from casescreen.assessments.models import PracticeExample
from casescreen.demo import data
from casescreen.inspections.models import CopyListContact, Inspection, TeamMembership, Yot
from casescreen.reports.models import ReportVersion
from casescreen.reports.services import report_create

REFERENCE = "glanyrafon-2015-05"
PUBLISHED_AT = datetime(2015, 6, 10, 9, 0, tzinfo=UTC)

# Fictional children; no part of a name is a word the reports write with a capital.
NAMES = (
    "Aled Pennant", "Bedwyr Caradog", "Cai Llywelyn", "Dafydd Glyndwr", "Emyr Tudur",
    "Ffredi Bowen", "Gethin Prosser", "Harri Gruffudd", "Iestyn Parri", "Jac Bevan",
    "Llŷr Meredydd", "Macsen Ifans", "Nedw Garmon", "Osian Rhydderch", "Peredur Bebb",
    "Rhodri Elfed", "Steffan Bryn", "Tomos Heulyn", "Wiliam Huws", "Yestyn Dyfnallt",
    "Alun Trefor", "Berian Cynan", "Celt Maelor", "Deian Ogwen", "Efan Siencyn",
    "Guto Nyth", "Hedd Wynne", "Ianto Preis", "Mabli Ffowc", "Nanw Eirug",
    "Sioned Crwys", "Lowri Madog", "Elliw Pyrs",
)  # fmt: skip

NOT_MET = "Trafodwyd gyda'r rheolwr achos; nid oedd y cofnod yn dangos hyn."

# The inspectors' practice examples, by paragraph, in Welsh and in English (each
# pseudonym is no child's name).
EXAMPLES = (
    (
        "1.2",
        "Siôn",
        "Wrth baratoi'r adroddiad cyn dedfrydu, cyfarfu'r rheolwr achos â rhieni Siôn yn "
        "Gymraeg, eu dewis iaith, i ddeall pam yr oedd wedi troseddu a sut y gallai'r "
        "teulu ei helpu i roi'r gorau iddi. Roedd yr adroddiad yn glir i'r llys ac yn sail "
        "dda i'r gwaith a ddilynodd.",
        "In preparing the pre-sentence report, the case manager met Siôn's parents in Welsh, "
        "their chosen language, to understand why he had offended and how the family could "
        "help him stop. The report was clear to the court and a sound basis for the work "
        "that followed.",
    ),
    (
        "3.4",
        "",
        "Roedd un cynllun wedi'i ysgrifennu yng ngeiriau'r person ifanc ei hun, fel bod y "
        "pryderon am ei ddiogelwch yn glir iddo ef ac i'w ofalwyr.",
        "One plan was written in the young person's own words, so that the concerns about "
        "his safety were clear to him and to his carers.",
    ),
    (
        "OM",
        "",
        "Roedd y rheolwr tîm wedi adolygu asesiad risg o niwed un achos, gan nodi'r "
        "dystiolaeth oedd ar goll a'r camau i'w cymryd, ac roedd y rheolwr achos wedi "
        "gweithredu arnynt o fewn wythnos.",
        "The team manager had reviewed one case's assessment of risk of harm, noting the "
        "missing evidence and the steps to take, and the case manager had acted on them "
        "within a week.",
    ),
)

# The paragraphs the lead inspector writes, in each language, by section and paragraph.
NARRATIVE: dict[str, dict[tuple[str, str], str]] = {
    "cy": {
        ("summary", "summary.narrative"): (
            "Roedd TTI Glanyrafon yn gwneud gwaith o ansawdd uchel gyda'r plant a "
            "oruchwyliai, a hynny'n aml yn Gymraeg, yn ôl dewis y plentyn a'i deulu."
        ),
        ("theme-4", "4.2"): (
            "Roedd y plant a'u rhieni neu ofalwyr yn ymgysylltu'n dda drwy gydol y "
            "ddedfryd, ac yn helpu rheolwyr achos i ddeall beth fyddai'n eu helpu i "
            "roi'r gorau i droseddu."
        ),
        ("theme-4", "4.3"): (
            "Roedd y TTI yn cynnig ei holl waith yn Gymraeg ac yn Saesneg, ac roedd wedi "
            "penodi gweithiwr iechyd meddwl i weithio gyda phlant a'u teuluoedd. Roedd yn "
            "rhy gynnar i weld effaith hynny yn ein canfyddiadau."
        ),
        ("operational-management", "OM"): (
            "Roedd rheolwyr yn goruchwylio achosion yn dda, ac roedd rheolwyr achos yn "
            "gwerthfawrogi'r cymorth a gaent."
        ),
    },
    "en": {
        ("summary", "summary.narrative"): (
            "Glanyrafon YOT did work of high quality with the children it supervised, often "
            "in Welsh, as the child and family chose."
        ),
        ("theme-4", "4.2"): (
            "Children and their parents or carers engaged well throughout the sentence, and "
            "helped case managers to understand what would help them stop offending."
        ),
        ("theme-4", "4.3"): (
            "The YOT offered all its work in Welsh and in English, and had appointed a "
            "mental health worker to work with children and their families. It was too soon "
            "to see the difference in our findings."
        ),
        ("operational-management", "OM"): (
            "Managers oversaw cases well, and case managers valued the support they had."
        ),
    },
}

COPY_LIST = (
    ("YOT Manager", "Huw Tegid"),
    ("Local Authority Chief Executive", "Menna Arfon"),
    ("Director of Social Services", "Gwilym Alaw"),
    ("Chair of the Local Safeguarding Children Board", "Eirlys Tanat"),
)


def create_welsh_inspection(lead: User, inspector: User, *, publish_report: bool) -> Inspection:
    """The Glanyrafon inspection with its cases assessed; with ``publish_report`` its
    report is drafted, written and published in Welsh and in English."""
    yot, _ = Yot.objects.get_or_create(
        name="Glanyrafon YOT",
        defaults={
            "local_authority": "County Borough of Glanyrafon",
            "name_cy": "Tîm Troseddau Ieuenctid Glanyrafon",
            "local_authority_cy": "Bwrdeistref Sirol Glanyrafon",
            "nation": Yot.Nation.WALES,
            "region": "Wales",
            "board_chair": "Eleri Prydderch",
            "manager_name": "Huw Tegid",
            "manager_email": "huw.tegid@glanyrafon-tti.example",
        },
    )
    for position, (role, name) in enumerate(COPY_LIST):
        CopyListContact.objects.get_or_create(
            yot=yot, role_title=role, defaults={"name": name, "position": position}
        )
    framework_id, version = data.FRAMEWORK
    inspection = Inspection.objects.create(
        yot=yot,
        reference=REFERENCE,
        framework_id=framework_id,
        framework_version=version,
        status=Inspection.Status.DRAFTING,
        announced_on=date(2015, 4, 24),
        fieldwork_start=date(2015, 5, 11),
        fieldwork_end=date(2015, 5, 13),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    assessments = data.assess_screening_cases(
        inspection, lead, inspector, prefix="GR", names=NAMES, not_met=NOT_MET
    )
    quotes: dict[str, dict[str, list[int]]] = {"cy": {}, "en": {}}
    for i, (paragraph, pseudonym, *texts) in enumerate(EXAMPLES):
        assessment = assessments[(i * 5) % len(assessments)]
        for language, text in zip(("cy", "en"), texts, strict=True):
            example = PracticeExample.objects.create(
                assessment=assessment,
                paragraph=paragraph,
                pseudonym=pseudonym,
                text=text,
                language=language,
                created_by=assessment.inspector,
            )
            quotes[language].setdefault(paragraph, []).append(example.pk)
    if publish_report:
        publish_welsh_report(inspection, lead, quotes)
    return inspection


def publish_welsh_report(
    inspection: Inspection, lead: User, quotes: dict[str, dict[str, list[int]]]
) -> ReportVersion:
    """Draft the report in both languages, write the lead's paragraphs and quote the
    examples in each, and publish both together."""
    report = report_create(inspection=inspection, user=lead)
    for language in report.languages:
        report = data.write_narrative(
            report, lead, NARRATIVE[language], quotes=quotes[language], language=language
        )
    return data.publish_written(report, lead, now=PUBLISHED_AT)
