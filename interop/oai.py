"""OAI-PMH 2.0: the six verbs, their arguments and errors, and resumption tokens.

Pure protocol logic: `handle(arguments, catalogue, describer, ...)` turns the request's
arguments into an XML document; the view (interop/views.py) only adds HTTP.

Lists are ordered by (datestamp, record key). A resumption token carries the position of the
last record sent and the list's original bounds; the upper bound is fixed when the harvest
starts (`until`, or the moment of the first request), so items published or changed during a
harvest never shift the pages still to come: they are left for the next incremental harvest.
Tokens are signed, so a forged or damaged one is answered with badResumptionToken, and they
hold no server state, so they survive restarts and work on every app server.
"""

import datetime
import re

from django.conf import settings
from django.core import signing
from lxml import etree

from .records import all_sets, in_set, parse_key, set_specs, utc_second

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
RESUMPTION_SALT = "quipu.oai.resumption"

METADATA_FORMATS = {
    "oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS),
}

VERBS = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}

# XML 1.0 cannot carry these characters at all; they are dropped from any text sent.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_REPOSITORY_ID = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")


class OAIError(Exception):
    """An OAI-PMH error condition: answered with its code, never an HTTP error."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def clean_text(value):
    return _NOT_XML.sub("", str(value))


def format_datestamp(moment):
    return utc_second(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(value, name, upper):
    """(moment, granularity) of a `from`/`until` argument; a day covers all of it."""
    if _DAY.match(value):
        granularity = "day"
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise OAIError("badArgument", f"{name} is not a valid date: {value}") from None
        moment = datetime.datetime.combine(
            day, datetime.time.max if upper else datetime.time.min, tzinfo=datetime.UTC
        ).replace(microsecond=0)
        return moment, granularity
    if _SECOND.match(value):
        try:
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.UTC
            )
        except ValueError:
            raise OAIError("badArgument", f"{name} is not a valid datestamp: {value}") from None
        return moment, "second"
    raise OAIError(
        "badArgument",
        f"{name} must be a UTC date (YYYY-MM-DD) or datestamp (YYYY-MM-DDThh:mm:ssZ): {value}",
    )


def repository_identifier():
    """The namespace of this repository's OAI identifiers: a domain name it controls."""
    from urllib.parse import urlsplit

    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    return configured or urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def oai_identifier(key):
    return f"oai:{repository_identifier()}:{key}"


def key_from_identifier(identifier):
    prefix = f"oai:{repository_identifier()}:"
    if not identifier.startswith(prefix):
        return None
    key = identifier[len(prefix) :]
    return key if parse_key(key) else None


# Arguments ------------------------------------------------------------------------------


def read_arguments(query):
    """{name: value} from a QueryDict; an argument given twice is a badArgument."""
    arguments = {}
    for name, values in query.lists():
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument {name} is given more than once.")
        arguments[name] = values[0]
    return arguments


def check_arguments(arguments):
    """The verb, after checking its arguments are those the protocol allows."""
    verb = arguments.get("verb")
    if verb is None:
        raise OAIError("badVerb", "No verb was given.")
    if verb not in VERBS:
        raise OAIError("badVerb", f"{verb} is not an OAI-PMH verb.")
    required, optional, exclusive = VERBS[verb]
    given = set(arguments) - {"verb"}
    allowed = required | optional | ({exclusive} if exclusive else set())
    unknown = sorted(given - allowed)
    if unknown:
        raise OAIError("badArgument", f"{verb} does not take {', '.join(unknown)}.")
    if exclusive and exclusive in given:
        if given != {exclusive}:
            raise OAIError(
                "badArgument", f"{exclusive} is an exclusive argument: give it with the verb only."
            )
        return verb
    missing = sorted(required - given)
    if missing:
        raise OAIError("badArgument", f"{verb} needs {', '.join(missing)}.")
    return verb


# Resumption tokens ----------------------------------------------------------------------


def make_token(state):
    return signing.dumps(state, salt=RESUMPTION_SALT, compress=True)


def read_token(token, verb):
    try:
        state = signing.loads(token, salt=RESUMPTION_SALT)
    except signing.BadSignature:
        raise OAIError("badResumptionToken", "The resumption token is not valid.") from None
    if not isinstance(state, dict) or state.get("verb") != verb:
        raise OAIError("badResumptionToken", "The resumption token is not for this verb.")
    return state


# XML --------------------------------------------------------------------------------------


def _element(parent, tag, text=None, **attributes):
    node = etree.SubElement(parent, tag, {k: clean_text(v) for k, v in attributes.items()})
    if text is not None:
        node.text = clean_text(text)
    return node


def _oai(tag):
    return f"{{{OAI_NS}}}{tag}"


def envelope(base_url, now, arguments=None):
    root = etree.Element(_oai("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    _element(root, _oai("responseDate"), format_datestamp(now))
    # The request's arguments are echoed only when they were valid (OAI-PMH 3.2).
    _element(root, _oai("request"), base_url, **(arguments or {}))
    return root


def serialize(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class Repository:
    """Answers one OAI-PMH request against a catalogue of records."""

    page_size = 100

    def __init__(self, catalogue, describer, base_url, identify):
        self.catalogue = catalogue
        self.describer = describer
        self.base_url = base_url
        self.identify_info = identify
        self.page_size = getattr(settings, "OAI_PAGE_SIZE", self.page_size)

    def respond(self, query):
        """The XML bytes of the answer to this request's arguments (a QueryDict)."""
        now = self.catalogue.now
        try:
            arguments = read_arguments(query)
            verb = check_arguments(arguments)
        except OAIError as error:
            root = envelope(self.base_url, now)
            _element(root, _oai("error"), error.message, code=error.code)
            return serialize(root)
        root = envelope(self.base_url, now, arguments)
        try:
            getattr(self, f"verb_{verb}")(root, arguments)
        except OAIError as error:
            for child in list(root)[2:]:
                root.remove(child)
            if error.code == "badArgument":
                request_node = root[1]
                for name in list(request_node.attrib):
                    del request_node.attrib[name]
            _element(root, _oai("error"), error.message, code=error.code)
        return serialize(root)

    # Identify and the lists without records --------------------------------------------

    def verb_Identify(self, root, arguments):
        info = self.identify_info
        node = _element(root, _oai("Identify"))
        _element(node, _oai("repositoryName"), info["name"])
        _element(node, _oai("baseURL"), self.base_url)
        _element(node, _oai("protocolVersion"), "2.0")
        for email in info["admin_emails"]:
            _element(node, _oai("adminEmail"), email)
        _element(
            node, _oai("earliestDatestamp"), format_datestamp(self.catalogue.earliest_datestamp())
        )
        _element(node, _oai("deletedRecord"), "persistent")
        _element(node, _oai("granularity"), GRANULARITY)
        identifier = repository_identifier()
        if _REPOSITORY_ID.match(identifier):
            description = _element(node, _oai("description"))
            oai_id = etree.SubElement(
                description, f"{{{IDENTIFIER_NS}}}oai-identifier", nsmap={None: IDENTIFIER_NS}
            )
            oai_id.set(f"{{{XSI_NS}}}schemaLocation", f"{IDENTIFIER_NS} {IDENTIFIER_SCHEMA}")
            for tag, text in (
                ("scheme", "oai"),
                ("repositoryIdentifier", identifier),
                ("delimiter", ":"),
                ("sampleIdentifier", oai_identifier("page/1")),
            ):
                _element(oai_id, f"{{{IDENTIFIER_NS}}}{tag}", text)

    def verb_ListMetadataFormats(self, root, arguments):
        if "identifier" in arguments:
            self.find(arguments["identifier"])
        node = _element(root, _oai("ListMetadataFormats"))
        for prefix, (schema, namespace) in METADATA_FORMATS.items():
            format_node = _element(node, _oai("metadataFormat"))
            _element(format_node, _oai("metadataPrefix"), prefix)
            _element(format_node, _oai("schema"), schema)
            _element(format_node, _oai("metadataNamespace"), namespace)

    def verb_ListSets(self, root, arguments):
        if "resumptionToken" in arguments:
            # Every set is sent in one response, so no token was ever handed out.
            raise OAIError("badResumptionToken", "This repository sends all its sets at once.")
        node = _element(root, _oai("ListSets"))
        for spec, name in all_sets():
            set_node = _element(node, _oai("set"))
            _element(set_node, _oai("setSpec"), spec)
            _element(set_node, _oai("setName"), str(name))

    # Records ---------------------------------------------------------------------------

    def find(self, identifier):
        key = key_from_identifier(identifier)
        record = self.catalogue.find(key) if key else None
        if record is None:
            raise OAIError("idDoesNotExist", f"No item has the identifier {identifier}.")
        return record

    def check_prefix(self, prefix):
        if prefix not in METADATA_FORMATS:
            raise OAIError(
                "cannotDisseminateFormat",
                f"{prefix} is not a metadata format of this repository (try oai_dc).",
            )

    def verb_GetRecord(self, root, arguments):
        self.check_prefix(arguments["metadataPrefix"])
        record = self.find(arguments["identifier"])
        items = self.catalogue.items([record])
        node = _element(root, _oai("GetRecord"))
        self.add_record(node, record, items.get(record.key))

    def verb_ListIdentifiers(self, root, arguments):
        records, token = self.page(arguments, "ListIdentifiers")
        node = _element(root, _oai("ListIdentifiers"))
        for record in records:
            self.add_header(node, record)
        self.add_token(node, token)

    def verb_ListRecords(self, root, arguments):
        records, token = self.page(arguments, "ListRecords")
        items = self.catalogue.items(records)
        self.describer.preload(items.values())
        node = _element(root, _oai("ListRecords"))
        for record in records:
            self.add_record(node, record, items.get(record.key))
        self.add_token(node, token)

    def list_state(self, arguments, verb):
        """The list's bounds and position, from the arguments or the resumption token."""
        if "resumptionToken" in arguments:
            return read_token(arguments["resumptionToken"], verb)
        self.check_prefix(arguments["metadataPrefix"])
        lower = upper = None
        granularities = set()
        if "from" in arguments:
            lower, granularity = parse_datestamp(arguments["from"], "from", upper=False)
            granularities.add(granularity)
        if "until" in arguments:
            upper, granularity = parse_datestamp(arguments["until"], "until", upper=True)
            granularities.add(granularity)
        if len(granularities) > 1:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if lower and upper and lower > upper:
            raise OAIError("badArgument", "from is later than until.")
        spec = arguments.get("set")
        if spec is not None and spec not in set_specs():
            raise OAIError("badArgument", f"There is no set {spec} (ListSets shows them).")
        if upper is None or upper > utc_second(self.catalogue.now):
            # The harvest sees the repository as it is now, whatever is published meanwhile.
            upper = utc_second(self.catalogue.now)
        return {
            "verb": verb,
            "prefix": arguments["metadataPrefix"],
            "set": spec,
            "from": format_datestamp(lower) if lower else None,
            "until": format_datestamp(upper),
            "after": None,
            "cursor": 0,
        }

    def page(self, arguments, verb):
        state = self.list_state(arguments, verb)
        self.check_prefix(state["prefix"])
        lower = parse_datestamp(state["from"], "from", False)[0] if state["from"] else None
        upper = parse_datestamp(state["until"], "until", True)[0]
        matching = [
            record
            for record in self.catalogue.records()
            if (lower is None or record.datestamp >= lower)
            and record.datestamp <= upper
            and (state["set"] is None or in_set(record.sets, state["set"]))
        ]
        if not matching:
            raise OAIError("noRecordsMatch", "No records match these arguments.")
        after = state["after"]
        if after is not None:
            position = (parse_datestamp(after[0], "after", False)[0], after[1])
            remaining = [record for record in matching if record.sort_key > position]
        else:
            remaining = matching
        records = remaining[: self.page_size]
        cursor = state["cursor"]
        if len(remaining) > self.page_size:
            last = records[-1]
            next_state = {
                **state,
                "after": [format_datestamp(last.datestamp), last.key],
                "cursor": cursor + len(records),
            }
            token = (make_token(next_state), len(matching), cursor)
        elif "resumptionToken" in arguments:
            # The last part of a list: an empty token says the list is complete.
            token = ("", len(matching), cursor)
        else:
            token = None
        return records, token

    def add_token(self, node, token):
        if token is None:
            return
        value, size, cursor = token
        element = _element(
            node,
            _oai("resumptionToken"),
            completeListSize=str(size),
            cursor=str(cursor),
        )
        element.text = value or None

    def add_header(self, parent, record):
        attributes = {"status": "deleted"} if record.deleted else {}
        header = _element(parent, _oai("header"), **attributes)
        _element(header, _oai("identifier"), oai_identifier(record.key))
        _element(header, _oai("datestamp"), format_datestamp(record.datestamp))
        for spec in record.sets:
            _element(header, _oai("setSpec"), spec)

    def add_record(self, parent, record, item):
        node = _element(parent, _oai("record"))
        if item is None and not record.deleted:
            # Public a moment ago and gone now: said as a deleted record, not an error.
            record.deleted_sets = tuple(record.sets)
            record.deleted = True
        self.add_header(node, record)
        if record.deleted:
            return
        metadata = _element(node, _oai("metadata"))
        dc = etree.SubElement(
            metadata, f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS}
        )
        dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
        for term in self.describer.describe(record, item):
            attributes = {f"{{{XML_NS}}}lang": term.language} if term.language else {}
            _element(dc, f"{{{DC_NS}}}{term.element}", term.value, **attributes)
