"""Texts of the demo protocols and instruments, in Spanish and English.

The themes come from the Joint Programme's lessons learned: the joint action protocol between
the Women's Emergency Centres (CEM) and health facilities, and the incorporation of the Piura
and Ayacucho (Huamanga) pilots into the regional governments' Organization and Functions
Regulations. The wording of every article is written for the demo; it is not an official text,
and every instrument number is invented and flagged as demo data.

A section is (key, heading_es, text_es, heading_en, text_en); the key stays the same across
versions, so the comparison pairs each section with its earlier wording. The CEM-EESS
protocol's dates are days before the day the demo is loaded, so its versions are superseded,
in force and not yet in force whenever it is loaded; the OFR versions are dated in the year
their label names (other apps' demos refer to them by label), which stays true. `review_in_days`
sets the review-by date, counted from the day of loading.
"""

LIBRARY = {
    "slug_es": "protocolos",
    "slug_en": "protocols",
    "title_es": "Protocolos e instrumentos de gestión",
    "title_en": "Protocols and management instruments",
    "intro_es": (
        "Cada protocolo e instrumento con su versión vigente, su historia y lo que cambió entre "
        "versiones. Los números de resolución marcados como «dato de demostración» son "
        "inventados para esta demostración y no son referencias oficiales."
    ),
    "intro_en": (
        "Each protocol and instrument with its version in force, its history and what changed "
        "between versions. Resolution numbers marked “demo data” are invented for this "
        "demonstration and are not official references."
    ),
    "search_description_es": "Protocolos y ROF vigentes sobre VBG, con su historia y comparación.",
    "search_description_en": "GBV protocols and OFR in force, with their history and comparison.",
}

# --- CEM-EESS joint action protocol -------------------------------------------------

PURPOSE = (
    "objeto",
    "Objeto",
    "Establecer los procedimientos de actuación conjunta entre los Centros Emergencia Mujer "
    "(CEM) y los establecimientos de salud para la atención integral, oportuna y articulada de "
    "las mujeres e integrantes del grupo familiar afectados por violencia, con enfoque de "
    "género y de derechos humanos.",
    "Purpose",
    "To set out the joint action procedures between the Women's Emergency Centres (CEM) and "
    "health facilities for comprehensive, timely and coordinated care of women and members of "
    "the family group affected by violence, with a gender and human rights-based approach.",
)
SCOPE_PILOT = (
    "ambito",
    "Ámbito de aplicación",
    "El presente protocolo se aplica en los CEM y en los establecimientos de salud del primer "
    "nivel de atención de las regiones de Piura y Ayacucho, donde se desarrolla la "
    "experiencia piloto.",
    "Scope",
    "This protocol applies to the CEM and to primary care health facilities in the regions of "
    "Piura and Ayacucho, where the pilot experience is being carried out.",
)
SCOPE_NATIONAL = (
    "ambito",
    "Ámbito de aplicación",
    "El presente protocolo se aplica en los CEM y en los establecimientos de salud del primer "
    "nivel de atención de todas las regiones del país, de manera progresiva, a partir de la "
    "experiencia piloto de Piura y Ayacucho.",
    "Scope",
    "This protocol applies to the CEM and to primary care health facilities in every region "
    "of the country, progressively, building on the pilot experience of Piura and Ayacucho.",
)
REFERRAL_24H = (
    "referencia",
    "Detección y comunicación desde el establecimiento de salud",
    "Cuando el personal de salud identifique un caso de violencia, brindará la atención de "
    "salud que corresponda y comunicará el caso al CEM de su jurisdicción en un plazo máximo "
    "de 24 horas, con el consentimiento informado de la persona usuaria.",
    "Detection and notification by the health facility",
    "When health personnel identify a case of violence, they shall provide the appropriate "
    "health care and notify the CEM of their jurisdiction within 24 hours at most, with the "
    "informed consent of the person concerned.",
)
REFERRAL_SAME_DAY = (
    "referencia",
    "Detección y comunicación desde el establecimiento de salud",
    "Cuando el personal de salud identifique un caso de violencia, brindará la atención de "
    "salud que corresponda y comunicará el caso al CEM de su jurisdicción el mismo día, con el "
    "consentimiento informado de la persona usuaria. En situaciones de riesgo severo, la "
    "comunicación será inmediata.",
    "Detection and notification by the health facility",
    "When health personnel identify a case of violence, they shall provide the appropriate "
    "health care and notify the CEM of their jurisdiction on the same day, with the informed "
    "consent of the person concerned. In situations of severe risk, notification shall be "
    "immediate.",
)
CEM_ACTION = (
    "actuacion-cem",
    "Actuación del CEM",
    "El CEM brindará atención psicológica, social y legal a la persona referida, evaluará el "
    "nivel de riesgo y, de ser necesario, coordinará con el establecimiento de salud la "
    "atención de las lesiones y la emisión del certificado correspondiente.",
    "Action by the CEM",
    "The CEM shall provide psychological, social and legal care to the person referred, assess "
    "the level of risk and, where necessary, coordinate with the health facility the treatment "
    "of injuries and the issuing of the corresponding certificate.",
)
CEM_ACTION_FEEDBACK = (
    "actuacion-cem",
    "Actuación del CEM",
    CEM_ACTION[2] + " El CEM informará al establecimiento de salud sobre las medidas "
    "adoptadas, resguardando la confidencialidad de la información.",
    "Action by the CEM",
    CEM_ACTION[4] + " The CEM shall inform the health facility of the measures taken, "
    "safeguarding the confidentiality of the information.",
)
PILOT_FOCAL_POINT = (
    "disposicion-transitoria",
    "Disposición transitoria",
    "Durante el primer año de vigencia, la Dirección Regional de Salud y el CEM de cada región "
    "piloto designarán un punto focal para acompañar la implementación del protocolo.",
    "Transitional provision",
    "During the first year in force, the Regional Health Directorate and the CEM of each pilot "
    "region shall appoint a focal point to support the implementation of the protocol.",
)
TRAINING_YEARLY = (
    "capacitacion",
    "Capacitación conjunta",
    "Los equipos de los CEM y de los establecimientos de salud participarán al menos una vez "
    "al año en una capacitación conjunta con enfoque de género y de derechos humanos, que "
    "utilizará la metodología de simulación de casos.",
    "Joint training",
    "CEM teams and health facility staff shall take part at least once a year in joint "
    "training with a gender and human rights-based approach, using the case simulation "
    "methodology.",
)
TRAINING_TWICE = (
    "capacitacion",
    "Capacitación conjunta",
    "Los equipos de los CEM y de los establecimientos de salud participarán al menos dos veces "
    "al año en una capacitación conjunta con enfoque de género y de derechos humanos, que "
    "utilizará la metodología de simulación de casos.",
    "Joint training",
    "CEM teams and health facility staff shall take part at least twice a year in joint "
    "training with a gender and human rights-based approach, using the case simulation "
    "methodology.",
)
COORDINATION = (
    "coordinacion",
    "Instancias de coordinación",
    "En cada provincia funcionará una mesa de coordinación entre los CEM y los "
    "establecimientos de salud, abierta a las organizaciones de la sociedad civil, que se "
    "reunirá cada trimestre para revisar la gestión conjunta de los casos.",
    "Coordination bodies",
    "Each province shall have a coordination table between the CEM and the health facilities, "
    "open to civil society organizations, which shall meet every quarter to review the joint "
    "management of cases.",
)
INFORMATION = (
    "informacion",
    "Información estratégica",
    "Los CEM y los establecimientos de salud registrarán las referencias y contrarreferencias "
    "en un formato común; sus datos agregados se publicarán cada semestre para orientar la "
    "prevención y la atención de la violencia.",
    "Strategic information",
    "The CEM and health facilities shall record referrals and counter-referrals in a common "
    "format; their aggregated data shall be published every six months to guide the "
    "prevention of and response to violence.",
)

CEM_EESS = {
    "slug_es": "protocolo-actuacion-conjunta-cem-eess",
    "slug_en": "cem-health-facilities-joint-action-protocol",
    "title_es": (
        "Protocolo de actuación conjunta entre los Centros Emergencia Mujer y los "
        "Establecimientos de Salud"
    ),
    "title_en": "Joint action protocol between Women's Emergency Centres and Health Facilities",
    "kind": "protocol",
    "description_es": (
        "Cómo se coordinan los CEM y los establecimientos de salud para atender a las mujeres "
        "e integrantes del grupo familiar afectados por violencia: detección, comunicación, "
        "atención y seguimiento de cada caso."
    ),
    "description_en": (
        "How the CEM and health facilities coordinate to care for women and members of the "
        "family group affected by violence: detection, notification, care and follow-up of "
        "each case."
    ),
    "sectors": ["salud", "mujer"],
    "institutions": ["mimp", "minsa"],
    "regions": ["piura", "ayacucho"],
    "topics": ["atencion", "coordinacion", "capacitacion"],
    "versions": [
        {
            "label": "v1",
            "approved_days_ago": 1500,
            "in_force_after_days": 10,
            "instrument_type": "resolucion_ministerial",
            "number": "000-{year}-MIMP",
            "body": "mimp",
            "sections": [PURPOSE, SCOPE_PILOT, REFERRAL_24H, CEM_ACTION, PILOT_FOCAL_POINT],
            "review_in_days": None,
            "summary_es": (
                "Primera versión del protocolo, aprobada para la experiencia piloto en Piura y "
                "Ayacucho."
            ),
            "summary_en": (
                "First version of the protocol, approved for the pilot experience in Piura and "
                "Ayacucho."
            ),
            "docx": True,
        },
        {
            "label": "v2",
            "approved_days_ago": 400,
            "in_force_after_days": 15,
            "instrument_type": "resolucion_ministerial",
            "number": "001-{year}-MIMP",
            "body": "mimp",
            "review_in_days": 60,
            "sections": [
                PURPOSE,
                SCOPE_NATIONAL,
                REFERRAL_SAME_DAY,
                CEM_ACTION_FEEDBACK,
                TRAINING_YEARLY,
            ],
            "summary_es": (
                "Extiende el protocolo a todas las regiones, exige comunicar el caso al CEM el "
                "mismo día (de inmediato si el riesgo es severo), pide al CEM informar al "
                "establecimiento de salud, incorpora la capacitación conjunta anual con "
                "simulación de casos y elimina la disposición transitoria de la etapa piloto."
            ),
            "summary_en": (
                "Extends the protocol to every region, requires notifying the CEM on the same "
                "day (immediately when the risk is severe), asks the CEM to inform the health "
                "facility, adds yearly joint training with case simulation and removes the "
                "transitional provision of the pilot stage."
            ),
            "docx": True,
        },
        {
            "label": "v3",
            "approved_days_ago": 20,
            "in_force_after_days": 65,
            "instrument_type": "resolucion_ministerial",
            "number": "002-{year}-MIMP",
            "body": "mimp",
            "review_in_days": 3 * 365,
            "sections": [
                PURPOSE,
                SCOPE_NATIONAL,
                REFERRAL_SAME_DAY,
                CEM_ACTION_FEEDBACK,
                TRAINING_TWICE,
                COORDINATION,
                INFORMATION,
            ],
            "summary_es": (
                "Crea mesas provinciales de coordinación abiertas a la sociedad civil, "
                "establece un registro común de referencias y contrarreferencias y duplica la "
                "frecuencia de la capacitación conjunta."
            ),
            "summary_en": (
                "Creates provincial coordination tables open to civil society, sets up a common "
                "record of referrals and counter-referrals and doubles the frequency of joint "
                "training."
            ),
            "docx": True,
        },
    ],
}

# --- Piura: Organization and Functions Regulations ---------------------------------------

PIURA_FUNCTION = (
    "funciones",
    "Artículo 1. Incorporación de funciones",
    "Incorpórase en el Reglamento de Organización y Funciones del Gobierno Regional de Piura "
    "la función de articular la respuesta pública multisectorial frente a la violencia basada "
    "en género, a cargo de la Gerencia Regional de Desarrollo Social, sobre la base del piloto "
    "desarrollado en la región.",
    "Article 1. New functions",
    "The function of coordinating the multisectoral public response to gender-based violence "
    "is added to the Organization and Functions Regulations of the Regional Government of "
    "Piura and assigned to the Regional Social Development Management, building on the pilot "
    "carried out in the region.",
)
PIURA_TABLE = (
    "instancia",
    "Artículo 2. Instancia regional de concertación",
    "La Instancia Regional de Concertación para erradicar la violencia contra las mujeres y "
    "los integrantes del grupo familiar aprobará cada año un plan de trabajo que dé "
    "continuidad a las acciones del piloto.",
    "Article 2. Regional coordination body",
    "The Regional Coordination Body for the eradication of violence against women and members "
    "of the family group shall approve each year a work plan that continues the actions of "
    "the pilot.",
)
PIURA_TABLE_CSO = (
    "instancia",
    "Artículo 2. Instancia regional de concertación",
    "La Instancia Regional de Concertación para erradicar la violencia contra las mujeres y "
    "los integrantes del grupo familiar aprobará cada año, con participación de las "
    "organizaciones de la sociedad civil, un plan de trabajo que dé continuidad a las acciones "
    "del piloto.",
    "Article 2. Regional coordination body",
    "The Regional Coordination Body for the eradication of violence against women and members "
    "of the family group shall approve each year, with the participation of civil society "
    "organizations, a work plan that continues the actions of the pilot.",
)
PIURA_FUNDING = (
    "financiamiento",
    "Artículo 3. Financiamiento",
    "Las acciones se financian con cargo al presupuesto institucional del Gobierno Regional, "
    "sin demandar recursos adicionales al Tesoro Público.",
    "Article 3. Funding",
    "The actions are funded from the institutional budget of the Regional Government, without "
    "requiring additional resources from the Public Treasury.",
)
PIURA_REPORTING = (
    "seguimiento",
    "Artículo 4. Seguimiento",
    "La Gerencia Regional de Desarrollo Social informará cada semestre al Consejo Regional "
    "sobre los resultados de la articulación, con datos desagregados por sexo y edad.",
    "Article 4. Monitoring",
    "The Regional Social Development Management shall report every six months to the Regional "
    "Council on the results of the coordination, with data broken down by sex and age.",
)

PIURA_OFR = {
    "slug_es": "rof-gobierno-regional-piura-piloto-vbg",
    "slug_en": "piura-regional-government-ofr-gbv-pilot",
    "title_es": (
        "Reglamento de Organización y Funciones del Gobierno Regional de Piura: incorporación "
        "del piloto multisectorial frente a la VBG"
    ),
    "title_en": (
        "Organization and Functions Regulations of the Regional Government of Piura: "
        "incorporation of the multisectoral GBV pilot"
    ),
    "kind": "ofr_instrument",
    "description_es": (
        "Modificación del ROF regional que convierte en funciones permanentes la articulación "
        "multisectorial probada en el piloto de Piura."
    ),
    "description_en": (
        "Amendment of the regional OFR that turns the multisectoral coordination tried in the "
        "Piura pilot into permanent functions."
    ),
    "sectors": ["gobierno-regional", "mujer"],
    "institutions": ["gore-piura"],
    "regions": ["piura"],
    "topics": ["institucionalizacion", "coordinacion"],
    "versions": [
        {
            "label": "2020",
            "approved": "2020-09-14",
            "in_force_after_days": 1,
            "instrument_type": "ordenanza_regional",
            "number": "000-{year}/GRP-CR",
            "body": "gore-piura",
            "review_in_days": None,
            "sections": [PIURA_FUNCTION, PIURA_TABLE, PIURA_FUNDING],
            "summary_es": "Incorpora en el ROF regional las funciones del piloto multisectorial.",
            "summary_en": "Adds the functions of the multisectoral pilot to the regional OFR.",
        },
        {
            "label": "2023",
            "approved": "2023-05-22",
            "in_force_after_days": 1,
            "instrument_type": "ordenanza_regional",
            "number": "001-{year}/GRP-CR",
            "body": "gore-piura",
            "review_in_days": 500,
            "sections": [PIURA_FUNCTION, PIURA_TABLE_CSO, PIURA_FUNDING, PIURA_REPORTING],
            "summary_es": (
                "Abre el plan de trabajo anual a la sociedad civil y añade un informe semestral "
                "al Consejo Regional con datos desagregados por sexo y edad."
            ),
            "summary_en": (
                "Opens the yearly work plan to civil society and adds a six-monthly report to "
                "the Regional Council with data broken down by sex and age."
            ),
        },
    ],
}

# --- Ayacucho: Organization and Functions Regulations -------------------------------------

AYACUCHO_OFR = {
    "slug_es": "rof-gobierno-regional-ayacucho-piloto-huamanga",
    "slug_en": "ayacucho-regional-government-ofr-huamanga-pilot",
    "title_es": (
        "Reglamento de Organización y Funciones del Gobierno Regional de Ayacucho: "
        "incorporación del piloto de Huamanga"
    ),
    "title_en": (
        "Organization and Functions Regulations of the Regional Government of Ayacucho: "
        "incorporation of the Huamanga pilot"
    ),
    "kind": "ofr_instrument",
    "description_es": (
        "Modificación del ROF regional que institucionaliza la coordinación multisectorial del "
        "piloto de Huamanga y reconoce al grupo de trabajo CASE-Huamanga."
    ),
    "description_en": (
        "Amendment of the regional OFR that institutionalises the multisectoral coordination of "
        "the Huamanga pilot and recognizes the CASE-Huamanga working group."
    ),
    "sectors": ["gobierno-regional", "mujer"],
    "institutions": ["gore-ayacucho"],
    "regions": ["ayacucho"],
    "topics": ["institucionalizacion", "coordinacion"],
    "versions": [
        {
            "label": "2021",
            "approved": "2021-07-05",
            "in_force_after_days": 1,
            "instrument_type": "ordenanza_regional",
            "number": "000-{year}-GRA/CR",
            "body": "gore-ayacucho",
            "review_in_days": 45,
            "sections": [
                (
                    "funciones",
                    "Artículo 1. Incorporación de funciones",
                    "Incorpórase en el Reglamento de Organización y Funciones del Gobierno "
                    "Regional de Ayacucho la función de coordinar la atención multisectorial de "
                    "los casos de violencia basada en género, sobre la base de la experiencia "
                    "piloto desarrollada en Huamanga.",
                    "Article 1. New functions",
                    "The function of coordinating multisectoral care for cases of gender-based "
                    "violence is added to the Organization and Functions Regulations of the "
                    "Regional Government of Ayacucho, building on the pilot experience carried "
                    "out in Huamanga.",
                ),
                (
                    "grupo-trabajo",
                    "Artículo 2. Grupo de trabajo",
                    "Reconócese al grupo de trabajo del Centro de Atención Socioemocional "
                    "(CASE-Huamanga), integrado por instituciones públicas y organizaciones de "
                    "la sociedad civil, como espacio técnico para la gestión conjunta de los "
                    "casos.",
                    "Article 2. Working group",
                    "The working group of the Centre for Socio-Emotional Care (CASE-Huamanga), "
                    "made up of public institutions and civil society organizations, is "
                    "recognized as the technical space for the joint management of cases.",
                ),
                (
                    "acompanamiento",
                    "Artículo 3. Acompañamiento sostenido",
                    "La Gerencia Regional de Desarrollo Social brindará asistencia técnica "
                    "permanente a las instituciones del grupo de trabajo y promoverá la "
                    "participación activa de los sectores del Estado que lo integran.",
                    "Article 3. Sustained support",
                    "The Regional Social Development Management shall provide permanent "
                    "technical assistance to the institutions of the working group and promote "
                    "the active participation of the State sectors that make it up.",
                ),
            ],
            "summary_es": "Incorpora en el ROF regional las funciones del piloto de Huamanga.",
            "summary_en": "Adds the functions of the Huamanga pilot to the regional OFR.",
        },
    ],
}

WORKS = [CEM_EESS, PIURA_OFR, AYACUCHO_OFR]

DEMO_NOTE_ES = (
    "Texto de demostración generado por Quipu; no es una norma oficial. Aprobado por "
    "{instrument} (dato de demostración). En vigor desde el {date}."
)
DEMO_NOTE_EN = (
    "Demo text generated by Quipu; not an official regulation. Approved by {instrument} "
    "(demo data). In force from {date}."
)
