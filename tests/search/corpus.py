"""A small bilingual corpus of SearchDocuments that every engine indexes for the contract.

It needs no pages: engines index documents, so the contract checks engines alone. Object
keys are far above any real page id.
"""

import datetime

from core.search import FILED_UNDER
from search.documents import Attachment, SearchDocument

GLOSSARY = [
    ["VBG", "GBV", "Violencia basada en género", "Gender-based violence", "violencia de género"],
    [
        "ROF",
        "OFR",
        "Reglamento de Organización y Funciones",
        "Organization and Functions Regulations",
    ],
    ["CEM", "Centro Emergencia Mujer", "Women's Emergency Centre", "Centros Emergencia Mujer"],
]


def _doc(number, language, title, **fields):
    """A document; `sectors=`, `regions=`, `institutions=`, `topics=` give its facets' values."""
    fields["facets"] = {
        facet: fields.pop(field) for field, facet in FILED_UNDER.items() if field in fields
    }
    fields.setdefault("kind", "lesson")
    fields.setdefault("url", f"/{language}/corpus/{number}/")
    return SearchDocument(
        object_key=f"page:{900000 + number}", language=language, title=title, **fields
    )


def documents():
    return [
        _doc(
            1,
            "es",
            "Capacitación de operadores en el protocolo CEM-EESS",
            summary="Cómo se formó al personal de salud y de los CEM para actuar juntos.",
            body=(
                "Los talleres de capacitación conjunta mejoraron la atención de casos de "
                "violencia basada en género en Ayacucho. <script>alert(1)</script> no es texto."
            ),
            kind="training",
            date=datetime.date(2019, 6, 1),
            sectors=("salud", "mujer"),
            regions=("ayacucho",),
            topics=("capacitacion",),
            attachments=[
                Attachment(
                    document_id=9901,
                    title="Guía del facilitador",
                    url="/documents/9901/guia.pdf",
                    language="es",
                    extension="pdf",
                    text="Anexo metodológico: simulación de casos de feminicidio en audiencias.",
                )
            ],
        ),
        _doc(
            1,
            "en",
            "Training operators on the CEM-HF protocol",
            summary="How health and CEM staff were trained to act together.",
            body="Joint training workshops improved the care of gender-based violence cases.",
            kind="training",
            date=datetime.date(2019, 6, 1),
            sectors=("salud", "mujer"),
            regions=("ayacucho",),
            topics=("capacitacion",),
            attachments=[
                Attachment(
                    document_id=9902,
                    title="Facilitator's guide",
                    url="/documents/9902/guide.pdf",
                    language="en",
                    extension="pdf",
                    text="Methodological annex: simulated hearings of femicide cases.",
                )
            ],
        ),
        # Spanish only: the English site still finds it, in Spanish.
        _doc(
            2,
            "es",
            "Lecciones del piloto multisectorial de Huamanga",
            body="El grupo de trabajo del CASE-Huamanga revisó los protocolos de atención.",
            date=datetime.date(2020, 3, 10),
            sectors=("gobierno-regional",),
            regions=("ayacucho",),
            topics=("coordinacion",),
        ),
        _doc(
            2,
            "en",
            "Lecciones del piloto multisectorial de Huamanga",
            title_language="es",
            body="El grupo de trabajo del CASE-Huamanga revisó los protocolos de atención.",
            date=datetime.date(2020, 3, 10),
            sectors=("gobierno-regional",),
            regions=("ayacucho",),
            topics=("coordinacion",),
        ),
        # The word in the title must rank above the same word deep in a body.
        _doc(
            3,
            "es",
            "Feminicidio: procesamiento de casos en Huancayo",
            body="Curso para fiscales y jueces.",
            date=datetime.date(2018, 9, 1),
            sectors=("justicia",),
            regions=("junin",),
            topics=("feminicidio",),
        ),
        _doc(
            4,
            "es",
            "Foro público en Lima",
            body=" ".join(
                ["Representantes de instituciones debatieron la respuesta pública."] * 8
                + ["También se mencionó el feminicidio."]
            ),
            kind="event",
            date=datetime.date(2019, 11, 20),
            sectors=("justicia", "mujer"),
            regions=("lima",),
        ),
        # A versioned work: the version in force and a superseded one.
        _doc(
            5,
            "es",
            "Protocolo de actuación conjunta CEM-EESS",
            body="Versión vigente del protocolo de actuación conjunta entre CEM y establecimientos de salud.",
            kind="protocol",
            status="in_force",
            date=datetime.date(2021, 1, 15),
            sectors=("salud",),
        ),
        _doc(
            5,
            "es",
            "Protocolo de actuación conjunta CEM-EESS (2017)",
            variant="v2017",
            url="/es/corpus/5/2017/",
            body="Primera versión del protocolo de actuación conjunta, reemplazada en 2021.",
            kind="protocol",
            status="superseded",
            is_current=False,
            date=datetime.date(2017, 5, 2),
            sectors=("salud",),
        ),
        # An accent slip, as the programme's own captions have.
        _doc(
            6,
            "es",
            "Capacitaciòn en el Módulo de Justicia Integrado",
            body="Taller para personal de fiscalía y juzgados sobre el ROF regional.",
            kind="event",
            date=datetime.date(2018, 4, 12),
            sectors=("justicia",),
            regions=("la-libertad",),
        ),
        _doc(
            7,
            "en",
            "Women's Emergency Centres and health facilities",
            body="Referral between the Women's Emergency Centre and health posts in Piura.",
            date=datetime.date(2022, 2, 2),
            sectors=("mujer",),
            regions=("piura",),
        ),
        _doc(
            7,
            "es",
            "Centros Emergencia Mujer y establecimientos de salud",
            body="Derivación entre el CEM y los puestos de salud en Piura.",
            date=datetime.date(2022, 2, 2),
            sectors=("mujer",),
            regions=("piura",),
        ),
        _doc(
            8,
            "en",
            "Writing the pilot into the Organization and Functions Regulations",
            body="The regional government amended its regulations so the pilot became permanent.",
            kind="protocol",
            status="in_force",
            date=datetime.date(2020, 8, 1),
            institutions=("gore-piura",),
        ),
    ]
