"""The demo's lessons, events, pilots, training materials and publications, in both languages.

Statements of lessons and photo captions are the programme's own (see content.py). Everything
else here is written for the demo from what the seed says: exact dates, numbers of
participants, places within a region and the wording of contexts and recommendations are
illustrative, and each page that shows them says so.
"""

DEMO_FACTS_ES = (
    "Las fechas exactas, el número de participantes y los lugares precisos de esta página son "
    "datos de demostración."
)
DEMO_FACTS_EN = (
    "Exact dates, numbers of participants and precise places on this page are demo data."
)

AUDIENCES = [
    ("operadores-salud", "Operadores de salud", "Health operators"),
    ("operadores-justicia", "Operadores de justicia", "Justice operators"),
    ("equipos-cem", "Equipos de los CEM", "CEM teams"),
    ("policia", "Policía Nacional", "National Police"),
    (
        "gobiernos-regionales",
        "Funcionarios de gobiernos regionales",
        "Regional government officials",
    ),
]

SECTIONS = {
    # key: (slug es, slug en, title es, title en, intro es, intro en)
    "lessons": (
        "lecciones-aprendidas",
        "lessons-learned",
        "Lecciones aprendidas",
        "Lessons learned",
        "Lo que el Programa Conjunto aprendió al promover una respuesta multisectorial frente "
        "a la violencia basada en género, con la evidencia que lo respalda y lo que recomienda.",
        "What the Joint Programme learned while promoting a multisectoral response to "
        "gender-based violence, with the evidence behind it and what it recommends.",
    ),
    "pilots": (
        "pilotos",
        "pilots",
        "Pilotos",
        "Pilots",
        "Los pilotos multisectoriales de Piura y Ayacucho (Huamanga): qué prácticas probaron y "
        "hasta dónde llegó cada una, desde el piloto hasta la institución.",
        "The multisectoral pilots in Piura and Ayacucho (Huamanga): which practices they tried "
        "and how far each one has come, from pilot to institution.",
    ),
    "events": (
        "eventos",
        "events",
        "Eventos",
        "Events",
        "Cursos, talleres, foros y reuniones de trabajo del Programa Conjunto, con sus fotos y "
        "los materiales que se usaron.",
        "Courses, workshops, forums and working meetings of the Joint Programme, with their "
        "photos and the materials used.",
    ),
    "training": (
        "capacitacion",
        "training",
        "Materiales de capacitación",
        "Training materials",
        "Cursos, módulos y guías para operadores de salud, de justicia y equipos de los CEM, "
        "para descargar en su idioma.",
        "Courses, modules and guides for health and justice operators and CEM teams, to "
        "download in your language.",
    ),
    "publications": (
        "publicaciones",
        "publications",
        "Publicaciones",
        "Publications",
        "Informes y estudios del Programa Conjunto.",
        "Reports and studies of the Joint Programme.",
    ),
}

TRACKER = {
    "slug_es": "seguimiento",
    "slug_en": "tracker",
    "title_es": "Del piloto a la institución: seguimiento de prácticas",
    "title_en": "From pilot to institution: practice tracker",
    "search_description_es": (
        "Cada práctica de cada piloto y la etapa a la que llegó: piloteada, documentada, "
        "aprobada, incorporada al ROF o extendida a otras regiones."
    ),
    "search_description_en": (
        "Every practice of every pilot and the stage it has reached: piloted, documented, "
        "approved, incorporated into an OFR or extended to other regions."
    ),
    "intro_es": (
        "Qué se ha vuelto institucional y qué sigue siendo un piloto. La etapa de cada "
        "práctica se deduce de la evidencia publicada: una lección aprendida, una versión de "
        "un protocolo, una versión del ROF, un evento en otra región."
    ),
    "intro_en": (
        "What has become institutional and what is still a pilot. Each practice's stage "
        "follows from published evidence: a lesson learned, a protocol version, an OFR "
        "version, an event in another region."
    ),
}

# Lesson details keyed by the slugs in content.LESSONS: short titles, context and
# recommendation (written for the demo), classification and the items each lesson cites.
LESSONS = {
    "enfoque-multisectorial": {
        "title_es": "El abordaje multisectorial como estrategia esencial",
        "title_en": "The multisectoral approach as an essential strategy",
        "slug_en": "multisectoral-approach",
        "sectors": ["mujer", "salud", "justicia"],
        "topics": ["coordinacion", "atencion"],
        "regions": [],
        "institutions": ["mimp", "snu"],
        "events": ["lima-2019-foro"],
    },
    "rectoria-mimp": {
        "title_es": "Fortalecer el rol rector del Ministerio de la Mujer",
        "title_en": "Strengthening the leading role of the Ministry of Women",
        "slug_en": "mimp-leading-role",
        "sectors": ["mujer"],
        "topics": ["prevencion", "atencion"],
        "regions": [],
        "institutions": ["mimp"],
        "events": ["lima-2019-foro"],
    },
    "protocolos-actuacion-conjunta": {
        "title_es": "Los protocolos de actuación conjunta consolidan el marco normativo",
        "title_en": "Joint action protocols consolidate the normative framework",
        "slug_en": "joint-action-protocols",
        "sectors": ["mujer", "salud"],
        "topics": ["coordinacion", "institucionalizacion"],
        "regions": [],
        "institutions": ["mimp", "minsa"],
        "events": ["ayacucho-2019-inauguracion"],
        "materials": ["protocolo-cem-eess"],
    },
    "modulos-capacitacion": {
        "title_es": "Módulos de capacitación y simulación de casos",
        "title_en": "Training modules and case simulation",
        "slug_en": "training-modules-case-simulation",
        "sectors": ["salud", "justicia"],
        "topics": ["capacitacion", "feminicidio"],
        "regions": ["junin", "arequipa", "la-libertad"],
        "institutions": ["ministerio-publico", "poder-judicial", "minsa"],
        "events": ["huancayo-2018", "arequipa-2018", "la-libertad-2018"],
        "materials": ["feminicidio-2", "simulacion-de-casos"],
    },
    "informacion-estrategica": {
        "title_es": "La información estratégica visibiliza la agenda pendiente",
        "title_en": "Strategic information makes the pending agenda visible",
        "slug_en": "strategic-information",
        "sectors": ["educacion", "cooperacion"],
        "topics": ["informacion", "escuelas"],
        "regions": [],
        "institutions": ["minedu", "snu"],
        "events": ["si-se-ve-2017"],
        "publications": ["si-se-ve"],
    },
    "espacios-intercambio": {
        "title_es": "Espacios de intercambio entre salud y los CEM",
        "title_en": "Spaces for exchange between health and the CEM",
        "slug_en": "health-cem-exchange",
        "sectors": ["salud", "mujer"],
        "topics": ["coordinacion", "institucionalizacion"],
        "regions": ["piura", "ayacucho"],
        "institutions": ["minsa", "mimp"],
        "events": ["ayacucho-2019-taller"],
    },
    "capacitacion-conjunta-cem-eess": {
        "title_es": "Capacitación conjunta de los CEM y los establecimientos de salud",
        "title_en": "Joint training of CEM teams and health facilities",
        "slug_en": "joint-cem-health-training",
        "sectors": ["salud", "mujer"],
        "topics": ["capacitacion", "coordinacion"],
        "regions": ["ayacucho", "piura"],
        "institutions": ["minsa", "mimp"],
        "events": ["ayacucho-2019-taller", "ayacucho-2019-inauguracion"],
        "materials": ["protocolo-cem-eess"],
    },
    "institucionalizacion-pilotos": {
        "title_es": "Institucionalizar los pilotos en los instrumentos de gestión",
        "title_en": "Institutionalizing the pilots in management instruments",
        "slug_en": "institutionalizing-pilots",
        "sectors": ["gobierno-regional", "mujer"],
        "topics": ["institucionalizacion"],
        "regions": ["piura", "ayacucho"],
        "institutions": ["gore-piura", "gore-ayacucho"],
        "pilots": ["piura", "ayacucho"],
        # Published once, then updated with this note: the page shows "updated on".
        "change_note_es": (
            "Se enlazaron las versiones de los ROF de los Gobiernos Regionales de Piura y "
            "Ayacucho que incorporaron los pilotos."
        ),
        "change_note_en": (
            "Linked the versions of the Piura and Ayacucho Regional Governments' OFRs that "
            "incorporated the pilots."
        ),
    },
    "grupos-de-trabajo": {
        "title_es": "Grupos de trabajo interinstitucionales",
        "title_en": "Inter-institutional working groups",
        "slug_en": "working-groups",
        "sectors": ["sociedad-civil", "gobierno-regional", "salud"],
        "topics": ["coordinacion"],
        "regions": ["ayacucho"],
        "institutions": ["gore-ayacucho", "mimp", "minsa"],
        "events": ["case-huamanga"],
    },
    "coordinacion-permanente": {
        "title_es": "La coordinación intersectorial es un proceso permanente",
        "title_en": "Intersectoral coordination is a permanent process",
        "slug_en": "coordination-is-permanent",
        "sectors": ["gobierno-regional", "salud", "mujer"],
        "topics": ["coordinacion", "institucionalizacion"],
        "regions": ["piura", "ayacucho"],
        "institutions": ["gore-piura", "gore-ayacucho"],
        "pilots": ["piura", "ayacucho"],
    },
}

LESSON_CONTEXT_ES = (
    "<p>Lección identificada durante la implementación del Programa Conjunto «Servicios "
    "esenciales para mujeres y niñas sometidas a violencia» en el Perú, al promover e "
    "implementar estrategias multisectoriales de prevención y atención de la VBG.</p>"
)
LESSON_CONTEXT_EN = (
    "<p>Lesson identified during the implementation of the Joint Programme “Essential services "
    "for women and girls subject to violence” in Peru, while promoting and implementing "
    "multisectoral strategies for the prevention of and care for GBV.</p>"
)
# {report} is the id of the lessons-learned report's publication page: each lesson links the
# report's page, which offers its files in both languages, instead of carrying one of them.
LESSON_EVIDENCE_ES = (
    '<p>Recogida en el <a linktype="page" id="{report}">informe de lecciones aprendidas del '
    "Programa Conjunto</a>. Los eventos, pilotos y materiales enlazados en esta página "
    "muestran dónde se observó.</p>"
)
LESSON_EVIDENCE_EN = (
    '<p>Recorded in the Joint Programme\'s <a linktype="page" id="{report}">lessons-learned '
    "report</a>. The events, pilots and materials linked from this page show where it was "
    "observed.</p>"
)
# The publication every lesson is drawn from (a key of PUBLICATIONS).
LESSONS_REPORT = "lecciones"
LESSON_RECOMMENDATION_ES = (
    "<p>Texto de demostración: tener en cuenta esta lección al diseñar nuevos protocolos, "
    "pilotos y programas de capacitación, y registrar la evidencia de su aplicación.</p>"
)
LESSON_RECOMMENDATION_EN = (
    "<p>Demo text: take this lesson into account when designing new protocols, pilots and "
    "training programmes, and record the evidence of how it was applied.</p>"
)
LESSON_SOURCE_ES = "Informe de lecciones aprendidas del Programa Conjunto"
LESSON_SOURCE_EN = "Lessons-learned report of the Joint Programme"
LESSON_DATE = (2019, 12, 2)

# Events, keyed by the caption keys of content.CAPTIONS whose photos they show.
EVENTS = [
    {
        "key": "huancayo-2018",
        "slug_es": "curso-feminicidio-huancayo-2018",
        "slug_en": "femicide-course-huancayo-2018",
        "title_es": "Curso formativo sobre procesamiento de casos de feminicidio (Huancayo 2018)",
        "title_en": "Training course on processing cases of femicide (Huancayo 2018)",
        "kind": "training_course",
        "start": (2018, 5, 14),
        "end": (2018, 5, 16),
        "city_es": "Huancayo",
        "city_en": "Huancayo",
        "regions": ["junin"],
        "participants": 38,
        "institutions": ["ministerio-publico", "poder-judicial", "snu"],
        "sectors": ["justicia"],
        "topics": ["feminicidio", "capacitacion"],
        "photos": ["huancayo-2018"],
        "materials": ["feminicidio-1"],
        "intro_es": (
            "Primera edición del curso formativo para fiscales, jueces y personal policial "
            "sobre el procesamiento de casos de feminicidio."
        ),
        "intro_en": (
            "First edition of the training course for prosecutors, judges and police staff on "
            "processing cases of femicide."
        ),
        "outcomes_es": (
            "<p>Los participantes resolvieron casos simulados de principio a fin y acordaron "
            "criterios comunes para la investigación.</p>"
        ),
        "outcomes_en": (
            "<p>Participants worked through simulated cases from start to finish and agreed "
            "on common criteria for investigation.</p>"
        ),
    },
    {
        "key": "arequipa-2018",
        "slug_es": "curso-feminicidio-arequipa-2018",
        "slug_en": "femicide-course-arequipa-2018",
        "title_es": "Curso formativo para procesamiento de casos de feminicidio (Arequipa, 2018)",
        "title_en": "Training course for processing cases of femicide (Arequipa, 2018)",
        "kind": "training_course",
        "start": (2018, 9, 10),
        "end": (2018, 9, 12),
        "city_es": "Arequipa",
        "city_en": "Arequipa",
        "regions": ["arequipa"],
        "participants": 42,
        "institutions": ["ministerio-publico", "poder-judicial", "snu"],
        "sectors": ["justicia"],
        "topics": ["feminicidio", "capacitacion"],
        "photos": ["arequipa-2018"],
        "materials": ["feminicidio-2"],
        "intro_es": (
            "Segunda edición del curso, revisada tras la experiencia de Huancayo, con más horas "
            "de simulación de casos."
        ),
        "intro_en": (
            "Second edition of the course, revised after the Huancayo experience, with more "
            "hours of case simulation."
        ),
        "outcomes_es": (
            "<p>El curso se consolidó como módulo replicable para las sedes del Ministerio "
            "Público y del Poder Judicial.</p>"
        ),
        "outcomes_en": (
            "<p>The course became a replicable module for offices of the Public Prosecutor's "
            "Office and the Judiciary.</p>"
        ),
    },
    {
        "key": "la-libertad-2018",
        "slug_es": "taller-modulo-justicia-integrado-la-libertad-2018",
        "slug_en": "integrated-justice-workshop-la-libertad-2018",
        "title_es": "Taller para personal del Módulo de Justicia Integrado sobre VGB (La Libertad, 2018)",
        "title_en": "Workshop for the staff of the Section on Integrated Justice on GBV (La Libertad, 2018)",
        "kind": "workshop",
        "start": (2018, 10, 22),
        "end": None,
        "city_es": "Trujillo",
        "city_en": "Trujillo",
        "regions": ["la-libertad"],
        "participants": 25,
        "institutions": ["ministerio-publico", "poder-judicial"],
        "sectors": ["justicia"],
        "topics": ["capacitacion", "atencion"],
        "photos": ["la-libertad-2018"],
        "materials": ["simulacion-de-casos"],
        "intro_es": (
            "Taller con el personal del Módulo de Justicia Integrado para mejorar la atención "
            "de los casos de violencia basada en género."
        ),
        "intro_en": (
            "Workshop with the staff of the Integrated Justice Module to improve how cases of "
            "gender-based violence are handled."
        ),
        "outcomes_es": "<p>Se aplicó la guía de simulación de casos con casos de la región.</p>",
        "outcomes_en": "<p>The case-simulation guide was applied to cases from the region.</p>",
    },
    {
        "key": "lima-2019-foro",
        "slug_es": "foro-publico-respuesta-multisectorial-lima-2019",
        "slug_en": "public-forum-multisectoral-response-lima-2019",
        "title_es": "Foro Público «Fortaleciendo la respuesta pública multisectorial frente a la VBG» (Lima, 2019)",
        "title_en": "Public Forum “Strengthening the multisectoral public response to GBV” (Lima, 2019)",
        "kind": "public_forum",
        "start": (2019, 11, 25),
        "end": None,
        "city_es": "Lima",
        "city_en": "Lima",
        "regions": ["lima"],
        "participants": 150,
        "institutions": ["mimp", "snu"],
        "sectors": ["mujer", "cooperacion"],
        "topics": ["coordinacion", "institucionalizacion"],
        "photos": ["lima-2019-foro", "lima-2019-representantes"],
        "pilots": ["piura", "ayacucho"],
        "intro_es": (
            "Representantes del Ministerio de la Mujer y del Sistema de Naciones Unidas "
            "presentaron los resultados del Programa Conjunto y de los pilotos de Piura y "
            "Ayacucho."
        ),
        "intro_en": (
            "Representatives of the Ministry of Women and the United Nations System presented "
            "the results of the Joint Programme and of the Piura and Ayacucho pilots."
        ),
        "outcomes_es": (
            "<p>Se presentaron las lecciones aprendidas y la ruta de institucionalización de "
            "los pilotos.</p>"
        ),
        "outcomes_en": (
            "<p>The lessons learned and the pilots' institutionalization pathway were "
            "presented.</p>"
        ),
    },
    {
        "key": "ayacucho-2019-taller",
        "slug_es": "taller-regional-protocolo-cem-eess-ayacucho-2019",
        "slug_en": "regional-workshop-cem-health-protocol-ayacucho-2019",
        "title_es": "Taller Regional «Capacitación de operadores/as en el marco del Protocolo CEM-EESS» (Ayacucho, 2019)",
        "title_en": "Regional Workshop “Training of operators within the framework of the CEM-Healthcare Institutions Protocol” (Ayacucho, 2019)",
        "kind": "workshop",
        "start": (2019, 6, 18),
        "end": (2019, 6, 19),
        "city_es": "Huamanga",
        "city_en": "Huamanga",
        "regions": ["ayacucho"],
        "participants": 60,
        "institutions": ["minsa", "mimp", "gore-ayacucho"],
        "sectors": ["salud", "mujer"],
        "topics": ["capacitacion", "coordinacion"],
        "photos": ["ayacucho-2019-taller"],
        "materials": ["protocolo-cem-eess", "simulacion-de-casos"],
        "pilots": ["ayacucho"],
        "intro_es": (
            "Equipos de los CEM y personal de los establecimientos de salud de Ayacucho se "
            "capacitaron juntos en el protocolo de actuación conjunta, tal como se había "
            "probado en Piura."
        ),
        "intro_en": (
            "CEM teams and staff of Ayacucho's health facilities trained together in the joint "
            "action protocol, as it had been tried in Piura."
        ),
        "outcomes_es": (
            "<p>Cada establecimiento de salud participante acordó con su CEM un flujo de "
            "referencia de casos.</p>"
        ),
        "outcomes_en": (
            "<p>Each participating health facility agreed a case referral flow with its CEM.</p>"
        ),
    },
    {
        "key": "ayacucho-2019-inauguracion",
        "slug_es": "inauguracion-taller-regional-protocolo-cem-eess-ayacucho-2019",
        "slug_en": "opening-regional-workshop-cem-health-protocol-ayacucho-2019",
        "title_es": "Inauguración del Taller Regional sobre el Protocolo CEM-EESS (Ayacucho, 2019)",
        "title_en": "Inauguration of the Regional Workshop on the CEM-Health Facilities Protocol (Ayacucho, 2019)",
        "kind": "inauguration",
        "start": (2019, 6, 18),
        "end": None,
        "city_es": "Huamanga",
        "city_en": "Huamanga",
        "regions": ["ayacucho"],
        "participants": 80,
        "institutions": ["minsa", "mimp", "gore-ayacucho"],
        "sectors": ["salud", "mujer", "gobierno-regional"],
        "topics": ["coordinacion"],
        "photos": ["ayacucho-2019-inauguracion"],
        "pilots": ["ayacucho"],
        "intro_es": (
            "Representantes del Ministerio de Salud, del Ministerio de la Mujer y Poblaciones "
            "Vulnerables y del Gobierno Regional de Ayacucho inauguraron el taller regional."
        ),
        "intro_en": (
            "Representatives of the Ministry of Health, the Ministry of Women and Vulnerable "
            "Populations and the Regional Government of Ayacucho opened the regional workshop."
        ),
        "outcomes_es": (
            "<p>Las tres instituciones reafirmaron su compromiso con la aplicación del protocolo "
            "en la región.</p>"
        ),
        "outcomes_en": (
            "<p>The three institutions reaffirmed their commitment to applying the protocol in "
            "the region.</p>"
        ),
    },
    {
        "key": "case-huamanga",
        "slug_es": "reunion-grupo-de-trabajo-case-huamanga",
        "slug_en": "case-huamanga-working-group-meeting",
        "title_es": "Reunión de trabajo del Grupo de trabajo del Centro de Atención Socioemocional (CASE-Huamanga)",
        "title_en": "Working meeting of the Working Group of the Centre for Socio-Emotional Care (CASE-Huamanga)",
        "kind": "working_meeting",
        "start": (2019, 3, 12),
        "end": None,
        "city_es": "Huamanga",
        "city_en": "Huamanga",
        "regions": ["ayacucho"],
        "participants": 18,
        "institutions": ["gore-ayacucho", "mimp", "minsa"],
        "sectors": ["salud", "mujer", "sociedad-civil"],
        "topics": ["coordinacion", "atencion"],
        "photos": ["case-huamanga"],
        "pilots": ["ayacucho"],
        "intro_es": (
            "El grupo de trabajo del CASE-Huamanga, con instituciones del Estado y "
            "organizaciones de la sociedad civil, revisó la gestión conjunta de casos del "
            "piloto de Ayacucho."
        ),
        "intro_en": (
            "The CASE-Huamanga working group, with State institutions and civil-society "
            "organizations, reviewed the joint case management of the Ayacucho pilot."
        ),
        "outcomes_es": (
            "<p>El grupo propuso que el Gobierno Regional incorporara sus funciones en su "
            "Reglamento de Organización y Funciones.</p>"
        ),
        "outcomes_en": (
            "<p>The group proposed that the Regional Government write its functions into its "
            "Organization and Functions Regulations.</p>"
        ),
    },
    {
        "key": "si-se-ve-2017",
        "slug_es": "presentacion-informe-si-se-ve-2017",
        "slug_en": "si-se-ve-report-presentation-2017",
        "title_es": "Presentación del Informe «Escuelas seguras y libres de violencia» - «Si se Ve» (2017)",
        "title_en": "Presentation of the Report “Safe and violence-free schools” - “Si se Ve” (2017)",
        "kind": "report_presentation",
        "start": (2017, 11, 20),
        "end": None,
        "city_es": "Lima",
        "city_en": "Lima",
        "regions": ["lima"],
        "participants": 120,
        "institutions": ["minedu", "snu"],
        "sectors": ["educacion"],
        "topics": ["escuelas", "informacion", "prevencion"],
        "photos": ["si-se-ve-2017"],
        "publications": ["si-se-ve"],
        "intro_es": "Presentación pública del informe «Si se Ve» sobre escuelas seguras y libres de violencia.",
        "intro_en": "Public presentation of the “Si se Ve” report on safe and violence-free schools.",
        "outcomes_es": (
            "<p>El informe puso en la agenda pública la violencia en las escuelas.</p>"
        ),
        "outcomes_en": "<p>The report put violence in schools on the public agenda.</p>",
    },
]

# Versions of the protocols library's demo works, as (Spanish slug of the work, label). They
# are linked once the protocols library's demo exists (see loader.link).
CEM_EESS_PILOT_VERSION = ("protocolo-actuacion-conjunta-cem-eess", "v1")
CEM_EESS_NATIONAL_VERSION = ("protocolo-actuacion-conjunta-cem-eess", "v2")
PIURA_OFR_VERSION = ("rof-gobierno-regional-piura-piloto-vbg", "2020")
AYACUCHO_OFR_VERSION = ("rof-gobierno-regional-ayacucho-piloto-huamanga", "2021")

LESSON_VERSIONS = {
    "protocolos-actuacion-conjunta": [CEM_EESS_PILOT_VERSION, CEM_EESS_NATIONAL_VERSION],
    "institucionalizacion-pilotos": [PIURA_OFR_VERSION, AYACUCHO_OFR_VERSION],
}
TRAINING_VERSIONS = {"protocolo-cem-eess": [CEM_EESS_NATIONAL_VERSION]}

PILOTS = [
    {
        "key": "piura",
        "slug_es": "piloto-multisectorial-piura",
        "slug_en": "piura-multisectoral-pilot",
        "title_es": "Piloto multisectorial de Piura",
        "title_en": "Piura multisectoral pilot",
        "regions": ["piura"],
        "places_es": "Ciudad de Piura y establecimientos de salud de la región",
        "places_en": "Piura city and health facilities of the region",
        "start": (2017, 9, 1),
        "end": (2019, 12, 31),
        "institutions": ["gore-piura", "mimp", "minsa"],
        "sectors": ["salud", "mujer", "gobierno-regional"],
        "topics": ["coordinacion", "institucionalizacion"],
        "image": None,
        "intro_es": (
            "Piloto de coordinación entre los Centros Emergencia Mujer y los establecimientos de "
            "salud de Piura para atender de forma conjunta los casos de violencia."
        ),
        "intro_en": (
            "A pilot of coordination between Women's Emergency Centres and Piura's health "
            "facilities to handle cases of violence jointly."
        ),
        "working_groups": [
            {
                "name_es": "Mesa multisectorial de Piura",
                "name_en": "Piura multisectoral round table",
                "description_es": "Coordina la gestión conjunta de casos entre salud, los CEM y el Gobierno Regional.",
                "description_en": "Coordinates joint case management between health, the CEM and the Regional Government.",
                "established": (2018, 2, 1),
                "institutions": ["gore-piura", "mimp", "minsa"],
                "other_es": "",
                "other_en": "",
            }
        ],
        "practices": [
            {
                "name_es": "Referencia de casos entre el CEM y los establecimientos de salud",
                "name_en": "Case referral between the CEM and health facilities",
                "description_es": (
                    "Cada establecimiento de salud detecta y refiere los casos al CEM, y el CEM "
                    "devuelve la atención en salud, con un flujo acordado."
                ),
                "description_en": (
                    "Each health facility detects and refers cases to the CEM, and the CEM "
                    "refers survivors back for health care, following an agreed flow."
                ),
                "sectors": ["salud", "mujer"],
                "lesson": "espacios-intercambio",
                "extension_events": ["ayacucho-2019-taller"],
                "approved": CEM_EESS_PILOT_VERSION,
            },
            {
                "name_es": "Instancia regional de gestión conjunta de casos",
                "name_en": "Regional body for joint case management",
                "description_es": "La mesa multisectorial como instancia permanente del Gobierno Regional.",
                "description_en": "The multisectoral round table as a standing body of the Regional Government.",
                "sectors": ["gobierno-regional", "mujer"],
                "lesson": "institucionalizacion-pilotos",
                "extension_events": [],
                "incorporated": PIURA_OFR_VERSION,
            },
            {
                "name_es": "Capacitación conjunta de equipos CEM y personal de salud",
                "name_en": "Joint training of CEM teams and health staff",
                "description_es": "Talleres en los que ambos equipos se forman juntos con casos prácticos.",
                "description_en": "Workshops in which both teams train together on practical cases.",
                "sectors": ["salud", "mujer"],
                "lesson": "capacitacion-conjunta-cem-eess",
                "extension_events": [],
            },
        ],
    },
    {
        "key": "ayacucho",
        "slug_es": "piloto-multisectorial-ayacucho-huamanga",
        "slug_en": "ayacucho-huamanga-multisectoral-pilot",
        "title_es": "Piloto multisectorial de Ayacucho (Huamanga)",
        "title_en": "Ayacucho (Huamanga) multisectoral pilot",
        "regions": ["ayacucho"],
        "places_es": "Huamanga",
        "places_en": "Huamanga",
        "start": (2018, 3, 1),
        "end": None,
        "institutions": ["gore-ayacucho", "mimp", "minsa"],
        "sectors": ["salud", "mujer", "gobierno-regional", "sociedad-civil"],
        "topics": ["coordinacion", "atencion", "institucionalizacion"],
        "image": "case-huamanga",
        "intro_es": (
            "Piloto de atención socioemocional y gestión conjunta de casos en Huamanga, con un "
            "grupo de trabajo de instituciones del Estado y organizaciones de la sociedad civil."
        ),
        "intro_en": (
            "A pilot of socio-emotional care and joint case management in Huamanga, with a "
            "working group of State institutions and civil-society organizations."
        ),
        "working_groups": [
            {
                "name_es": "Grupo de trabajo del Centro de Atención Socioemocional (CASE-Huamanga)",
                "name_en": "Working Group of the Centre for Socio-Emotional Care (CASE-Huamanga)",
                "description_es": "Reúne a las instituciones que atienden a las sobrevivientes en Huamanga.",
                "description_en": "Brings together the institutions that care for survivors in Huamanga.",
                "established": (2018, 6, 1),
                "institutions": ["gore-ayacucho", "mimp", "minsa"],
                "other_es": "organizaciones de la sociedad civil de Huamanga",
                "other_en": "civil-society organizations of Huamanga",
            }
        ],
        "practices": [
            {
                "name_es": "Grupo de trabajo interinstitucional del CASE-Huamanga",
                "name_en": "CASE-Huamanga inter-institutional working group",
                "description_es": (
                    "Instituciones del Estado y organizaciones de la sociedad civil revisan "
                    "juntas los casos y acuerdan cómo atenderlos."
                ),
                "description_en": (
                    "State institutions and civil-society organizations review cases together "
                    "and agree how to handle them."
                ),
                "sectors": ["salud", "mujer", "sociedad-civil"],
                "lesson": "grupos-de-trabajo",
                "extension_events": [],
                "incorporated": AYACUCHO_OFR_VERSION,
            },
            {
                "name_es": "Capacitación de operadores en el Protocolo CEM-EESS",
                "name_en": "Training operators in the CEM-Health Facilities Protocol",
                "description_es": "Formación conjunta de los equipos de los CEM y del personal de salud de la región.",
                "description_en": "Joint training of the region's CEM teams and health staff.",
                "sectors": ["salud", "mujer"],
                "lesson": "capacitacion-conjunta-cem-eess",
                "extension_events": [],
                "approved": CEM_EESS_PILOT_VERSION,
            },
            {
                "name_es": "Ruta local de atención socioemocional",
                "name_en": "Local pathway for socio-emotional care",
                "description_es": "Derivación de sobrevivientes al CASE desde los servicios de la ciudad.",
                "description_en": "Referral of survivors to the CASE from the city's services.",
                "sectors": ["salud"],
                "lesson": None,
                "extension_events": [],
            },
        ],
    },
]

# Training materials: the femicide course in two editions, the CEM-EESS operator training and
# the case-simulation guide. Files are generated from the outline below.
TRAINING = [
    {
        "key": "feminicidio-1",
        "slug_es": "curso-procesamiento-casos-feminicidio-1a-edicion",
        "slug_en": "femicide-case-processing-course-1st-edition",
        "title_es": "Curso formativo sobre procesamiento de casos de feminicidio",
        "title_en": "Training course on processing cases of femicide",
        "kind": "course",
        "course_es": "",
        "course_en": "",
        "edition_es": "1.ª edición (Huancayo)",
        "edition_en": "1st edition (Huancayo)",
        "edition_date": (2018, 5, 1),
        "previous": None,
        "audiences": ["operadores-justicia", "policia"],
        "methodology_es": "Simulación de casos",
        "methodology_en": "Case simulation",
        "hours": 20,
        "sectors": ["justicia"],
        "topics": ["feminicidio", "capacitacion"],
        "regions": ["junin"],
        "institutions": ["ministerio-publico", "poder-judicial"],
        "image": "huancayo-2018",
        "intro_es": "Curso para fiscales, jueces y policías sobre la investigación y el juzgamiento de casos de feminicidio.",
        "intro_en": "A course for prosecutors, judges and police officers on investigating and trying cases of femicide.",
        "objectives_es": [
            "Identificar los elementos del delito de feminicidio.",
            "Aplicar el enfoque de género en la investigación.",
            "Coordinar las actuaciones entre fiscalía, juzgado y policía.",
        ],
        "objectives_en": [
            "Identify the elements of the crime of femicide.",
            "Apply a gender approach to the investigation.",
            "Coordinate the actions of prosecutors, courts and police.",
        ],
        "files": [("es", "pdf"), ("en", "pdf")],
    },
    {
        "key": "feminicidio-2",
        "slug_es": "curso-procesamiento-casos-feminicidio",
        "slug_en": "femicide-case-processing-course",
        "title_es": "Curso formativo sobre procesamiento de casos de feminicidio",
        "title_en": "Training course on processing cases of femicide",
        "kind": "course",
        "course_es": "",
        "course_en": "",
        "edition_es": "2.ª edición (Arequipa)",
        "edition_en": "2nd edition (Arequipa)",
        "edition_date": (2018, 9, 1),
        "previous": "feminicidio-1",
        "audiences": ["operadores-justicia", "policia"],
        "methodology_es": "Simulación de casos",
        "methodology_en": "Case simulation",
        "hours": 24,
        "sectors": ["justicia"],
        "topics": ["feminicidio", "capacitacion"],
        "regions": ["junin", "arequipa"],
        "institutions": ["ministerio-publico", "poder-judicial"],
        "image": "arequipa-2018",
        "intro_es": (
            "Curso para fiscales, jueces y policías sobre la investigación y el juzgamiento de "
            "casos de feminicidio, con más horas de simulación de casos que la primera edición."
        ),
        "intro_en": (
            "A course for prosecutors, judges and police officers on investigating and trying "
            "cases of femicide, with more hours of case simulation than the first edition."
        ),
        "objectives_es": [
            "Identificar los elementos del delito de feminicidio.",
            "Aplicar el enfoque de género y de derechos humanos en la investigación.",
            "Coordinar las actuaciones entre fiscalía, juzgado y policía.",
            "Resolver un caso simulado completo, de la denuncia a la sentencia.",
        ],
        "objectives_en": [
            "Identify the elements of the crime of femicide.",
            "Apply a gender and human-rights approach to the investigation.",
            "Coordinate the actions of prosecutors, courts and police.",
            "Work through a complete simulated case, from complaint to sentence.",
        ],
        "files": [("es", "pdf"), ("es", "docx"), ("en", "pdf")],
    },
    {
        "key": "protocolo-cem-eess",
        "slug_es": "capacitacion-operadores-protocolo-cem-eess",
        "slug_en": "cem-health-protocol-operator-training",
        "title_es": "Capacitación de operadores en el Protocolo CEM-EESS",
        "title_en": "Operator training in the CEM-Health Facilities Protocol",
        "kind": "module",
        "course_es": "Programa de capacitación conjunta CEM-EESS",
        "course_en": "CEM-Health Facilities joint training programme",
        "edition_es": "1.ª edición",
        "edition_en": "1st edition",
        "edition_date": (2019, 6, 1),
        "previous": None,
        "audiences": ["equipos-cem", "operadores-salud"],
        "methodology_es": "Taller participativo con casos prácticos",
        "methodology_en": "Participatory workshop with practical cases",
        "hours": 16,
        "sectors": ["salud", "mujer"],
        "topics": ["capacitacion", "coordinacion"],
        "regions": ["ayacucho", "piura"],
        "institutions": ["minsa", "mimp"],
        "image": "ayacucho-2019-taller",
        "intro_es": (
            "Módulo para que los equipos de los CEM y el personal de los establecimientos de "
            "salud apliquen juntos el protocolo de actuación conjunta."
        ),
        "intro_en": (
            "A module for CEM teams and health facility staff to apply the joint action "
            "protocol together."
        ),
        "objectives_es": [
            "Conocer las obligaciones de cada sector según el protocolo.",
            "Aplicar el flujo de referencia y contrarreferencia de casos.",
            "Registrar y dar seguimiento a los casos de forma coordinada.",
        ],
        "objectives_en": [
            "Know each sector's obligations under the protocol.",
            "Apply the case referral and counter-referral flow.",
            "Record and follow up cases in a coordinated way.",
        ],
        "files": [("es", "pdf"), ("es", "docx"), ("en", "pdf"), ("en", "docx")],
    },
    {
        "key": "simulacion-de-casos",
        "slug_es": "guia-metodologica-simulacion-de-casos",
        "slug_en": "case-simulation-methodology-guide",
        "title_es": "Guía metodológica de simulación de casos",
        "title_en": "Case simulation methodology guide",
        "kind": "guide",
        "course_es": "",
        "course_en": "",
        "edition_es": "1.ª edición",
        "edition_en": "1st edition",
        "edition_date": (2018, 8, 1),
        "previous": None,
        "audiences": ["operadores-salud", "operadores-justicia", "equipos-cem"],
        "methodology_es": "Simulación de casos",
        "methodology_en": "Case simulation",
        "hours": 8,
        "sectors": ["salud", "justicia", "mujer"],
        "topics": ["capacitacion"],
        "regions": [],
        "institutions": ["snu"],
        "image": "la-libertad-2018",
        "intro_es": (
            "Cómo preparar y conducir una simulación de casos con operadores de salud y de "
            "justicia: roles, guiones, observación y retroalimentación."
        ),
        "intro_en": (
            "How to prepare and run a case simulation with health and justice operators: "
            "roles, scripts, observation and feedback."
        ),
        "objectives_es": [
            "Diseñar un caso simulado a partir de casos reales anonimizados.",
            "Conducir la simulación y observar la actuación de cada operador.",
            "Dar retroalimentación con enfoque de género y de derechos humanos.",
        ],
        "objectives_en": [
            "Design a simulated case from anonymised real cases.",
            "Run the simulation and observe each operator's actions.",
            "Give feedback with a gender and human-rights approach.",
        ],
        "files": [("es", "pdf"), ("en", "pdf")],
    },
]

PUBLICATIONS = [
    {
        "key": "si-se-ve",
        "slug_es": "informe-si-se-ve-escuelas-seguras",
        "slug_en": "si-se-ve-report-safe-schools",
        "title_es": "«Si se Ve»: escuelas seguras y libres de violencia",
        "title_en": "“Si se Ve”: safe and violence-free schools",
        "date": (2017, 11, 20),
        "authors_es": "",
        "authors_en": "",
        "institutions": ["minedu", "snu"],
        "sectors": ["educacion"],
        "topics": ["escuelas", "informacion", "prevencion"],
        "regions": [],
        "image": "si-se-ve-2017",
        "intro_es": (
            "Informe sobre la violencia en las escuelas del Perú y lo que se necesita para que "
            "sean seguras y libres de violencia."
        ),
        "intro_en": (
            "A report on violence in Peru's schools and what is needed to make them safe and "
            "free from violence."
        ),
        "body_es": (
            "<p>Resumen de demostración: el archivo que se descarga aquí es un resumen generado "
            "para la demostración de Quipu, no el informe original.</p>"
        ),
        "body_en": (
            "<p>Demo summary: the file downloaded here is a summary generated for the Quipu demo, "
            "not the original report.</p>"
        ),
        "paragraphs_es": [
            "La violencia en la escuela afecta el aprendizaje y el bienestar de niñas, niños y adolescentes.",
            "Hacerla visible es el primer paso para prevenirla: de ahí el nombre «Si se Ve».",
            "El informe propone medidas para que cada escuela sea un espacio seguro.",
        ],
        "paragraphs_en": [
            "Violence at school harms the learning and well-being of girls, boys and adolescents.",
            "Making it visible is the first step to preventing it: hence the name “Si se Ve” (“It can be seen”).",
            "The report proposes measures so that every school is a safe space.",
        ],
        "generated_files": True,
    },
    {
        "key": "lecciones",
        "slug_es": "informe-lecciones-aprendidas",
        "slug_en": "lessons-learned-report",
        "title_es": "Lecciones aprendidas del Programa Conjunto",
        "title_en": "Lessons learned of the Joint Programme",
        "date": (2019, 12, 2),
        "authors_es": "Programa Conjunto",
        "authors_en": "Joint Programme",
        "institutions": ["snu", "mimp"],
        "sectors": ["mujer", "salud", "justicia"],
        "topics": ["coordinacion", "institucionalizacion"],
        "regions": ["piura", "ayacucho"],
        "image": "lima-2019-representantes",
        "intro_es": (
            "Las lecciones aprendidas al promover e implementar estrategias multisectoriales "
            "de prevención y atención de la violencia basada en género."
        ),
        "intro_en": (
            "The lessons learned while promoting and implementing multisectoral strategies for "
            "the prevention of and care for gender-based violence."
        ),
        "body_es": "",
        "body_en": "",
        "generated_files": False,
    },
]
