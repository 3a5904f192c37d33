"""The demo's words, in Spanish and English.

Captions are the programme's own, kept as written (including its accent slips, which search
must forgive). Lessons come from the programme's lessons-learned report; the Spanish text is
Quipu's translation. Anything invented for the demo says so where it is shown.
"""

PROGRAMME = {
    "name_es": "Programa Conjunto «Servicios esenciales para mujeres y niñas sometidas a violencia»",
    "name_en": "Joint Programme “Essential services for women and girls subject to violence”",
    "description_es": (
        "Programa del Sistema de Naciones Unidas con el Estado peruano para fortalecer la "
        "respuesta pública multisectorial frente a la violencia basada en género (VBG)."
    ),
    "description_en": (
        "A United Nations System programme with the Peruvian State to strengthen the "
        "multisectoral public response to gender-based violence (GBV)."
    ),
    "partners_es": (
        "Ministerio de la Mujer y Poblaciones Vulnerables, Ministerio de Salud, Sistema de "
        "Naciones Unidas en el Perú, Gobiernos Regionales de Piura y Ayacucho"
    ),
    "partners_en": (
        "Ministry of Women and Vulnerable Populations, Ministry of Health, United Nations "
        "System in Peru, Regional Governments of Piura and Ayacucho"
    ),
    "contact_email": "quipu@example.org",
}

SECTORS = [
    ("salud", "Salud", "Health"),
    ("justicia", "Justicia", "Justice"),
    ("mujer", "Mujer y poblaciones vulnerables", "Women and vulnerable populations"),
    ("educacion", "Educación", "Education"),
    ("interior", "Interior (Policía Nacional)", "Interior (National Police)"),
    ("gobierno-regional", "Gobierno regional", "Regional government"),
    ("sociedad-civil", "Sociedad civil", "Civil society"),
    ("cooperacion", "Cooperación internacional", "International cooperation"),
]

# (slug, UBIGEO, Spanish, English): Peru's 24 departments and the Constitutional Province.
REGIONS = [
    ("amazonas", "01", "Amazonas", "Amazonas"),
    ("ancash", "02", "Áncash", "Ancash"),
    ("apurimac", "03", "Apurímac", "Apurimac"),
    ("arequipa", "04", "Arequipa", "Arequipa"),
    ("ayacucho", "05", "Ayacucho", "Ayacucho"),
    ("cajamarca", "06", "Cajamarca", "Cajamarca"),
    ("callao", "07", "Callao", "Callao"),
    ("cusco", "08", "Cusco", "Cusco"),
    ("huancavelica", "09", "Huancavelica", "Huancavelica"),
    ("huanuco", "10", "Huánuco", "Huanuco"),
    ("ica", "11", "Ica", "Ica"),
    ("junin", "12", "Junín", "Junín"),
    ("la-libertad", "13", "La Libertad", "La Libertad"),
    ("lambayeque", "14", "Lambayeque", "Lambayeque"),
    ("lima", "15", "Lima", "Lima"),
    ("loreto", "16", "Loreto", "Loreto"),
    ("madre-de-dios", "17", "Madre de Dios", "Madre de Dios"),
    ("moquegua", "18", "Moquegua", "Moquegua"),
    ("pasco", "19", "Pasco", "Pasco"),
    ("piura", "20", "Piura", "Piura"),
    ("puno", "21", "Puno", "Puno"),
    ("san-martin", "22", "San Martín", "San Martin"),
    ("tacna", "23", "Tacna", "Tacna"),
    ("tumbes", "24", "Tumbes", "Tumbes"),
    ("ucayali", "25", "Ucayali", "Ucayali"),
]

# (slug, acronym es, acronym en, name es, name en, sector slug)
INSTITUTIONS = [
    (
        "mimp",
        "MIMP",
        "MIMP",
        "Ministerio de la Mujer y Poblaciones Vulnerables",
        "Ministry of Women and Vulnerable Populations",
        "mujer",
    ),
    ("minsa", "MINSA", "MINSA", "Ministerio de Salud", "Ministry of Health", "salud"),
    (
        "minjus",
        "MINJUSDH",
        "MINJUSDH",
        "Ministerio de Justicia y Derechos Humanos",
        "Ministry of Justice and Human Rights",
        "justicia",
    ),
    (
        "ministerio-publico",
        "MP",
        "PPO",
        "Ministerio Público - Fiscalía de la Nación",
        "Public Prosecutor's Office",
        "justicia",
    ),
    ("poder-judicial", "PJ", "PJ", "Poder Judicial", "Judiciary", "justicia"),
    ("minedu", "MINEDU", "MINEDU", "Ministerio de Educación", "Ministry of Education", "educacion"),
    (
        "gore-piura",
        "GORE Piura",
        "GORE Piura",
        "Gobierno Regional de Piura",
        "Regional Government of Piura",
        "gobierno-regional",
    ),
    (
        "gore-ayacucho",
        "GORE Ayacucho",
        "GORE Ayacucho",
        "Gobierno Regional de Ayacucho",
        "Regional Government of Ayacucho",
        "gobierno-regional",
    ),
    (
        "snu",
        "SNU",
        "UN",
        "Sistema de Naciones Unidas en el Perú",
        "United Nations System in Peru",
        "cooperacion",
    ),
]

TOPICS = [
    ("prevencion", "Prevención de la violencia", "Violence prevention"),
    ("atencion", "Atención a sobrevivientes", "Care for survivors"),
    ("feminicidio", "Feminicidio", "Femicide"),
    ("capacitacion", "Capacitación de operadores", "Training of operators"),
    ("coordinacion", "Coordinación intersectorial", "Intersectoral coordination"),
    ("institucionalizacion", "Institucionalización", "Institutionalization"),
    ("informacion", "Información estratégica", "Strategic information"),
    ("escuelas", "Escuelas seguras", "Safe schools"),
]

# slug, term es, term en, expansion es, expansion en, definition es, definition en,
# other names es, other names en
GLOSSARY = [
    (
        "cem",
        "CEM",
        "CEM",
        "Centro Emergencia Mujer",
        "Women's Emergency Centre",
        "Servicio público especializado y gratuito del MIMP que brinda atención integral a "
        "víctimas de violencia familiar y sexual.",
        "Free specialized public service of the MIMP that provides comprehensive care to victims "
        "of family and sexual violence.",
        "Centros Emergencia Mujer, Centro de Emergencia Mujer",
        "Women's Emergency Center, Women's Emergency Centers",
    ),
    (
        "eess",
        "EESS",
        "HF",
        "Establecimientos de salud",
        "Health facilities",
        "Hospitales, centros y puestos de salud donde se detectan y atienden casos de violencia.",
        "Hospitals, health centres and health posts where cases of violence are detected and "
        "cared for.",
        "ESS, establecimiento de salud",
        "healthcare institutions, health facility, SSE",
    ),
    (
        "vbg",
        "VBG",
        "GBV",
        "Violencia basada en género",
        "Gender-based violence",
        "Violencia ejercida contra una persona por razón de su género, que afecta "
        "desproporcionadamente a mujeres y niñas.",
        "Violence directed against a person because of their gender, which disproportionately "
        "affects women and girls.",
        "violencia de género, VGB",
        "gender violence",
    ),
    (
        "rof",
        "ROF",
        "OFR",
        "Reglamento de Organización y Funciones",
        "Organization and Functions Regulations",
        "Instrumento de gestión que establece la estructura orgánica y las funciones de una "
        "entidad pública; incorporar un piloto en el ROF lo vuelve institucional.",
        "Management instrument that sets out the structure and functions of a public entity; "
        "writing a pilot into the OFR makes it institutional.",
        "",
        "ROF",
    ),
    (
        "mimp",
        "MIMP",
        "MIMP",
        "Ministerio de la Mujer y Poblaciones Vulnerables",
        "Ministry of Women and Vulnerable Populations",
        "Ente rector de las políticas nacionales para prevenir y erradicar la violencia contra "
        "las mujeres.",
        "Governing body for national policies to prevent and eradicate violence against women.",
        "Ministerio de la Mujer",
        "Ministry of Women, Ministry for Women and Vulnerable Populations",
    ),
    (
        "minsa",
        "MINSA",
        "MINSA",
        "Ministerio de Salud",
        "Ministry of Health",
        "Ente rector del sector salud, responsable de los establecimientos de salud.",
        "Governing body of the health sector, responsible for health facilities.",
        "",
        "",
    ),
    (
        "case",
        "CASE",
        "CASE",
        "Centro de Atención Socioemocional",
        "Centre for Socio-Emotional Care",
        "Servicio de atención socioemocional; en Huamanga cuenta con un grupo de trabajo "
        "interinstitucional.",
        "Socio-emotional care service; in Huamanga it has an inter-institutional working group.",
        "Centro de Atenciòn Socioemocional",
        "Center for Socio-Emotional Care",
    ),
    (
        "osc",
        "OSC",
        "CSO",
        "Organizaciones de la sociedad civil",
        "Civil society organizations",
        "Organizaciones sin fines de lucro que participan en la prevención y la vigilancia.",
        "Non-profit organizations that take part in prevention and oversight.",
        "",
        "civil society organizations",
    ),
    (
        "mji",
        "MJI",
        "IJM",
        "Módulo de Justicia Integrado",
        "Integrated Justice Module",
        "Sede que reúne a fiscalía, juzgados y medicina legal para atender casos de violencia "
        "contra las mujeres.",
        "Facility that brings together prosecutors, courts and forensic medicine to handle cases "
        "of violence against women.",
        "Módulo de Justicia Integrado sobre VGB",
        "Section on Integrated Justice",
    ),
    (
        "snu",
        "SNU",
        "UN",
        "Sistema de Naciones Unidas",
        "United Nations System",
        "Conjunto de agencias de Naciones Unidas que acompañan al Estado peruano.",
        "The United Nations agencies that work alongside the Peruvian State.",
        "Naciones Unidas, ONU",
        "United Nations",
    ),
    (
        "feminicidio",
        "Feminicidio",
        "Femicide",
        "Asesinato de una mujer por su condición de tal",
        "Killing of a woman because she is a woman",
        "Delito tipificado en el Código Penal peruano; los cursos formativos del Programa "
        "Conjunto enseñan a investigarlo y juzgarlo con enfoque de género.",
        "A crime under Peru's Criminal Code; the Joint Programme's training courses teach how "
        "to investigate and try it with a gender approach.",
        "femicidio",
        "feminicide",
    ),
    (
        "sobreviviente",
        "Sobreviviente",
        "Survivor",
        "Persona que vivió violencia basada en género",
        "Person who has lived through gender-based violence",
        "Término que reconoce la capacidad de actuar de quien vivió violencia; los protocolos "
        "la llaman también víctima o persona usuaria.",
        "A term that recognizes the agency of a person who lived through violence; protocols "
        "also call them victim or service user.",
        "víctima",
        "victim",
    ),
    (
        "referencia-contrarreferencia",
        "Referencia y contrarreferencia",
        "Referral and counter-referral",
        "Derivación de un caso a otro servicio y su retorno con lo actuado",
        "Sending a case to another service and its return with what was done",
        "Flujo por el que un establecimiento de salud deriva un caso al CEM y el CEM devuelve "
        "a la persona para su atención en salud, informando de las medidas adoptadas.",
        "The flow by which a health facility refers a case to the CEM and the CEM refers the "
        "person back for health care, reporting the measures taken.",
        "derivación de casos",
        "case referral",
    ),
    (
        "simulacion-de-casos",
        "Simulación de casos",
        "Case simulation",
        "Metodología de capacitación con casos simulados",
        "Training methodology using simulated cases",
        "Los participantes resuelven un caso simulado de principio a fin, cada uno en su rol, "
        "y reciben retroalimentación; es la metodología de los cursos del Programa Conjunto.",
        "Participants work through a simulated case from start to finish, each in their role, "
        "and receive feedback; it is the methodology of the Joint Programme's courses.",
        "casos simulados, caso simulado",
        "simulated cases, simulated case",
    ),
    (
        "minjusdh",
        "MINJUSDH",
        "MINJUSDH",
        "Ministerio de Justicia y Derechos Humanos",
        "Ministry of Justice and Human Rights",
        "Sector responsable de la política de justicia y de la defensa pública.",
        "The sector responsible for justice policy and public defence.",
        "MINJUS",
        "",
    ),
    (
        "mp",
        "MP",
        "PPO",
        "Ministerio Público - Fiscalía de la Nación",
        "Public Prosecutor's Office",
        "Institución autónoma que conduce la investigación del delito; sus fiscales "
        "participan en los cursos sobre feminicidio.",
        "The autonomous institution that leads criminal investigations; its prosecutors take "
        "part in the femicide courses.",
        "Fiscalía de la Nación, Fiscalía",
        "Prosecutor's Office",
    ),
    (
        "pj",
        "PJ",
        "PJ",
        "Poder Judicial",
        "Judiciary",
        "Poder del Estado que juzga; sus jueces participan en los cursos sobre feminicidio.",
        "The branch of the State that tries cases; its judges take part in the femicide courses.",
        "",
        "judicial branch",
    ),
    (
        "pnp",
        "PNP",
        "PNP",
        "Policía Nacional del Perú",
        "Peruvian National Police",
        "Recibe denuncias de violencia e investiga con la fiscalía; su personal participa en "
        "los cursos sobre feminicidio.",
        "Receives reports of violence and investigates with prosecutors; its staff take part "
        "in the femicide courses.",
        "Policía Nacional",
        "National Police",
    ),
    (
        "minedu",
        "MINEDU",
        "MINEDU",
        "Ministerio de Educación",
        "Ministry of Education",
        "Ente rector del sector educación, responsable de que las escuelas sean seguras y "
        "libres de violencia.",
        "Governing body of the education sector, responsible for making schools safe and free "
        "from violence.",
        "",
        "",
    ),
    (
        "gore",
        "GORE",
        "GORE",
        "Gobierno Regional",
        "Regional Government",
        "Gobierno de cada región del Perú; los de Piura y Ayacucho incorporaron los pilotos "
        "en su ROF.",
        "The government of each of Peru's regions; those of Piura and Ayacucho wrote the "
        "pilots into their OFR.",
        "Gobiernos Regionales",
        "Regional Governments",
    ),
    (
        "diresa",
        "DIRESA",
        "DIRESA",
        "Dirección Regional de Salud",
        "Regional Health Directorate",
        "Órgano del gobierno regional que dirige los establecimientos de salud de la región.",
        "The regional government's body that runs the region's health facilities.",
        "",
        "",
    ),
    (
        "grds",
        "GRDS",
        "GRDS",
        "Gerencia Regional de Desarrollo Social",
        "Regional Social Development Management",
        "Órgano del gobierno regional a cargo de articular la respuesta multisectorial frente "
        "a la VBG según los ROF de Piura y Ayacucho.",
        "The regional government's body in charge of coordinating the multisectoral response "
        "to GBV under the Piura and Ayacucho OFRs.",
        "",
        "",
    ),
    (
        "instancia-regional-concertacion",
        "Instancia Regional de Concertación",
        "Regional Coordination Body",
        "Instancia regional para erradicar la violencia contra las mujeres y los integrantes "
        "del grupo familiar",
        "Regional body for the eradication of violence against women and members of the "
        "family group",
        "Espacio del gobierno regional, las instituciones del Estado y la sociedad civil que "
        "aprueba cada año un plan de trabajo contra la violencia.",
        "A forum of the regional government, State institutions and civil society that "
        "approves a yearly work plan against violence.",
        "",
        "",
    ),
]

# The programme's photo captions, exactly as written in the source, with the place and year
# each illustration shows.
CAPTIONS = [
    (
        "huancayo-2018",
        "Curso formativo sobre procesamiento de casos de feminicidio (Huancayo 2018)",
        "Training course on processing cases of femicide (Huancayo 2018)",
        "junin",
        2018,
    ),
    (
        "lima-2019-representantes",
        "Representantes del Ministerio de la Mujer y del Sistema de Naciones Unidas en Foro "
        "Público (Lima 2019)",
        "Representatives of the Ministry of Women and the United Nations System in Public Forum "
        "(Lima 2019)",
        "lima",
        2019,
    ),
    (
        "ayacucho-2019-taller",
        "Taller Regional “ Capacitaciòn de operadores/as en el marco del Protocolo CEM-EESS "
        "(Ayacucho, 2019)",
        "Regional Workshop “Training of operators within the framework of the CEM- Healthcare "
        "Institutions Protocol” (Ayacucho, 2019)",
        "ayacucho",
        2019,
    ),
    (
        "la-libertad-2018",
        "Taller para personal del Módulo de Justicia Integrado sobre VGB (La Libertad, 2018)",
        "Workshop for the staff of the Section on Integrated Justice on GBV (La Libertad, 2018)",
        "la-libertad",
        2018,
    ),
    (
        "si-se-ve-2017",
        "Presentación de Informe “Escuelas seguras y libres de violencia” - “Si se Ve” (2017).",
        "Presentation of the Report “Safe and violence-free schools” - “Si se Ve” (2017)",
        "lima",
        2017,
    ),
    (
        "lima-2019-foro",
        "Foro Público “ Fortaleciendo la respuesta pública multisectorial frente a la VBG” "
        "(Lima, 2019).",
        "Public Forum “Strengthening the multisectoral public response to GBV” (Lima, 2019)",
        "lima",
        2019,
    ),
    (
        "arequipa-2018",
        "Curso formativo para procesamiento de casos de feminicidio (Arequipa, 2018)",
        "Training course for processing cases of femicide (Arequipa, 2018)",
        "arequipa",
        2018,
    ),
    (
        "case-huamanga",
        "Reunión de trabajo del Grupo de trabajo del Centro de Atenciòn Socioemocional "
        "(CASE-Huamanga)",
        "Working meeting of the Working Group of the Centre for Socio-Emotional Care "
        "(CASE-Huamanga)",
        "ayacucho",
        2019,
    ),
    (
        "ayacucho-2019-inauguracion",
        "Inaguraciòn del Taller Regional sobre Protocolo CEM-ESS con representantes de MInisterio "
        "de Salud, Ministerio de la Mujer y Poblaciones Vulnerables, Gobierno Regional de "
        "Ayacucho (Ayacucho, 2019)",
        "Inauguration of the Regional Workshop on the CEM-SSE Protocol with representatives of "
        "the Ministry of Health, Ministry of Women and Vulnerable Populations, Regional "
        "Government of Ayacucho (Ayacucho, 2019)",
        "ayacucho",
        2019,
    ),
]

ILLUSTRATION_CREDIT_ES = "Ilustración generada para la demostración de Quipu (no es una fotografía)"
ILLUSTRATION_CREDIT_EN = "Illustration generated for the Quipu demo (not a photograph)"

INTRO_ES = (
    "Durante la implementación del Programa Conjunto «Servicios esenciales para mujeres y "
    "niñas sometidas a violencia» en el Perú se identificaron las siguientes lecciones "
    "aprendidas en el proceso de promover e implementar estrategias multisectoriales para la "
    "prevención y atención de la violencia basada en género:"
)
INTRO_EN = (
    "During the implementation of the Joint Programme “Essential services for women and girls "
    "subject to violence” in Peru, the following lessons learned were identified in the "
    "process of promoting and implementing multisectoral strategies for the prevention and "
    "care of gender-based violence:"
)

# (slug, Spanish, English). The English is the programme's; the Spanish is Quipu's translation.
LESSONS = [
    (
        "enfoque-multisectorial",
        "El abordaje multisectorial de la VBG desde un enfoque de género y de derechos humanos "
        "constituye una estrategia esencial para promover una respuesta pública integral e "
        "integrada frente a la VBG.",
        "The multisectoral approach to address GBV from a gender and human rights-based approach "
        "constitutes an essential strategy to promote a comprehensive and integrated public "
        "response to GBV.",
    ),
    (
        "rectoria-mimp",
        "Es necesario fortalecer el rol rector del Ministerio de la Mujer y Poblaciones "
        "Vulnerables para prevenir la VBG y mejorar los servicios para las sobrevivientes.",
        "Strengthening the leading role of the Ministry for Women and Vulnerable Populations is "
        "necessary in order to prevent GBV and improve services to survivors.",
    ),
    (
        "protocolos-actuacion-conjunta",
        "La aprobación de protocolos de actuación conjunta, como instrumentos básicos y "
        "estratégicos de coordinación intersectorial, consolida el marco normativo para abordar "
        "la VBG y contribuye a institucionalizar el abordaje integral de la violencia como "
        "estrategia esencial para atender los casos.",
        "The approval of joint action protocols as basic and strategic instruments for "
        "intersectoral coordination consolidate the normative framework to address GBV and "
        "contribute to institutionalizing the integrated approach to violence as an essential "
        "strategy to deal with cases of violence.",
    ),
    (
        "modulos-capacitacion",
        "La implementación de módulos de capacitación con enfoque de género y de derechos "
        "humanos —y en particular el uso de la metodología de simulación de casos— ha sido "
        "esencial para fortalecer las competencias técnicas de los operadores de salud y de "
        "justicia, así como de otros actores clave del abordaje multisectorial de la violencia "
        "basada en género.",
        "The implementation of training modules with a focus on gender and human rights - and "
        "particularly through the use of the case simulation methodology - has been essential in "
        "strengthening the technical competencies of health and justice operators, as well as "
        "other key actors in the multisector approach to gender-based violence.",
    ),
    (
        "informacion-estrategica",
        "La generación de información estratégica sobre la situación de la VBG en el Perú ha "
        "contribuido a visibilizar la agenda pendiente en la prevención y atención de la VBG.",
        "The generation of strategic information on the situation of GBV in Peru, has "
        "contributed to making visible the pending agenda in the prevention and attention of "
        "GBV.",
    ),
    (
        "espacios-intercambio",
        "La promoción de espacios de intercambio y gestión conjunta entre los actores clave de "
        "la respuesta pública multisectorial frente a la VBG —en particular entre el sector "
        "salud y los Centros Emergencia Mujer (CEM)— ha permitido institucionalizar la "
        "coordinación necesaria entre ambos sectores para garantizar justicia, protección y "
        "bienestar a las sobrevivientes de violencia basada en género, conforme a la normativa "
        "vigente.",
        "The promotion of spaces for exchange and joint management among the key actors of the "
        "multisectoral public response to GBV -particularly between the health sector and the "
        "Women's Emergency Centers (CEM) - has allowed institutionalizing the necessary "
        "coordination between both sectors to ensure justice, protection and well-being for "
        "survivors of gender-based violence, in accordance with current regulations.",
    ),
    (
        "capacitacion-conjunta-cem-eess",
        "El desarrollo de estrategias conjuntas de capacitación entre los equipos de los CEM y "
        "los establecimientos de salud permitió fortalecer los niveles de coordinación entre "
        "ambos sectores y la instalación de instancias institucionales de coordinación conjunta "
        "para mejorar la gestión de los casos de VBG.",
        "The development of joint training strategies between the CEMs teams and the health "
        "facilities made it possible to strengthen the levels of coordination between the two "
        "sectors, and the installation of institutional instances for joint coordination to "
        "improve the management of GBV cases.",
    ),
    (
        "institucionalizacion-pilotos",
        "La institucionalización de los pilotos multisectoriales para abordar la violencia "
        "basada en género desarrollados en Piura y Ayacucho, mediante su incorporación en "
        "instrumentos de gestión institucional (por ejemplo, el Reglamento de Organización y "
        "Funciones - ROF), ha sido una acción clave para asegurar su sostenibilidad y su "
        "aprobación por las contrapartes.",
        "The institutionalization of the multisectoral pilots to address gender-based violence "
        "developed in Piura and Ayacucho, through their incorporation into institutional "
        "management instruments (e.g. Organization and Functions Regulations - OFR) has been a "
        "key action to ensure their sustainability and approval by the partners.",
    ),
    (
        "grupos-de-trabajo",
        "La conformación de grupos de trabajo con participantes de distintas instituciones y "
        "OSC contribuyó a mejorar el nivel de coordinación entre los diferentes actores y la "
        "gestión conjunta de los casos.",
        "The establishment of working groups with participants from different institutions and "
        "CSOs contributed to improving the level of coordination amongst different actors and to "
        "the improved joint management of cases.",
    ),
    (
        "coordinacion-permanente",
        "Impulsar la coordinación intersectorial e intergubernamental es un proceso permanente. "
        "En ese sentido, los pilotos iniciados en Huamanga y Piura requieren un acompañamiento "
        "sostenido y la participación activa de los distintos sectores del Estado que los "
        "integran.",
        "Boosting the intersectoral and intergovernmental coordination is a permanent process. "
        "In this sense, the pilots started in Huamanga and Piura require sustained support and "
        "active participation from the different State sectors that make it up.",
    ),
]
